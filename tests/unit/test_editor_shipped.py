"""The editor's copy of Decap CMS (src/cchc/editor/decap/) is exactly what its record says: the pinned
version's files, each with its recorded digest, no file more or less, and the licence notice with them.
That the record is the npm package itself: tests/system/test_editor_package.py."""

from __future__ import annotations

import hashlib
import json

from support import REPO

EDITOR = REPO / "src" / "cchc" / "editor"
RECORD = json.loads((EDITOR / "decap.json").read_text(encoding="utf-8"))


def test_the_shipped_files_are_the_recorded_ones() -> None:
    shipped = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (EDITOR / "decap").iterdir()}
    assert shipped == RECORD["files"]


def test_the_record_names_a_pinned_version_and_its_licence() -> None:
    assert RECORD["package"] == "decap-cms" and RECORD["version"] == "3.16.3" and RECORD["license"] == "MIT"
    assert RECORD["integrity"].startswith("sha512-")
    assert "decap-cms.js" in RECORD["files"] and "decap-cms.js.LICENSE.txt" in RECORD["files"]


def test_the_editor_page_loads_only_what_is_shipped() -> None:
    """The page names the shipped bundle and the project's two scripts, nothing from another address."""
    page = (EDITOR / "assets" / "index.html").read_text(encoding="utf-8")
    assert 'src="decap/decap-cms.js"' in page and "http" not in page.replace('http-equiv', '')
