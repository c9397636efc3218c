"""What a build reads, declared once: every kind of input file, the environment it reads, and the
installed distributions.

Everything that must notice a changed input derives from this declaration: the preview's watcher and
its reading of a saved file (`watched`, `kind_of`), the salt of the page cache and of the Markdown
cache (`shared_digest`), the fingerprint `cchc publish --if-changed` compares (`fingerprint`), and
the files pattern of the pre-commit hook (`staff_pattern`), and which folders reach the site as files
(`published`). Nothing else lists inputs: tests/build/test_inputs.py builds under an audit hook and
fails when a build opens a file no kind covers, and tests/unit/test_build_inputs.py greps the package
for other lists.

A kind's `effect` says what a change to it asks of the preview: CONTENT is read again and only the
pages whose digests changed are rendered; TEMPLATES and CONFIG render every page (CONFIG reads the
configuration again); CODE needs a new process. `shared`: every page may show it, so it is in the
salt of the page cache (a change renders every page again); the kinds that are not shared (posts,
answers) are covered page by page by the digests of cchc.build.digests.
"""

from __future__ import annotations

import email
import email.message
import os
import platform
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from cchc.cache.disk import digest
from cchc.content.settings import Settings

CONTENT, TEMPLATES, CONFIG, CODE = "content", "templates", "config", "code"
PACKAGE = Path(__file__).resolve().parents[1]  # src/cchc: the code, the service's templates included
# The clock (cchc.clock): "now" reaches the outputs only through the site model (which posts are
# published, which pending), which the page digests and the publish fingerprint's list of published
# posts cover; so it is in no salt, or every publish (which sets CCHC_NOW) would render every page.
CLOCK = ("CCHC_NOW", "SOURCE_DATE_EPOCH")
_ENV_TAG = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


# How a kind's files reach the site: MkDocs copies every file AS_IS, links followed (so
# cchc.content.sources refuses links, special files and hard links out of them); of NAMED ones only what
# a post names is published, each file checked as it is named.
AS_IS, NAMED = "as-is", "named"


@dataclass(frozen=True)
class Kind:
    name: str
    effect: str
    paths: Callable[[Settings], tuple[Path, ...]]  # files, or folders read whole
    shared: bool  # in the salt of the page cache: every page may show it
    staff: bool = False  # written by staff in Git: the pre-commit hook checks a commit that touches it
    published: str = ""  # AS_IS, NAMED, or "": its files never reach the site as files
    edited: bool = False  # the staff editor of the preview (cchc.editor) reads and writes its files


KINDS: tuple[Kind, ...] = (
    Kind("posts", CONTENT, lambda s: (s.posts_dir,), shared=False, staff=True, published=NAMED, edited=True),
    # With so-lieu.yml. Not shared, though every page's side column lists the newest answers: they are in the
    # context of every page (outputs.pages.Context.latest_answers), so the digests cover them page by page.
    Kind("answers", CONTENT, lambda s: (s.answers_dir,), shared=False, staff=True, published=NAMED, edited=True),
    Kind("plans", CONTENT, lambda s: (s.plan_dir,), shared=True, staff=True),
    # The signed reports the webmaster publishes are read whole and written as outputs (cchc.reports.signed),
    # like the CSVs: the files themselves are not published as they are (published="").
    Kind("data", CONTENT, lambda s: (s.units_file, s.abbreviations_file, *s.signed_report_files), shared=True, staff=True),
    Kind("docs", CONTENT, lambda s: (s.docs_dir,), shared=True, published=AS_IS),
    Kind("templates", TEMPLATES, lambda s: s.template_dirs, shared=True, published=AS_IS),
    Kind("config", CONFIG, lambda s: s.config_files, shared=True),
    Kind("code", CODE, lambda s: (PACKAGE, *s.hook_files), shared=True),
)
_SKIPPED_PARTS = ("__pycache__",)


def published(settings: Settings, *how: str) -> list[Path]:
    """The declared folders whose files reach the site (published in one of the ways `how`, default any)."""
    return [path for kind in KINDS if kind.published and (not how or kind.published in how) for path in kind.paths(settings)]


def edited(settings: Settings) -> tuple[Path, ...]:
    """The declared folders the staff editor works in (its only folders: cchc.editor.paths.Area)."""
    return tuple(path for kind in KINDS if kind.edited for path in kind.paths(settings))


def kind_named(name: str) -> Kind:
    return next(kind for kind in KINDS if kind.name == name)


def _walk(path: Path) -> Iterator[Path]:
    """The files of a declared path, symlinks as themselves, in a stable order (a missing path has none)."""
    if path.is_file() or path.is_symlink():
        yield path
    elif path.is_dir() and not any(part in _SKIPPED_PARTS for part in path.parts):
        yield from sorted(_tree(path))


