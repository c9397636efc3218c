"""The Content-Security-Policy of the shipped nginx server block (deploy/nginx/cchc.conf) against built
pages: it allows every inline script of the bundled site and of the repository's site published with the
real `cchc publish` into a DEST symlink, and `cchc csp-hashes --check` checks an nginx file against a
release. The server block on real nginx: tests/system/test_nginx.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.nginx import SHIPPED, publish_staging, shipped_policy
from support.project import BuildResult

from cchc.publish import csp

# --------------------------------------------------------------------------- the repository's site, published


@pytest.fixture(scope="module")
def dest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_staging(tmp_path_factory.mktemp("nginx-www"))


# --------------------------------------------------------------------------- the policy and the built pages


def test_shipped_csp_allows_every_inline_script_of_the_built_pages(bundled_site: BuildResult, dest: Path) -> None:
    """A template change that adds (or changes) an inline script fails here until the hash is shipped."""
    policy = shipped_policy()
    for site in (bundled_site.out, dest):
        code = csp.find_inline_code(site)
        scripts = [item for item in code if item.kind == "script"]
        assert any(item.text.startswith("__md_scope=new URL(") for item in scripts)  # the finder finds them
        blocked = csp.not_allowed(code, policy)
        assert not blocked, "\n".join(f"{item.page}: {item.kind} {item.source} {item.text[:80]!r}" for item in blocked)
        assert not [item for item in code if item.kind == "event-handler"]


def test_csp_hashes_command_checks_an_nginx_file(dest: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cchc.cli", "csp-hashes", *args], capture_output=True, text=True,
                              encoding="utf-8", timeout=60, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})

    ok = run(str(dest), "--check", str(SHIPPED))
    assert ok.returncode == 0, ok.stderr
    assert "'sha256-" in ok.stdout and 'add_header Content-Security-Policy "default-src \'self\';' in ok.stdout
    script = next(item for item in csp.find_inline_code(dest) if item.kind == "script")
    stale = tmp_path / "cu.conf"
    stale.write_text(SHIPPED.read_text(encoding="utf-8").replace(" " + script.source, ""), encoding="utf-8")
    blocked = run(str(dest), "--check", str(stale))
    assert blocked.returncode == 1 and f"thiếu {script.source} trong script-src" in blocked.stderr
    assert run(str(tmp_path / "khong-co")).returncode == 2
