"""`make publish` with the shipped mkdocs.yml: the go-live checklist (src/cchc/publish/checklist.py) refuses it
and nothing is published."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import FIXED_NOW, REPO


@pytest.fixture
def no_site_url() -> Iterator[dict[str, str]]:
    env = {key: value for key, value in os.environ.items() if key not in ("CCHC_SITE_URL", "SOURCE_DATE_EPOCH")}
    yield {**env, "CCHC_NOW": FIXED_NOW}


def test_make_publish_with_the_shipped_configuration_refuses(tmp_path: Path, no_site_url: dict[str, str]) -> None:
    dest = tmp_path / "cchc"
    # BIN: the virtual environment running the tests; -o: never reinstall it from here.
    done = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.runtime-installed", "publish", f"DEST={dest}",
                           f"BIN={Path(sys.executable).parent}"], cwd=REPO, env=no_site_url, capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=False)
    assert done.returncode != 0
    assert "✗ Chưa đặt địa chỉ trang (site_url)" in done.stderr
    assert "KHÔNG xuất bản: 6 mục" in done.stderr and "Traceback" not in done.stderr
    assert not dest.exists() and not (tmp_path / "cchc.releases").exists()
