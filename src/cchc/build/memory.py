"""Memory a build freed, given back to the system.

A full build reads every post, then frees what only reading needed (front matter trees, the files' text
as read, the Markdown workers' messages). The C library keeps such freed memory for its own reuse rather
than returning it, and the pages then rendered do not reuse most of it: at 10,000 posts the build's
process stayed 120 MiB larger than it needed to be through the rendering (bench/RESULTS.md).
"""

from __future__ import annotations

import ctypes
import sys


def release_freed() -> None:
    """Return the C library's free memory to the system (glibc's malloc_trim); nothing where there is none
    (macOS, Windows, musl)."""
    if sys.platform != "linux":
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this Python runs on
    except (OSError, AttributeError):
        return
    trim(0)
