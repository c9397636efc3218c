"""The `cchc` command as staff run it (a subprocess in a project folder, with the injected clock), and a
post written into a project as a file with YAML front matter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from support import FIXED_NOW


def cchc(root: Path, *args: str, now: str = FIXED_NOW) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({"CCHC_NOW": now, "PYTHONIOENCODING": "utf-8"})
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def write(root: Path, relative: str, front: dict[str, object], body: str = "") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
                    + (body or "Nội dung.\n"), encoding="utf-8")
