"""Make the site's Roboto files (overrides/assets/fonts/roboto-vi-*.woff2): one file per weight and style
holding every letter Vietnamese needs with its tone marks, Latin-1 and the usual punctuation, nothing else.

Why: a post page's first load must stay under 120 KB with fonts (huong-dan/noi-dung.md, "Hiệu năng").
Google's subsets split each weight into a Latin file (~22 KB) and a Vietnamese one (~8 KB), and a Vietnamese page always
needs both; one file with only these characters and no hinting instructions (which today's screens do
not use) is ~16 KB. No weight 300: headings use 400 and 700.

Not run by the build. Needs fontTools and brotli (not dependencies of the site), and the full Roboto
TTFs of Google Fonts (OFL 1.1, e.g. from the npm package @expo-google-fonts/roboto):

    python -m venv /tmp/fonts && /tmp/fonts/bin/pip install fonttools brotli
    /tmp/fonts/bin/python tools/subset-fonts.py DIR_OF_TTFS
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "overrides" / "assets" / "fonts"
# Also the @font-face unicode-range of overrides/assets/stylesheets/fonts.css.
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
            "U+0300-0303,U+0306,U+0309,U+031B,U+0323,U+1EA0-1EF9,U+2013-2014,U+2018-2019,U+201C-201D,U+2022,"
            "U+2026,U+203A,U+20AB,U+2190,U+2192")
FACES = {"400-normal": "Roboto_400Regular", "700-normal": "Roboto_700Bold",
         "400-italic": "Roboto_400Regular_Italic", "700-italic": "Roboto_700Bold_Italic"}


def main(source: Path) -> None:
    for face, name in FACES.items():
        ttf = next(source.rglob(f"{name}.ttf"))
        subprocess.run([sys.executable, "-m", "fontTools.subset", str(ttf), f"--unicodes={UNICODES}",
                        "--layout-features=kern,mark,mkmk,ccmp", "--no-hinting", "--flavor=woff2",
                        f"--output-file={OUT / f'roboto-vi-{face}.woff2'}"], check=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
