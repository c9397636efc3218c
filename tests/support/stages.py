"""The package's stages (src/cchc/'s packages, lowest first) and its modules by name: what the layering
tests check the imports against."""

from __future__ import annotations

from pathlib import Path

from support import REPO

PACKAGE = REPO / "src" / "cchc"
# The stages, lowest first: a module imports only from its own package and the ones before it. The loose
# modules of src/cchc/ ("") are the vocabulary every stage shares (text, dates, problems, urls, model…).
ORDER = ("", "cache", "render", "content", "site", "outputs", "search", "reports", "build",
         "gopy", "adapter", "authoring", "editor", "publish", "preview", "cli")
CORE = ORDER[:ORDER.index("build") + 1]  # what a build is made of: no MkDocs, no web service, no preview, no CLI
FILES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The stage a module belongs to: its package under cchc, or "" for a loose module of src/cchc/."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else ""


MODULES = {module_name(path): path for path in FILES}
