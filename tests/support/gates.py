"""The quality gates as functions over a built site, so tests can run them on real builds and
also show that each one catches a page broken on purpose."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from support import REPO

NODE_MODULES = REPO / "node_modules"
# The page the tests that break a copy of the bundled site on purpose break.
POST = "tin-tuc/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh-nam-2022/index.html"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Strings Material leaves in English in its `vi` translation, and others a page could show.
ENGLISH = (
    "RSS feed", "Initializing search", "Contributors", "Metadata", "Tabs", "Back to top", "Not found",
    "Permanent link", "Made with", "Skip to content", "Table of contents", "Copy to clipboard",
    "Type to start searching", "Last update", "Edit this page", "View source", "Previous", "Next",
    "Search", "Share", "Clear", "Navigation", "Header", "Footer", "Authors",
)


def html_pages(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """(site-relative URL, file) of every HTML page of a build."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        yield relative.removesuffix("index.html") if path.name == "index.html" else relative, path


def exists(site_dir: Path, relative: str) -> bool:
    if relative == "" or relative.endswith("/"):
        return (site_dir / relative / "index.html").is_file()
    path = site_dir / relative
    return (path / "index.html").is_file() if path.is_dir() else path.is_file()


def authored_text(root: Path = REPO) -> str:
    """All content staff wrote (posts and plans), and the configuration the webmaster wrote (the portals of
    extra.cchc.portals in mkdocs.yml): where links to other sites may legitimately come from."""
    return " ".join(p.read_text(encoding="utf-8") for p in [*root.glob("content/**/*.md"), *root.glob("plan/*.md"),
                                                             root / "mkdocs.yml"])


def link_problems(site_dir: Path, site_url: str, authored: str) -> tuple[list[str], int]:
    """Every link and asset reference of every page, followed through the built files (not the
    network). A page may link (<a>) to another site that staff wrote in the content (`authored`);
    it never loads anything from one. Returns (problems, links checked)."""
    site = urlsplit(site_url)
    problems: list[str] = []
    checked = 0
    for page_url, path in html_pages(site_dir):
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        references = [*((e, "href") for e in doc.xpath("//a[@href]|//link[@href]")),
                      *((e, "src") for e in doc.xpath("//script[@src]|//img[@src]|//source[@src]|//iframe[@src]"))]
        for element, attribute in references:
            value = element.get(attribute).strip()
            where = f"{page_url}: <{element.tag} {attribute}={value!r}>"
            if value.startswith(("#", "mailto:", "tel:")):
                continue
            target = urlsplit(urljoin(urljoin(site_url, page_url), value))
            if target.scheme not in ("http", "https"):
                problems.append(f"{where}: unexpected scheme")
            elif target.netloc != site.netloc:
                if element.tag != "a" or value not in authored:
                    problems.append(f"{where}: third-party URL")
            elif not target.path.startswith(site.path):
                problems.append(f"{where}: resolves outside {site.path} ({target.path})")
            else:
                checked += 1
                relative = unquote(target.path[len(site.path):])
                if not exists(site_dir, relative):
                    problems.append(f"{where}: target {relative!r} does not exist")
    return problems, checked


def vnu(paths: list[Path]) -> tuple[list[str], list[str]]:
    """(errors, warnings) of the Nu HTML Checker over the given files or folders."""
    assert VNU_JAR.is_file(), "run `npm ci` first: the Nu HTML Checker comes from package-lock.json"
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", *map(str, paths)],
                          capture_output=True, text=True, check=False, timeout=600)
    messages = json.loads(done.stderr)["messages"]
    shown = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]
    errors = [text for m, text in zip(messages, shown, strict=True) if m["type"] in ("error", "non-document-error")]
    warnings = [text for m, text in zip(messages, shown, strict=True) if m["type"] == "info"]
    return errors, warnings


def visible_strings(html: str) -> list[str]:
    """Text a reader sees or hears: text nodes outside script/style, and labelling attributes."""
    doc = lxml.html.fromstring(html)
    for node in doc.xpath("//script|//style|//template"):
        node.drop_tree()
    texts = [t.strip() for t in doc.xpath("//body//text()") if t.strip()]
    for attribute in ("aria-label", "title", "placeholder", "alt", "value"):
        texts += doc.xpath(f"//body//@{attribute}")
    return texts + doc.xpath("//head/title/text()")


def english_strings(site_dir: Path) -> set[tuple[str, str]]:
    """(page, English UI string) for every known English string shown on any page."""
    return {
        (url, word)
        for url, path in html_pages(site_dir)
        for text in visible_strings(path.read_text(encoding="utf-8"))
        for word in ENGLISH
        if word in text
    }


def insert(site: Path, page: str, before: str, markup: str) -> None:
    """Break a page of a built site on purpose: `markup` just before the first `before`."""
    path = site / page
    html = path.read_text(encoding="utf-8")
    assert before in html
    path.write_text(html.replace(before, markup + before, 1), encoding="utf-8")
