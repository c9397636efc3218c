"""The `cchc` command's way into mkdocs.yml: MkDocs' own loader and schema, its messages in Vietnamese.

The command reads the configuration exactly as `mkdocs build` does (`MkDocsConfig.load_file`, which
resolves `!ENV` and merges `INHERIT` parents, then `validate`), and hands it to the same typed reader
as the hook (`cchc.content.settings.read_settings`). This module is an adapter, like the hook: the core
package does not import MkDocs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from cchc.content.frontmatter import shown_path
from cchc.content.settings import SITE_URL_EXPECTED, Locator, Settings, SettingsError, config_chain, read_settings
from cchc.problems import Problem, describe, describe_os_error

# MkDocs' English about a setting, for the settings a webmaster edits, said as our own reader says it.
_UNKNOWN_KEY = "Unrecognised configuration name: "
_EXPECTED = {"site_url": SITE_URL_EXPECTED}


@contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """MkDocs logs while it validates (theme and plugin notices); the command says what matters itself."""
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _syntax_problem(error: ConfigurationError, config_file: Path, root: Path) -> Problem:
    cause = error.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        return Problem(shown_path(Path(mark.name).resolve(), root) if Path(mark.name).is_file() else shown_path(config_file, root),
                       mark.line + 1, f"lỗi cú pháp YAML ({cause.problem})")
    return Problem(shown_path(config_file, root), 1, f"không đọc được cấu hình (MkDocs báo: {error})")


def load_config(config_file: Path, **overrides: Any) -> tuple[MkDocsConfig, list[Problem]]:
    """The configuration as MkDocs loads it (`overrides` as MkDocs' own command line gives them, e.g.
    site_dir), and MkDocs' warnings about it; raises SettingsError with `path:line: message` lines."""
    config, _, warnings = _load(config_file, **overrides)
    return config, warnings


def load_settings(config_file: Path) -> tuple[Settings, list[Problem]]:
    """The project's settings from `config_file` and MkDocs' warnings about it; raises SettingsError
    with `path:line: message` lines when the configuration cannot be used."""
    _, settings, warnings = _load(config_file)
    return settings, warnings


def _load(config_file: Path, **overrides: Any) -> tuple[MkDocsConfig, Settings, list[Problem]]:
    """The configuration, the project's settings read from it once (they are checked here too), and MkDocs'
    warnings."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with _quiet_mkdocs(), config_file.open("rb") as handle:
            config.load_file(handle)
            config.load_dict(overrides)
            errors, warnings = config.validate()
    except ConfigurationError as error:
        raise SettingsError([_syntax_problem(error, config_file, root)]) from None
    except OSError as error:
        raise SettingsError([Problem(shown_path(config_file, root), 1, f"không đọc được tệp ({describe_os_error(error)})")]) from None
    if not errors and not warnings:  # nothing to locate: the files are not read again (read_settings reads them)
        return config, read_settings(config, config_file=config_file), []
    locate = Locator(config_chain(config_file), root)
    problems = [
        Problem(*locate((name,)), f"`{name}` {_EXPECTED[name]} (tìm thấy: {describe(config.get(name))})" if name in _EXPECTED
                else f"giá trị `{name}` không hợp lệ (MkDocs báo: {message})")
        for name, message in errors
    ]
    problems += [
        Problem(*locate((str(message).removeprefix(_UNKNOWN_KEY),)),
                f"khóa cấu hình không có trong MkDocs (tìm thấy: {describe(str(message).removeprefix(_UNKNOWN_KEY))})",
                "warning")
        if str(message).startswith(_UNKNOWN_KEY) else
        Problem(*locate((name,)), f"giá trị `{name}`: MkDocs báo: {message}", "warning")
        for name, message in warnings
    ]
    if any(not problem.is_warning for problem in problems):
        raise SettingsError(problems)
    return config, read_settings(config, config_file=config_file), problems
