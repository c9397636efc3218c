"""First paint on a cheap phone over slow 3G: this tree's site against another commit's, the same content,
served by real nginx with the shipped configuration (gzip, caching headers), in one run.

    .venv/bin/python bench/slow_phone.py --baseline a5fe3f0 [--repeat 5] [--write bench/RESULTS.md]

Both trees build the repository's own content (the bundled site, pictures included) with a real address
(no staging banner) and the same clock; the other commit is checked out with `git worktree` and built from
its own src/ (as bench/against.py does). Each page is loaded in a fresh Chromium context (nothing cached)
at 360×740 with the network throttled to 400 kbit/s each way and 400 ms of latency (Chrome DevTools'
Network.emulateNetworkConditions), the trees taking turns; first contentful paint is read from the page's
own Performance timeline, and the median counts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the nginx runner and browser of the tests
import run  # bench/run.py: the machine line, write_results
from support.browser import chromium
from support.nginx import running_nginx

REPO = run.REPO
BEGIN, END = "<!-- slow-phone:begin -->", "<!-- slow-phone:end -->"
SITE_URL = "https://sgddt.hungyen.gov.vn/cchc/"
NOW = "2026-12-01 00:00"
PAGES = {"trang chủ": "", "tin có ảnh": "tin-tuc/2022/11/truong-thpt-chuyen-hung-yen-huong-ung-ngay-phap-luat-viet-nam-9-11/"}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


def build(source: Path, out: Path) -> None:
    environ = {**os.environ, "PYTHONPATH": str(source / "src"), "CCHC_SITE_URL": SITE_URL, "CCHC_NOW": NOW,
               "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(source / "mkdocs.yml"),
                           "-d", str(out)], cwd=source, env=environ, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{source}: the build failed:\n{done.stderr[-4000:]}")


def first_paint(browser: Browser, url: str) -> float:
    """Seconds from navigation to first contentful paint, in a fresh context on the slow network."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", SLOW_3G)
        page.goto(url, wait_until="load", timeout=120_000)
        paint = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
        if paint is None:
            raise SystemExit(f"{url}: no first contentful paint recorded")
        return float(paint) / 1000
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="the commit to measure against (e.g. a5fe3f0)")
    parser.add_argument("--repeat", type=int, default=5, help="loads of each page per tree; the median counts (default 5)")
    parser.add_argument("--write", type=Path, metavar="RESULTS.md", help="also write the table between its slow-phone markers")
    args = parser.parse_args()
    started = run.machine()
    print(started, flush=True)
    work = Path(tempfile.mkdtemp(prefix="cchc-slow-phone-"))
    seconds: dict[tuple[str, str], list[float]] = {}
    try:
        with run.checked_out(args.baseline, work / "baseline-tree") as commit:
            for name, source in {"ours": REPO, "baseline": work / "baseline-tree"}.items():
                build(source, work / f"site-{name}")
        with running_nginx(work / "site-ours", work / "nginx-ours") as ours, \
                running_nginx(work / "site-baseline", work / "nginx-baseline") as theirs, chromium() as browser:
            served = {"ours": ours, "baseline": theirs}
            for turn in range(max(1, args.repeat)):
                for name in (("ours", "baseline") if turn % 2 == 0 else ("baseline", "ours")):
                    for label, path in PAGES.items():
                        value = first_paint(browser, f"{served[name]}/cchc/{path}")
                        seconds.setdefault((name, label), []).append(value)
                        print(f"{name:8} {label:11} run {turn + 1}: {value:5.2f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"Measured {started}. Baseline: {commit}. Slow 3G (400 kbit/s, 400 ms), 360×740, nothing cached; "
             f"{max(1, args.repeat)} loads of each page per tree, the trees taking turns; the median counts.", "",
             "| page | first contentful paint: ours | baseline | ours / baseline | every load, ours; baseline |",
             "|---|---:|---:|---:|---|"]
    for label in PAGES:
        ours_s, base_s = seconds[("ours", label)], seconds[("baseline", label)]
        lines.append(f"| {label} | **{statistics.median(ours_s):.2f} s** | {statistics.median(base_s):.2f} s | "
                     f"{statistics.median(ours_s) / statistics.median(base_s):.2f} × | "
                     f"{', '.join(f'{x:.2f}' for x in ours_s)}; {', '.join(f'{x:.2f}' for x in base_s)} |")
    text = "\n".join(lines) + "\n"
    run.report(text, args.write, begin=BEGIN, end=END)


if __name__ == "__main__":
    main()
