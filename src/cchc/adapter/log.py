"""MkDocs' log, as staff and the webmaster read it from `cchc build`, `cchc serve` and `cchc publish`.

MkDocs logs in English ("Cleaning site directory", "Documentation built in 1.2 seconds", the warning
of every dirty build). These commands own their output: MkDocs' progress lines are dropped (the
command says what it did itself), the messages worth reading are said in Vietnamese, and a message
not foreseen here is still shown, marked as MkDocs' own, rather than hidden.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_DROPPED = (
    "Cleaning site directory", "Building documentation", "Documentation built in", "A 'dirty' build is being performed",
    "The following pages exist in the docs directory", "The directory contains stale files", "Reading: ",
    "Copying static assets", "Building markdown pages", "Reading markdown pages", "Serving on", "Watching paths",
    "Start watching changes", "Start detecting changes", "Detected file changes", "Reloading browsers",
    "The following pages are being built only for the preview",
)
_SAID: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(english), vietnamese) for english, vietnamese in (
    (r"Doc file '(.+?)' contains a link '(.+?)', but the target( '.+?')? is not found among documentation files\..*",
     r"docs/\1: liên kết '\2' không trỏ tới tệp nào của trang"),
    (r"Doc file '(.+?)' contains an unrecognized relative link '(.+?)', it was left as is\..*",
     r"docs/\1: liên kết '\2' không trỏ tới tệp nào của trang (giữ nguyên)"),
    (r"Doc file '(.+?)' contains an absolute link '(.+?)', it was left as is\..*",
     r"docs/\1: liên kết tuyệt đối '\2' được giữ nguyên; trên trang con /cchc/ nó có thể không tới đúng chỗ"),
    (r"Doc file '(.+?)' contains a link '(.+?)', but "
     r"(?:the doc '.+?' does not contain an anchor '#(.+?)'|there is no such anchor on this page)\..*",
     r"docs/\1: liên kết '\2' tới một mục không có"),
    (r"Error reading page '(.+?)':(.*)", r"lỗi khi đọc trang \1:\2"),
    (r"Error building page '(.+?)':(.*)", r"lỗi khi dựng trang \1:\2"),
))


def say(message: str) -> str | None:
    """A MkDocs log message in Vietnamese; None for progress lines nobody needs."""
    if message.startswith(_DROPPED):
        return None
    for pattern, vietnamese in _SAID:
        if pattern.fullmatch(message):
            return pattern.sub(vietnamese, message)
    return message if not message.isascii() else f"MkDocs báo: {message}"


class _Vietnamese(logging.Handler):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING and not record.getMessage().isascii():
            said: str | None = record.getMessage()  # our own lines (Vietnamese) at INFO
        elif record.levelno < logging.WARNING:
            return
        else:
            said = say(record.getMessage())
        if said:
            self.stream.write(said + "\n")
            self.stream.flush()


@contextmanager
def vietnamese_log(stream: TextIO | None = None) -> Iterator[None]:
    """While building: MkDocs' logger writes through `_Vietnamese` only (its own handlers are set aside)."""
    logger = logging.getLogger("mkdocs")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    for handler in handlers:
        logger.removeHandler(handler)
    ours = _Vietnamese(stream or sys.stderr)
    logger.addHandler(ours)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(ours)
        for handler in handlers:
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
