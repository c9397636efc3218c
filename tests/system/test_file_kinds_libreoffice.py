"""The allow-list of files beside a post (cchc.content.file_kinds) accepts what real office software
writes, not only the hand-made files of tests/unit/test_file_kinds.py: a text saved by LibreOffice as
Word 97 (.doc, an OLE2 compound file whose directory the allow-list reads itself), Word (.docx),
OpenDocument (.odt) and PDF, each published under its own name and refused under another kind's."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cchc.content.file_kinds import kind_problem

FILTERS = {"doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML", "odt": "odt", "pdf": "pdf"}


def test_documents_saved_by_libreoffice_are_published_under_their_names(tmp_path: Path) -> None:
    source = tmp_path / "ke-hoach.txt"
    source.write_text("Kế hoạch cải cách hành chính năm 2022.\n", encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (.ci/run installs it)"
    for extension, target in FILTERS.items():
        done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
                               "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                              capture_output=True, text=True, timeout=600, check=False, env={**os.environ, "HOME": str(tmp_path)})
        assert done.returncode == 0 and (tmp_path / f"ke-hoach.{extension}").is_file(), done.stdout + done.stderr
    for extension in FILTERS:
        saved = tmp_path / f"ke-hoach.{extension}"
        assert kind_problem(saved) is None, (extension, kind_problem(saved))
        other = "xls" if extension != "pdf" else "png"
        renamed = saved.rename(tmp_path / f"doi-ten-{extension}.{other}")
        assert "nhưng nội dung" in (kind_problem(renamed) or ""), (extension, kind_problem(renamed))
