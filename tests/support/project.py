"""A site project as staff have it (plan/, content/posts/, docs/, a mkdocs.yml that INHERITs the
repository's), built with the real MkDocs command in a temporary folder; the settings of a content tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from cchc.content.settings import Settings, read_settings
from support import FIXED_NOW, REPO


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    out: Path

    def page(self, url: str) -> str:
        """The HTML of a site-relative directory URL such as `tin-tuc/`."""
        return (self.out / url / "index.html").read_text(encoding="utf-8")


# The shipped placeholders (mkdocs.yml) are refused by `cchc publish`; a project that publishes in a test
# uses this address and these contact details, which pass the go-live checklist (src/cchc/publish/checklist.py).
READY_SITE_URL = "https://sgddt.hungyen.gov.vn/cchc/"
# The address most tests build with: a sample one, so the pages and feeds carry the staging mark and the
# build writes no Word report (content.settings.official_url_problem), as a fresh clone's would.
SAMPLE_SITE_URL = "https://example.gov.vn/cchc/"
READY_AGENCY = {
    "name": "Sở Giáo dục và Đào tạo Hưng Yên", "address": "Số 1, phố Thử, tỉnh Hưng Yên", "phone": "0221 3555 555",
    "hotline": "0221 3555 556", "email": "vanphong@sgddt.hungyen.gov.vn", "person_in_charge": "Nguyễn Văn Thử",
    "sample": False, "logo": "assets/logo-so.svg",
}
# The portals of a Sở that went live (extra.cchc.portals): the shipped province and Sở portals are samples.
READY_PORTALS = {"province": "https://hungyen.gov.vn/", "department": "https://sgddt.hungyen.gov.vn/"}
READY_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle cx="24" cy="24" r="20" fill="#b71c1c"/></svg>\n'

SAMPLE_AGENCY = {
    "name": "Sở Giáo dục và Đào tạo Hưng Yên", "address": "Số 1, phố Thử, tỉnh Hưng Yên", "phone": "0221 3000 000",
    "hotline": "0221 3000 001", "email": "cchc@example.gov.vn", "person_in_charge": "Nguyễn Văn Thử",
}


def content_settings(root: Path, site_name: str = "Thử", site_url: str = SAMPLE_SITE_URL,
                     **options: object) -> Settings:
    """Settings of a content tree under `root`, through the real reader (a plain mapping, no mkdocs.yml)."""
    config = {"site_name": site_name, "site_url": site_url, "extra": {"cchc": {"agency": SAMPLE_AGENCY, **options}}}
    return read_settings(config, config_file=root / "mkdocs.yml")


def write_config(root: Path, site_url: str = SAMPLE_SITE_URL, **extra: object) -> Path:
    """A mkdocs.yml under `root` that INHERITs the repository's: a project as staff have it."""
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "site_url": site_url,
        # Paths of the parent resolve against this file's folder, so point at the repository.
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides")},
        "hooks": [str(REPO / "hooks" / "cchc_hooks.py")],
        "watch": [],
        **extra,
    }
    path = root / "mkdocs.yml"
    (root / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs refuses a configuration without its docs_dir
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


class SiteProject:
    """A content tree (plan/, content/posts/, docs/) with a config that INHERITs the repository's."""

    def __init__(self, root: Path, *, with_bundled_plan: bool = True) -> None:
        self.root = root
        (root / "docs").mkdir(parents=True)
        shutil.copy(REPO / "docs" / "index.md", root / "docs" / "index.md")
        (root / "content" / "posts").mkdir(parents=True)
        (root / "plan").mkdir()
        if with_bundled_plan:
            shutil.copy(REPO / "plan" / "2022.md", root / "plan" / "2022.md")
        self.config = root / "mkdocs.yml"
        self.set_config()

    def set_config(self, site_url: str = SAMPLE_SITE_URL, **extra: object) -> None:
        write_config(self.root, site_url, **extra)

    def make_ready(self, site_url: str = READY_SITE_URL) -> None:
        """The configuration of a Sở that went live: its address, contact details and logo, not the placeholders."""
        self.write(f"docs/{READY_AGENCY['logo']}", READY_LOGO)
        self.set_config(site_url=site_url, extra={"cchc": {"agency": READY_AGENCY, "portals": READY_PORTALS}})

    def add_plan(self, year: int) -> Path:
        """A plan for `year`: the bundled 2022 plan under another year."""
        text = (REPO / "plan" / "2022.md").read_text(encoding="utf-8").replace("year: 2022", f"year: {year}", 1)
        return self.write(f"plan/{year}.md", text)

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def write_post(self, relative: str, front: dict[str, object], body: str = "Nội dung bài viết.") -> Path:
        """A post under content/posts/; `front` is dumped as YAML front matter."""
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
        return self.write(f"content/posts/{relative}", text)

    def build(self, *, now: str = FIXED_NOW, out: Path | None = None, env: dict[str, str] | None = None,
              strict: bool = True) -> BuildResult:
        out = out or self.root / "site"
        return run_mkdocs(["build", *(["--strict"] if strict else []), "-f", str(self.config), "-d", str(out)],
                          now=now, out=out, env=env)


def run_mkdocs(args: list[str], *, now: str, out: Path, env: dict[str, str] | None = None,
               cwd: Path = REPO) -> BuildResult:
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)  # the injected CCHC_NOW is the only clock
    full_env.update({"CCHC_NOW": now, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    done = subprocess.run([sys.executable, "-m", "mkdocs", *args], check=False, cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)
    return BuildResult(done.returncode, done.stdout, done.stderr, out)
