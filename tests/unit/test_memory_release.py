"""A build gives the memory that reading freed back to the system before it renders the pages
(cchc.build.memory): the C library would otherwise keep it for the rest of the build."""

from __future__ import annotations

import sys

import pytest

from cchc.build.memory import release_freed


def _resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(sys.platform != "linux", reason="the C library's free memory is given back on Linux (glibc) only")
def test_freed_memory_goes_back_to_the_system() -> None:
    # 200,000 texts of 1 KB (too large for Python's own allocator: the C library's), all freed but one in a
    # hundred, which keeps the freed memory between them from being returned by itself.
    texts = [str(n).rjust(1024, "x") for n in range(200_000)]
    kept = texts[::100]
    del texts
    before = _resident_kib()
    release_freed()
    assert _resident_kib() < before - 100_000  # of about 200 MB freed
    assert len(kept) == 2_000
