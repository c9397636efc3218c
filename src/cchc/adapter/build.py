"""`cchc build`: MkDocs' build of the site, with the project's messages (Vietnamese, `path:line:`).

`make build` and `cchc publish` build through here, so that no English line of MkDocs reaches the
webmaster; plain `mkdocs build` still works and keeps MkDocs' own messages. An adapter, like the hook.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from cchc.adapter.config import load_config
from cchc.adapter.log import vietnamese_log


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
