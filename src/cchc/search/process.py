"""The search index, made in a second process while the build renders the pages.

Reading the article out of each built page and counting its terms costs about as much as
rendering the page (src/cchc/search/index.py; bench/RESULTS.md). Done after the build, it added that
much to every build; done here, it runs on another processor core. The build hands the process
each page's body while it converts Markdown (`add_content`: the body's terms are counted ahead),
then each page it writes (`add`), through a pipe enlarged where the system allows and written by a
thread of its own (src/cchc/cache/background.py), so that the build does not wait for the process. Once
the pages that will be searched are all in (`expected`: the posts, which the build writes first),
the process writes the index files while the build renders the remaining list pages; at the end
the build waits only for a folder to be renamed.
On one core the same work is done in the build's own process.

The process runs `python -m cchc.search.process SITE_DIR` and reads frames from its standard input:

    C <path length> <html length>\n<path><html>   the HTML Markdown made of a page's body
    P <path length> <html length>\n<path><html>   a written HTML page marked for search (or its article)
    N <path length>\n<path>                        a written HTML page not marked for search
    F\n                                            the expected pages are in: prepare the index
    E\n                                            the build is done: write the index

It writes the page count to its standard output and exits 0, or writes the problem to its
standard error and exits 1 (a page marked for search without title or date).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

from cchc.cache.background import Worker
from cchc.search.index import BODY_ATTR, Indexer, SearchIndexError, marked_article_text


class BackgroundIndex:
    """The build's side: `add` every written page, then `finish` (or `close` on a failed build).

    Where a second process cannot run or would not help (one processor core, no usable Python
    executable), the same work is done in the build's own process, page by page."""

    def __init__(self, site_dir: Path, *, expected: int | None = None) -> None:
        self._expected = expected
        self._marked = 0
        self._broken = False
        self._writer = Worker("cchc-search")
        self._process: subprocess.Popen[bytes] | None = None
        self._inline: _Receiver | None = None
        if (os.cpu_count() or 1) > 1:
            package_root = str(Path(__file__).resolve().parents[2])
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "cchc.search.process", str(site_dir)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                )
            except OSError:
                self._process = None
        if self._process is None:
            self._inline = _Receiver(site_dir)
        else:
            assert self._process.stdin is not None
            self._stdin = self._process.stdin
            _enlarge_pipe(self._stdin.fileno())

    def add_content(self, path: str, html: str) -> None:
        """The HTML of a page's body, as Markdown made it: counted ahead, while the build renders Markdown."""
        if html:
            self._deliver(b"C", path, html.encode("utf-8", errors="xmlcharrefreplace"))

    def add(self, path: str, html: str) -> None:
        """One HTML file the build wrote: its path under the site folder and its text."""
        if BODY_ATTR not in html:
            self._deliver(b"N", path, None)
            return
        # The part that is read (a third of the page), as the bytes MkDocs writes.
        self._deliver(b"P", path, (marked_article_text(html) or html).encode("utf-8", errors="xmlcharrefreplace"))
        self._marked += 1
        if self._marked == self._expected:
            self._deliver(b"F", "", None)

    def _deliver(self, kind: bytes, path: str, data: bytes | None) -> None:
        if self._inline is not None:
            self._inline.take(kind, path, data or b"")
            return
        if self._process is None or self._broken:
            return
        assert self._process.stdin is not None
        name = path.encode("utf-8")
        if kind == b"F":
            frame = b"F\n"
        elif data is None:
            frame = b"%s %d\n" % (kind, len(name)) + name
        else:
            frame = b"%s %d %d\n" % (kind, len(name), len(data)) + name + data
        self._writer.submit(self._send, frame, kind == b"F")

    def _send(self, frame: bytes, now: bool) -> None:
        """In the writer's thread: one frame into the pipe."""
        stdin = self._stdin
        try:
            stdin.write(frame)
            if now:
                stdin.flush()  # now, not when the pipe's buffer happens to fill
        except (BrokenPipeError, OSError, ValueError):  # ValueError: closed by `close` meanwhile
            self._broken = True  # the process failed; `finish` reports why

    def finish(self) -> int:
        """Wait for the index; return its page count. Raises SearchIndexError."""
        if self._inline is not None:
            return self._inline.end()
        self._writer.drain()  # every frame handed over is in the pipe before the end is said
        self._writer.close()
        process, self._process = self._process, None
        if process is None:
            raise SearchIndexError("chỉ mục tìm kiếm: tiến trình đã dừng")
        try:
            assert process.stdin is not None
            process.stdin.write(b"E\n")
        except (BrokenPipeError, OSError):
            pass
        try:
            out, err = process.communicate()
        except (BrokenPipeError, OSError):  # flushing into a pipe the failed process closed
            out = process.stdout.read() if process.stdout else b""
            err = process.stderr.read() if process.stderr else b""
            process.wait()
        if process.returncode != 0:
            message = err.decode("utf-8", errors="replace").strip()
            raise SearchIndexError(message or f"chỉ mục tìm kiếm: tiến trình dừng với mã {process.returncode}")
        return int(out)

    def close(self) -> None:
        """Stop the process without writing an index (the build failed)."""
        self._inline = None
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            self._writer.drain()  # what was queued fails fast on the closed pipe
            self._writer.close()
            try:
                process.communicate()
            except (BrokenPipeError, OSError):
                process.wait()


def _enlarge_pipe(fd: int) -> None:
    """Room for some 80 articles in the pipe (Linux; elsewhere the system's size), so that the build
    does not wait each time the process is still on the previous page."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


class _Receiver:
    """The process's side, frame by frame (also used in the build's own process: see BackgroundIndex)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.indexer = Indexer(site_dir)
        self.problem: SearchIndexError | None = None

    def take(self, kind: bytes, path: str, data: bytes) -> None:
        if self.problem is not None:
            return  # the first problem is the one reported
        try:
            if kind == b"F":
                self.indexer.prepare()
            elif kind == b"C":
                self.indexer.add_content(path, data)
            else:
                self.indexer.add(path, data)
        except SearchIndexError as error:
            self.problem = error

    def end(self) -> int:
        if self.problem is not None:
            raise self.problem
        return self.indexer.write(self.site_dir)


def serve(source: IO[bytes], site_dir: Path) -> int:
    """The process's side: read the frames, write the index, return its page count."""
    receiver = _Receiver(site_dir)
    header = b""
    while True:
        header = source.readline()
        if not header or header == b"E\n":
            break
        kind, *sizes = header.split()
        path = source.read(int(sizes[0])).decode("utf-8") if sizes else ""
        data = source.read(int(sizes[1])) if len(sizes) > 1 else b""
        receiver.take(kind, path, data)  # reads on after a problem, so that the build never waits on a full pipe
    if header != b"E\n" and receiver.problem is None:
        raise SearchIndexError("chỉ mục tìm kiếm: bản dựng dừng giữa chừng")
    return receiver.end()


def main() -> None:
    try:
        count = serve(sys.stdin.buffer, Path(sys.argv[1]))
    except SearchIndexError as error:
        sys.stderr.write(f"{error}\n")
        sys.exit(1)
    sys.stdout.write(f"{count}\n")


if __name__ == "__main__":
    main()
