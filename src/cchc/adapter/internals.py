"""Repairs to markup that Material writes outside any template block we could override."""

from __future__ import annotations

# Material's base.html gives its two menu checkboxes `autocomplete="off"` (to stop Firefox
# restoring an open drawer on "back"); HTML allows the attribute only on text-like inputs, so
# the Nu HTML Checker rejects every page. The exact tags are matched, so a Material update that
# changes them leaves the page as it is and the HTML-validity test shows it.
_TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">'
    for name in ("drawer", "search")
)


def drop_checkbox_autocomplete(html: str) -> str:
    for tag in _TOGGLES:
        html = html.replace(tag, tag.replace(' autocomplete="off"', ""))
    return html
