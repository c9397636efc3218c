"""MkDocs' build of the site: `cchc build` with the project's messages (Vietnamese, `path:line:`), and
the preview's builds (`cchc serve`).

`make build` and `cchc publish` build through here, so that no English line of MkDocs reaches the
webmaster; plain `mkdocs build` still works and keeps MkDocs' own messages.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from cchc.adapter.config import load_config
from cchc.adapter.log import vietnamese_log
from cchc.adapter.plugin import project_plugin
from cchc.build.incremental import Session


def run_build(config_file: Path, *, site_dir: Path | None = None, strict: bool = True) -> int:
    """Build the site; 0 when built, 1 when content or configuration stopped it (already printed)."""
    overrides = {"strict": strict, **({"site_dir": str(site_dir)} if site_dir is not None else {})}
    config, warnings = load_config(config_file, **overrides)
    for warning in warnings:
        sys.stderr.write(f"{warning}\n")
    started = time.monotonic()
    with vietnamese_log():
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except Abort as abort:
            message = str(abort)
            if "strict mode" in message:
                sys.stderr.write("Dừng: MkDocs có cảnh báo (liệt kê ở trên) mà chế độ nghiêm ngặt (--strict) không cho qua.\n")
            return 1
        except (BuildError, ConfigurationError) as error:
            sys.stderr.write(f"{error}\n")
            return 1
        finally:
            config.plugins.on_shutdown()
    pages = sum(1 for _ in Path(config.site_dir).rglob("*.html"))
    sys.stderr.write(f"Đã xây dựng trang vào {config.site_dir} ({pages} trang HTML, {time.monotonic() - started:.1f} giây).\n")
    return 0


@dataclass(frozen=True)
class Outcome:
    """How a preview build ended: built, stopped by MkDocs (the content's problems, which the session
    holds, or a strict-mode warning), or broken by something else (a template, the code)."""

    stopped: bool = False
    error: str = ""  # "Kind: message" of what broke the build


def build_preview(config: MkDocsConfig, session: Session, *, dirty: bool) -> Outcome:
    """One build of the preview: incremental with `session` (`dirty`: only the files whose inputs changed)."""
    with project_plugin(config).previewing(session):
        try:
            build(config, serve_url=config.site_url, dirty=dirty)
        except Abort:
            return Outcome(stopped=True)
        except Exception as error:  # BuildError, or any error of a template or the code: the preview keeps serving
            return Outcome(error=f"{type(error).__name__}: {error}")
    return Outcome()
