"""The agency's colour: whether white text reads on it (WCAG contrast), and the site's CSS made from it.

Pure: the settings give the colour (`extra.cchc.agency.color`, src/cchc/content/settings.py); the build writes the CSS
(urls.AGENCY_CSS) so that the colour set in mkdocs.yml reaches every page without an inline style, which
the site's Content-Security-Policy forbids.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for text: white on the colour (header, tabs) and the colour on white (links)


def _channels(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _luminance(color: str) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = map(linear, _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(color: str) -> float:
    """WCAG contrast ratio of white against `color` (#rrggbb): 1 to 21."""
    return 1.05 / (_luminance(color) + 0.05)


def color_problem(value: str) -> str | None:
    """What is wrong with a primary colour (None: fine): it must be #rrggbb and dark enough for white text."""
    if not _HEX.fullmatch(value):
        return "phải là mã màu dạng #rrggbb, ví dụ #0b4a8b"
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        shown = f"{ratio:.1f}".replace(".", ",")
        return f"quá sáng: chữ trắng trên màu này chỉ đạt độ tương phản {shown}:1, cần ít nhất 4,5:1 (chọn màu đậm hơn)"
    return None


def _mix(color: str, other: str, share: float) -> str:
    """`color` with `share` of `other` mixed in."""
    mixed = (round(a * (1 - share) + b * share) for a, b in zip(_channels(color), _channels(other), strict=True))
    return "#" + "".join(f"{value:02x}" for value in mixed)


def agency_css(color: str) -> bytes:
    """Material's colour variables from the agency's primary colour: header, tabs, links, buttons.

    The darker shade (hover, the search button) keeps the contrast; the light one is only a background."""
    dark = _mix(color, "#000000", 0.25)
    return (
        "/* Màu của cơ quan, từ extra.cchc.agency.color trong mkdocs.yml (tệp do lần xây dựng tạo ra). */\n"
        ":root {\n"
        f"  --md-primary-fg-color: {color};\n"
        f"  --md-primary-fg-color--light: {_mix(color, '#ffffff', 0.85)};\n"
        f"  --md-primary-fg-color--dark: {dark};\n"
        f"  --md-accent-fg-color: {dark};\n"
        "  --md-accent-fg-color--transparent: rgba(0, 0, 0, .07);\n"
        f"  --md-typeset-a-color: {color};\n"
        "}\n"
    ).encode()