def _tree(folder: Path) -> Iterator[Path]:
    """The files and symbolic links under `folder`, as `rglob("*")` finds them (no folder reached through a
    link, an unreadable folder has none), without going into the skipped folders: the code's __pycache__
    held as many files as the code, each asked for its type twice before being left out. A folder's listing
    gives its entries' types (where the file system records them): no file is asked again."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        if entry.name in _SKIPPED_PARTS:
            continue
        if entry.is_symlink() or entry.is_file():
            yield folder / entry.name
        elif entry.is_dir():
            yield from _tree(folder / entry.name)


def files(settings: Settings, kinds: Iterable[Kind] = KINDS) -> list[Path]:
    return [file for kind in kinds for path in kind.paths(settings) for file in _walk(path)]


def kind_of(settings: Settings, path: Path) -> Kind | None:
    """The kind a file belongs to (the most specific declared path that holds it), or None."""
    best: tuple[int, Kind] | None = None
    for kind in KINDS:
        for declared in kind.paths(settings):
            if path == declared or path.is_relative_to(declared):
                depth = len(declared.parts)
                if best is None or depth > best[0]:
                    best = (depth, kind)
    if best is None or path.suffix == ".pyc" or any(part in _SKIPPED_PARTS for part in path.parts):
        return None
    return best[1]


def watched(settings: Settings) -> list[tuple[Path, bool]]:
    """(folder, recursive) to watch for every declared path: a folder whole, a file through its folder."""
    found: dict[Path, bool] = {}
    for kind in KINDS:
        for path in kind.paths(settings):
            if path.is_dir():
                found[path] = True
            elif path.parent.is_dir():
                found.setdefault(path.parent, False)
    # A folder inside one watched whole needs no watch of its own.
    return [(folder, recursive) for folder, recursive in sorted(found.items())
            if not any(folder != other and folder.is_relative_to(other) and whole for other, whole in found.items())]


def config_environment(settings: Settings) -> tuple[str, ...]:
    """The variables the configuration files read with `!ENV`."""
    names: set[str] = set()
    for path in settings.config_files:
        try:
            names.update(_ENV_TAG.findall(path.read_text(encoding="utf-8-sig")))
        except OSError:
            continue
    return tuple(sorted(names))


def variables(settings: Settings) -> tuple[str, ...]:
    """Every environment variable a build reads for itself: the clock and the configuration's."""
    return (*CLOCK, *config_environment(settings))


def environment(settings: Settings, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The values of the configuration's variables (the clock apart: see CLOCK)."""
    return [f"{name}={environ.get(name, '')}" for name in config_environment(settings)]


@cache
def distributions() -> tuple[str, ...]:
    """Python and every installed distribution with its version: any of them may change what a build
    writes (Babel's day names, Unidecode's transliteration, Material's templates, tzdata's rules).
    Read once per process: like the code, what is installed is the process's own (the preview asks
    for a restart when the code changes; an installation under a running preview needs one too)."""
    found = {}
    for dist in metadata.distributions():
        headers = _headers(dist)
        found[(headers["Name"] or "").lower()] = headers["Version"]
    python = f"{platform.python_implementation().lower()}=={platform.python_version()}"
    return (python, *(f"{name}=={version}" for name, version in sorted(found.items())))


def _headers(dist: metadata.Distribution) -> email.message.Message:
    """The header fields of a distribution's metadata, read as `Distribution.metadata` reads them, but once
    and without the description after them: parsing that, twice per distribution (`.metadata`, then
    `.version`), was a fifth of the salt's time. The headers end at the first empty line at the latest."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or dist.read_text("") or ""
    return email.message_from_string(text.split("\n\n", 1)[0] + "\n")


def _digest_files(paths: Iterable[Path], root: Path) -> list[str]:
    parts: list[str] = []
    for path in paths:
        try:  # a symlink by where it points: what it points to may be a server file or /dev/zero
            data = os.fsencode(os.readlink(path)) if path.is_symlink() else path.read_bytes()
        except OSError:
            data = b"\0missing"
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        parts += [shown, digest(data)]
    return parts


def shared_digest(settings: Settings) -> str:
    """The digest of what every page may show: the shared kinds' files, the environment, the
    installed distributions. A different value: no cached page or Markdown body is used."""
    return digest(*_digest_files(files(settings, [kind for kind in KINDS if kind.shared]), settings.root),
                  *environment(settings), *distributions())


def kind_digest(settings: Settings, name: str) -> str:
    """The digest of one kind's files (the plans, which every post is checked against)."""
    return digest(*_digest_files(files(settings, [kind_named(name)]), settings.root))


def rendering_digest(settings: Settings) -> str:
    """What a Markdown body's HTML and facts depend on besides its own text: the code, the configuration
    (the Markdown extensions and their settings), the environment and the installed distributions."""
    kinds = [kind for kind in KINDS if kind.effect in (CODE, CONFIG)]
    return digest(*_digest_files(files(settings, kinds), settings.root), *environment(settings), *distributions())


def encoding_digest() -> str:
    """What a published image's bytes depend on besides the original's: the module that encodes them
    (cchc.render.images, a file of the code) and the installed distributions (Pillow, and the libraries
    its wheels hold). Narrower than the whole code on purpose: a change elsewhere re-encodes no photo
    (about 0.4 s each for a phone's, minutes for a site's)."""
    return digest(*_digest_files([PACKAGE / "render" / "images.py"], PACKAGE), *distributions())


def fingerprint(settings: Settings) -> str:
    """The digest of every input: equal fingerprints, nothing to build again (`cchc publish --if-changed`)."""
    return digest(*_digest_files(files(settings), settings.root), *environment(settings), *distributions())


def staff_pattern(settings: Settings) -> str:
    """The pre-commit hook's `files:` pattern: the top folders of what staff write, relative to the root."""
    tops = sorted({path.relative_to(settings.root).parts[0] for kind in KINDS if kind.staff
                   for path in kind.paths(settings) if path.is_relative_to(settings.root)})
    return "^(" + "|".join(re.escape(top).replace("\\-", "-") for top in tops) + ")/"
