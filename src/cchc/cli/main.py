"""`cchc`: the staff command line. `cchc new` writes a post, `cchc check` validates plans and
posts without building the site, `cchc report` prints the plan-execution report; for the webmaster,
`cchc publish` builds, verifies and atomically publishes the site (see cchc.publish.release) once the go-live
checklist passes, `cchc preflight`, `samples` and `new-plan` lead to that (cchc.cli.golive),
`cchc csp-hashes` lists the hashes the Content-Security-Policy needs for the built pages, and
`cchc gop-y …` are the feedback service's staff commands (src/cchc/cli/feedback.py).

The staff commands (new, check, report) need nothing but Python: no shell, no make, pathlib paths,
so they work on Windows laptops (publishing runs on the Linux server).

Everything a person reads is Vietnamese, argparse's own words included. Exit codes:
0 done, 1 content problems (or a post that cannot be created), 2 wrong usage.
No traceback reaches the user: content problems print as `path:line: message`.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from cchc.authoring.new_post import ScaffoldError, plan_new_post, unknown_unit_message
from cchc.build import inputs
from cchc.build.pipeline import gather_content, load_content, load_units
from cchc.characters import printable
from cchc.cli.argparse_vi import ArgumentParser
from cchc.cli.common import CONTENT, OK, USAGE, UsageError, find_project
from cchc.cli.common import now as _now
from cchc.cli.common import print_problems as _print_problems
from cchc.cli.editor import add_commands as add_editor_commands
from cchc.cli.feedback import add_commands as add_feedback_commands
from cchc.cli.golive import add_commands as add_golive_commands
from cchc.cli.golive import project_for, publish_refusal, staging_environ
from cchc.content.frontmatter import shown_path
from cchc.content.settings import Settings, address_refusal
from cchc.dates import DateFormatError, format_short, parse_date, parse_datetime
from cchc.model import Plan, Post
from cchc.problems import ContentError, Problem, describe_os_error
from cchc.publish import release as releases  # its DEFAULT_KEEP is in the parser
from cchc.render.time_limit import TimeLimit, TimeLimitExceeded
from cchc.reports.counting import build_report, render_csv
from cchc.reports.letterhead import letterhead_of_so, letterhead_of_unit
from cchc.reports.text import cut, report_text
from cchc.site.linking import build_site
from cchc.site.warnings import known_units
from cchc.text import normalize, slugify

PREVIEW = "http://127.0.0.1:8000"  # where `cchc serve` (and `make serve`) listens


# --- cchc new -------------------------------------------------------------------------------------


def _shown(path: Path, root: Path) -> str:
    """A path as the user can type it: relative to the current folder when inside it."""
    cwd = Path.cwd()
    return shown_path(path, cwd) if path.is_relative_to(cwd) else shown_path(path, root)


def run_new(args: argparse.Namespace) -> int:
    settings = find_project(Path.cwd())
    if args.date is not None:
        try:
            when, has_time = parse_datetime(args.date)
        except DateFormatError as error:
            raise UsageError(f"--date: {error} (tìm thấy: {args.date!r})") from None
    else:
        when, has_time = _now().replace(second=0, microsecond=0), True
    content = gather_content(settings, now=_now())
    year = args.plan if args.plan is not None else when.year
    plan_file = shown_path(settings.plan_dir / f"{year}.md", settings.root)
    if broken := [problem for problem in content.errors if problem.path == plan_file]:
        _print_problems(broken)
        print(f"Kế hoạch năm {year} có lỗi (liệt kê ở trên); hãy sửa kế hoạch trước khi viết bài.", file=sys.stderr)
        return CONTENT
    try:
        new = plan_new_post(
            title=args.title, task_ids=args.task, unit=args.unit, when=when, has_time=has_time,
            plans=content.plans, posts=content.posts, posts_dir=settings.posts_dir, plan_year=args.plan, slug=args.slug,
            explainer=args.explainer, allow_new_unit=args.new_unit, root=settings.root,
        )
    except ScaffoldError as error:
        print(f"cchc new: {error}", file=sys.stderr)
        return CONTENT if error.conflict else USAGE
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
            file.write(new.text)
    except FileExistsError:
        print(f"cchc new: đã có tệp {_shown(new.path, settings.root)}; cchc new không ghi đè bài đã có.", file=sys.stderr)
        return CONTENT
    # Without a real address, the path only: a sample address is nowhere a post will be.
    published = urljoin(settings.site_url, new.url) if settings.address_problem is None else settings.base_path + new.url
    print(f"Đã tạo bài viết: {_shown(new.path, settings.root)}")
    print(f"Địa chỉ khi đăng: {published}")
    print(f"Xem trước (sau khi chạy cchc serve): {PREVIEW}{settings.base_path}{new.url}")
    print("Bài đang là bản nháp (draft: true): viết xong, xem trước, chạy cchc check, rồi xóa dòng draft để đăng.")
    if when > _now():
        print(f"Ngày đăng ở tương lai: bài hẹn giờ, tự lên trang từ {format_short(when, with_time=has_time)}.")
    if new.new_unit:
        print(f"Lưu ý: {args.unit!r} là đơn vị mới; trang web sẽ có thêm một trang đơn vị.")
    return OK


# --- cchc check -----------------------------------------------------------------------------------


def _selection(paths: Sequence[str], settings: Settings) -> Callable[[Problem], bool] | None:
    """Which problems to show for the given paths; None means all (no path, or a plan among them)."""
    chosen: list[PurePosixPath] = []
    for text in paths:
        path = (Path.cwd() / text).resolve()
        if not path.exists():
            raise UsageError(f"không có tệp hoặc thư mục {text!r}")
        if not path.is_relative_to(settings.root):
            raise UsageError(f"{text!r} nằm ngoài dự án ({settings.root})")
        if path == settings.root or path.is_relative_to(settings.plan_dir.resolve()):
            return None  # every post depends on its plan: a changed plan is checked with all posts
        chosen.append(PurePosixPath(path.relative_to(settings.root).as_posix()))
    if not chosen:
        return None
    return lambda problem: any(
        PurePosixPath(problem.path) == path or PurePosixPath(problem.path).is_relative_to(path) for path in chosen
    )


def run_check(args: argparse.Namespace) -> int:
    settings = find_project(Path.cwd())
    selected = _selection(args.paths, settings)
    content = gather_content(settings, now=_now(), checking=True)
    shown = [problem for problem in content.problems if selected is None or selected(problem)]
    _print_problems(shown)
    errors = sum(1 for problem in set(shown) if not problem.is_warning)
    warnings = len(set(shown)) - errors
    checked = (f"{len(content.plans)} kế hoạch, {len(content.posts)} bài viết, {len(content.answers)} bài hỏi đáp hợp lệ"
               if selected is None else "các tệp đã chọn")
    if errors:
        print(f"cchc check: {errors} lỗi, {warnings} cảnh báo ({checked}). Trang sẽ không xây dựng được cho tới khi sửa hết lỗi.",
              file=sys.stderr)
        return CONTENT
    print(f"cchc check: không có lỗi, {warnings} cảnh báo ({checked}).", file=sys.stderr)
    return OK


# --- cchc report ----------------------------------------------------------------------------------


# Why a file cannot be written, in Vietnamese (the system's own words are English).
_OS_REASONS = {
    errno.ENOENT: "không có thư mục chứa tệp", errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
    errno.EISDIR: "đó là một thư mục", errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOSPC: "ổ đĩa đã đầy", errno.ENAMETOOLONG: "tên tệp quá dài",
}


def _write_output(text: str, data: bytes) -> Path:
    """`--output`: the file written whole, or one line saying why not (a usage error)."""
    path = Path(text).expanduser()
    try:
        path.write_bytes(data)
    except OSError as error:
        reason = _OS_REASONS.get(error.errno or 0, f"lỗi hệ thống số {error.errno}")
        raise UsageError(f"--output: không ghi được tệp {text} ({reason})") from None
    return path


def _report_unit(given: str, plans: dict[int, Plan], posts: list[Post]) -> str:
    """The unit as the site names it: any spelling the site groups with it (same letters), else a usage error
    naming the likely intended unit, as `cchc new` does."""
    known = known_units(plans, posts)
    unit = " ".join(normalize(given).split())
    if entry := known.get(slugify(unit)):
        return entry.name
    raise UsageError(unknown_unit_message(unit, known))


def run_report(args: argparse.Namespace) -> int:
    settings = find_project(Path.cwd())
    if args.format == "docx" and args.output is None:
        raise UsageError("--format docx cần --output TỆP.docx (tệp Word không in ra màn hình)")
    if args.date is not None and args.format != "docx":
        raise UsageError("--date là ngày ghi ở đầu báo cáo Word, chỉ dùng cùng --format docx")
    if args.format == "docx" and (problem := settings.address_problem):  # every link of the report would be it
        raise UsageError(address_refusal("tạo báo cáo Word", problem))
    try:
        signed = parse_date(args.date) if args.date is not None else None
    except DateFormatError as error:
        raise UsageError(f"--date: {error} (tìm thấy: {args.date!r})") from None
    now = _now()
    try:
        content = load_content(settings, now=now)
    except ContentError as error:
        _print_problems(error.problems)
        print(f"cchc report: nội dung có {len(error.problems)} lỗi (liệt kê ở trên); sửa hết lỗi rồi chạy lại.", file=sys.stderr)
        return CONTENT
    if args.year not in content.plans:
        known = ", ".join(str(year) for year in sorted(content.plans)) or "chưa có kế hoạch nào"
        raise UsageError(f"không có kế hoạch năm {args.year} (các kế hoạch hiện có: {known})")
    unit = _report_unit(args.unit, content.plans, content.posts) if args.unit is not None else None
    site = build_site(content.plans, content.posts, now=now, preview=False)
    report = build_report(site, content.plans[args.year], unit=unit)
    options = settings.options.report
    if args.format == "docx":
        if unit is None:  # the Sở's report: the online questions and ratings, when staff committed the counts
            letterhead = letterhead_of_so(options, report.plan)
            feedback = content.feedback.of_year(args.year)[args.half] if content.feedback else None
        else:  # the counts are the site's, not a unit's
            letterhead = letterhead_of_unit(unit, load_units(settings)[0].get(slugify(unit)), options)
            feedback = None
        from cchc.reports.docx import render_docx  # python-docx takes a tenth of a second to import: not on every `cchc check`

        data = render_docx(report, args.half, letterhead=letterhead, site_url=settings.site_url, now=now, signed=signed,
                           feedback=feedback)
    elif args.format == "csv":
        data = render_csv(report, args.half)
    elif args.output is None:
        # The terminal's width when there is one; 80 columns otherwise (a file, a pipe, a printer).
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 80
        sys.stdout.write(report_text(report, args.half, markdown=args.format == "md", now=now, width=max(width, 40)))
        return OK
    else:
        data = report_text(report, args.half, markdown=args.format == "md", now=now).encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return OK
    path = _write_output(args.output, data)
    print(f"Đã ghi {path}.", file=sys.stderr)
    if args.format == "docx":
        print("Bản dự thảo: điền số văn bản, ngày (nếu chưa có), mục III và IV (các câu tô vàng) rồi trình ký.",
              file=sys.stderr)
    return OK


# --- cchc publish, cchc csp-hashes (for the webmaster) ---------------------------------------------


NGINX_CONFIG = Path("deploy") / "nginx" / "cchc.conf"  # the sample server block, in the repository


def publish_inputs(settings: Settings, now: datetime) -> releases.Inputs:
    """The fingerprint of everything the build reads, and the posts published at `now`."""
    content = gather_content(settings, now=now)  # problems fail the build itself; the files are hashed anyway
    published = {post.url: post.title for post in content.posts if post.is_published(now)}
    published |= {answer.url: answer.title for answer in content.answers if answer.is_published(now)}
    fingerprint = releases.fingerprint(
        inputs.files(settings), published=published,
        settings={"site_url": settings.site_url, "staging": str(settings.options.staging),  # staging → official republishes
                  "environment": "\n".join(inputs.environment(settings)), "distributions": "\n".join(inputs.distributions())},
    )
    return releases.Inputs(fingerprint, published)


def _log_file(text: str | None) -> Path | None:
    """The log file, checked before anything is built: a log that cannot be written is a usage error."""
    if text is None:
        return None
    path = Path(text).expanduser().resolve()
    if not path.parent.is_dir():
        raise UsageError(f"--log: không có thư mục {path.parent}")
    try:
        path.open("a", encoding="utf-8").close()
    except OSError as error:
        raise UsageError(f"--log: không ghi được vào {path} ({describe_os_error(error)})") from None
    return path


def _exit_on_terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_publish(args: argparse.Namespace) -> int:
    from cchc.publish import csp  # as in run_csp_hashes
    layout = releases.Layout.of(Path(args.dest))
    journal = releases.Journal(clock=_now, file=_log_file(args.log))
    try:
        if args.list:
            releases.inspect_dest(layout)
            lines = releases.describe_releases(layout)
            print("\n".join(lines) if lines else f"Chưa có bản phát hành nào cho {layout.dest}.")
            return OK
        if args.rollback:
            releases.rollback(layout, journal=journal, now=_now())
            return OK
        settings = project_for(args.staging)  # as the build reads it: staging exactly when asked
        now = _now().replace(microsecond=0)  # one "now" for the checks, the fingerprint and the build
        # systemd stops a unit with SIGTERM: exit through the `finally`s that stop the build and free the lock.
        signal.signal(signal.SIGTERM, _exit_on_terminate)
        nginx = Path(args.nginx) if args.nginx else settings.root / NGINX_CONFIG
        if args.nginx and not nginx.is_file():
            raise UsageError(f"--nginx: không có tệp {args.nginx}")
        # The go-live checklist reads the content: within the same time limit as the build's own reading.
        try:
            with TimeLimit(releases.BUILD_TIMEOUT):
                refusal = publish_refusal(settings, at=now, staging=args.staging)
        except TimeLimitExceeded:
            journal.error(f"KHÔNG xuất bản: đọc nội dung quá {releases.BUILD_TIMEOUT} giây; đã dừng.")
            return CONTENT
        if refusal:
            journal.error("\n".join(refusal))
            return CONTENT
        outcome = releases.publish(
            layout, inputs=lambda: publish_inputs(settings, now), now=now, journal=journal, keep=args.keep,
            build=releases.mkdocs_builder(settings.config_files[0], now=now, environ=staging_environ(args.staging)),
            if_changed=args.if_changed, migrate=args.migrate, staging=args.staging,
            check_release=csp.release_csp_warnings(nginx) if nginx.is_file() else None,
        )
    except releases.PublishError as error:
        journal.error(f"cchc publish: lỗi: {error}")
        return USAGE if error.usage else CONTENT
    except OSError as error:  # in the journal (--log) too, naming the path that failed
        journal.error(f"cchc publish: lỗi: {releases.os_problem(error)}")
        return CONTENT
    return CONTENT if outcome == releases.FAILED else OK


def _config_file() -> Path:
    start = Path.cwd().resolve()
    config_file = next((folder / "mkdocs.yml" for folder in (start, *start.parents) if (folder / "mkdocs.yml").is_file()), None)
    if config_file is None:
        raise UsageError("không tìm thấy mkdocs.yml ở thư mục này hay các thư mục cha; hãy chạy lệnh trong thư mục của kho")
    return config_file


def run_build(args: argparse.Namespace) -> int:
    from cchc.adapter.build import run_build as build

    config_file = Path(args.config_file) if args.config_file else _config_file()
    if not config_file.is_file():
        raise UsageError(f"không có tệp cấu hình {args.config_file}")
    return build(config_file, site_dir=Path(args.site_dir) if args.site_dir else None, strict=not args.khong_nghiem)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"địa chỉ phải có dạng máy:cổng, ví dụ 127.0.0.1:8000 (tìm thấy: {text!r})")
    return host, int(port)


def run_serve(args: argparse.Namespace) -> int:
    from cchc.preview.server import serve

    host, port = args.dia_chi
    try:
        return serve(_config_file(), host=host, port=port)
    except OSError as error:
        if error.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise UsageError(f"cổng {port} đang được dùng (có thể bản xem trước khác đang chạy); "
                             f"thử --dia-chi {host}:{port + 1}") from None
        raise


def run_csp_hashes(args: argparse.Namespace) -> int:
    from cchc.publish import csp  # only the commands that read built pages import it: not `cchc check`, on every commit
    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise UsageError(f"{args.site!r} không phải thư mục trang đã xây dựng (không có index.html)")
    code = csp.find_inline_code(site)
    for item in code:
        excerpt = " ".join(item.text.split())
        print(f"{item.source}  # {item.directive}, {item.kind}, {item.page}: {cut(excerpt, 70)}")
    print(f"\nadd_header Content-Security-Policy \"{csp.render_csp(code)}\" always;")
    if args.check is None:
        return OK
    try:
        policy = csp.nginx_csp(Path(args.check).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"--check: không đọc được {args.check} ({describe_os_error(error)})") from None
    if policy is None:
        print(f"{args.check}: không có dòng add_header Content-Security-Policy", file=sys.stderr)
        return CONTENT
    blocked = csp.not_allowed(code, policy)
    for item in blocked:
        print(f"{args.check}: thiếu {item.source} trong {item.directive} ({item.kind} ở {item.page})", file=sys.stderr)
    if blocked:
        print(f"cchc csp-hashes: CSP của {args.check} chặn {len(blocked)} đoạn mã nội tuyến; "
              "thêm các mã băm trên (hoặc thay cả dòng add_header ở trên) rồi nạp lại nginx.", file=sys.stderr)
        return CONTENT
    print(f"cchc csp-hashes: CSP của {args.check} cho phép mọi đoạn mã nội tuyến của {args.site}.", file=sys.stderr)
    return OK


# --- the parser -----------------------------------------------------------------------------------


def _positive_int(what: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        if not text.strip().isdigit():
            raise argparse.ArgumentTypeError(f"{what} phải là một số (tìm thấy: {text!r})")
        return int(text)
    return convert


def _parser() -> ArgumentParser:

    def para(text: str) -> str:
        return textwrap.fill(text, width=78)

    parser = ArgumentParser(
        prog="cchc",
        description="Công cụ cho người viết bài và quản trị web của trang tin cải cách hành chính Sở GDĐT Hưng Yên.",
        epilog="Xem hướng dẫn của từng lệnh: cchc LỆNH --help. Mã thoát: 0 xong, 1 nội dung có lỗi, 2 gọi lệnh sai.",
    )
    commands = parser.add_subparsers(title="các lệnh", dest="command", metavar="LỆNH", required=True)

    new = commands.add_parser(
        "new", help="tạo bài viết mới với front matter đầy đủ",
        description=para("Tạo tệp content/posts/<năm>/<tháng>/<địa-chỉ>.md với front matter đầy đủ và khung nội dung, "
                         "in đường dẫn tệp và địa chỉ của bài. Bài mới là bản nháp (draft: true). "
                         "Không bao giờ ghi đè tệp đã có."),
        epilog='Ví dụ: cchc new "Sở GDĐT tập huấn nghiệp vụ cải cách hành chính" --task 2 --unit "Văn phòng"',
    )
    new.add_argument("title", metavar="TIÊU_ĐỀ", help="tiêu đề bài viết (đặt trong ngoặc kép)")
    new.add_argument("--task", metavar="SỐ", type=_positive_int("số nhiệm vụ"), action="append", required=True,
                     help="số thứ tự nhiệm vụ trong phụ lục kế hoạch; lặp lại nếu bài thực hiện nhiều nhiệm vụ: "
                          "--task 5 --task 7")
    new.add_argument("--unit", metavar="ĐƠN_VỊ", required=True, help='đơn vị viết bài, ví dụ "Văn phòng"')
    new.add_argument("--date", metavar="NGÀY",
                     help='ngày giờ đăng (giờ Việt Nam): "2022-03-15 08:30" hoặc 2022-03-15; mặc định là bây giờ')
    new.add_argument("--plan", metavar="NĂM", type=_positive_int("năm kế hoạch"),
                     help="năm của kế hoạch mà bài báo cáo, khi khác năm của ngày đăng "
                          "(ví dụ bài tháng 1/2023 cho kế hoạch 2022)")
    new.add_argument("--slug", metavar="ĐỊA_CHỈ",
                     help="địa chỉ của bài (chữ thường không dấu, gạch ngang); mặc định lấy từ tiêu đề")
    new.add_argument("--explainer", action="store_true",
                     help="bài hướng dẫn thủ tục hành chính: thêm khối procedure để điền thông tin thủ tục")
    new.add_argument("--new-unit", action="store_true",
                     help="xác nhận ĐƠN_VỊ là đơn vị mới (chưa có bài nào và không có trong kế hoạch)")
    new.set_defaults(run=run_new)

    check = commands.add_parser(
        "check", help="kiểm tra kế hoạch và bài viết, không cần xây dựng trang",
        description=para("Kiểm tra mọi kế hoạch và bài viết như khi xây dựng trang, in mỗi vấn đề một dòng "
                         "`đường-dẫn:dòng: nội dung`. Lỗi làm trang không xây dựng được; cảnh báo (dòng có chữ "
                         "\"cảnh báo:\") là điều hợp lệ nhưng có thể nhầm. Mã thoát 1 khi có lỗi, 0 khi chỉ có "
                         "cảnh báo."),
        epilog="Ví dụ: cchc check  (kiểm tra tất cả)  ·  cchc check content/posts/2022/03/tin-moi.md",
    )
    check.add_argument("paths", metavar="ĐƯỜNG_DẪN", nargs="*",
                       help="chỉ in vấn đề của các tệp hoặc thư mục này (vẫn đọc toàn bộ nội dung); "
                            "có tệp kế hoạch thì in tất cả")
    check.set_defaults(run=run_check)

    report = commands.add_parser(
        "report", help="báo cáo thực hiện kế hoạch: số tin bài theo nhiệm vụ, đơn vị, kỳ",
        description=para("In báo cáo thực hiện kế hoạch của NĂM (mục III của kế hoạch): số tin bài đã đăng của "
                         "từng nhiệm vụ trong 6 tháng đầu năm và cả năm, các đơn vị đã đăng bài, nhiệm vụ chưa có "
                         "tin bài, tổng theo đơn vị. Không tính bản nháp và bài hẹn giờ; kỳ tính theo ngày giờ "
                         "Việt Nam; bài đăng sau năm kế hoạch (ghi plan: NĂM) tính vào 6 tháng cuối năm. "
                         "Với --format docx: báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP, của Sở gửi UBND tỉnh "
                         "và Sở Nội vụ, hoặc với --unit của đơn vị gửi Sở (chỉ tính tin bài của đơn vị)."),
        epilog=("Ví dụ:\n"
                "  cchc report 2022 --half 1\n"
                "  cchc report 2022 --format csv > bao-cao-2022.csv\n"
                "  cchc report 2022 --half 1 --format docx --output bao-cao-6-thang-2022.docx --date 2022-06-20\n"
                '  cchc report 2022 --unit "Phòng GDĐT huyện Văn Lâm" --format docx --output bao-cao-nam-2022.docx'),
    )
    report.add_argument("year", metavar="NĂM", type=_positive_int("năm"), help="năm của kế hoạch, ví dụ 2022")
    report.add_argument("--half", type=int, choices=(1, 2),
                        help="chỉ một kỳ: 1 = 6 tháng đầu năm, 2 = 6 tháng cuối năm; mặc định cả năm")
    report.add_argument("--unit", metavar="ĐƠN_VỊ",
                        help='chỉ tính tin bài của một đơn vị, ví dụ "Phòng GDĐT huyện Văn Lâm"; với --format docx là '
                             "báo cáo của đơn vị gửi Sở (thông tin phần đầu lấy từ tệp đơn vị, xem huong-dan/gop-y-va-bao-cao.md)")
    report.add_argument("--format", choices=("table", "csv", "md", "docx"), default="table",
                        help="table: bảng đọc trên màn hình (mặc định); csv: tệp cho Excel (UTF-8 có BOM); md: Markdown; "
                             "docx: báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP (cần --output)")
    report.add_argument("--output", metavar="TỆP", help="ghi vào TỆP thay vì in ra màn hình (bắt buộc với --format docx)")
    report.add_argument("--date", metavar="NGÀY",
                        help="ngày ghi ở dòng địa danh, ngày tháng của báo cáo Word, dạng YYYY-MM-DD; "
                             "bỏ trống thì để \"ngày … tháng … năm …\" để điền tay")
    report.set_defaults(run=run_report)

    publish = commands.add_parser(
        "publish", help="xuất bản trang lên máy chủ web: xây dựng, kiểm tra, chuyển một bước (quản trị web)",
        description=para("Trước hết kiểm tra danh sách của cchc preflight (địa chỉ trang, thông tin cơ quan, bài mẫu, "
                         "kế hoạch năm nay) và từ chối khi còn mục chưa đạt. Rồi xây dựng trang vào một thư mục mới "
                         "cạnh ĐÍCH (ĐÍCH.releases/<thời-điểm>-<số>), kiểm tra "
                         "(xây dựng thành công; có trang chủ, trang 404 và tệp RSS 2.0, có tin khi đã có bài đăng), "
                         "rồi mới chuyển "
                         "ĐÍCH (một liên kết tượng trưng) sang bản mới trong một bước. Xây dựng lỗi hay bị dừng giữa "
                         "chừng thì trang đang phục vụ giữ nguyên từng byte. Giữ các bản gần nhất để quay lại ngay. "
                         "ĐÍCH là thư mục thường (chép tay từ trước) thì lệnh từ chối, trừ khi có --migrate. "
                         "Mã thoát: 0 xong (hoặc không có gì để làm), 1 chưa đạt danh sách kiểm tra, xây dựng hay "
                         "kiểm tra thất bại, 2 gọi lệnh sai."),
        epilog=("Ví dụ:\n"
                "  cchc publish /srv/cchc/site                      xuất bản ngay\n"
                "  cchc publish --staging /srv/cchc/thu             bản thử (noindex, ghi rõ không chính thức)\n"
                "  cchc publish --if-changed --log /var/log/cchc/xuat-ban.log /srv/cchc/site\n"
                "                                                   (bộ hẹn giờ, mỗi 15 phút)\n"
                "  cchc publish --rollback /srv/cchc/site           quay lại bản trước\n"
                "  cchc publish --list /srv/cchc/site               các bản đang giữ"),
    )
    publish.add_argument("dest", metavar="ĐÍCH", help="đường dẫn máy chủ web phục vụ, ví dụ /srv/cchc/site")
    action = publish.add_mutually_exclusive_group()
    action.add_argument("--if-changed", action="store_true",
                        help="chỉ xây dựng khi nội dung, mã hay cấu hình đã đổi hoặc có bài hẹn giờ vừa tới giờ đăng "
                             "(dùng cho bộ hẹn giờ)")
    action.add_argument("--rollback", action="store_true",
                        help="quay lại bản trước bản đang phục vụ (không xây dựng); tạm dừng --if-changed cho tới "
                             "lần xuất bản bằng tay sau")
    action.add_argument("--list", action="store_true", help="liệt kê các bản đang giữ, đánh dấu bản đang phục vụ")
    publish.add_argument("--keep", metavar="N", type=_positive_int("số bản giữ lại"), default=releases.DEFAULT_KEEP,
                         help=f"số bản giữ lại để quay lại (mặc định {releases.DEFAULT_KEEP})")
    publish.add_argument("--log", metavar="TỆP", help="ghi thêm nhật ký vào cuối tệp này (ngoài màn hình)")
    publish.add_argument("--nginx", metavar="TỆP",
                         help="tệp cấu hình nginx đang dùng: báo (cảnh báo) nếu Content-Security-Policy của nó chặn "
                              "đoạn script nội tuyến nào của bản mới; mặc định deploy/nginx/cchc.conf của kho")
    publish.add_argument("--staging", action="store_true",
                         help="bản thử: mọi trang ghi \"bản thử, không phải trang chính thức\" và có noindex; không "
                              "cần thông tin cơ quan thật và được còn bài mẫu (địa chỉ trang vẫn phải đúng)")
    publish.add_argument("--migrate", action="store_true",
                         help="ĐÍCH đang là thư mục thường hoặc liên kết tự tạo: nhận quản lý nó; thư mục cũ thành "
                              "một bản để quay lại")
    publish.set_defaults(run=run_publish)

    build = commands.add_parser(
        "build", help="xây dựng toàn bộ trang vào site/ (như make build)",
        description=para("Xây dựng toàn bộ trang bằng MkDocs với cấu hình mkdocs.yml của kho, in thông báo bằng tiếng "
                         "Việt. Nội dung có lỗi thì dừng trước khi động tới thư mục đầu ra, in mỗi lỗi một dòng "
                         "`đường-dẫn:dòng: …`. Mã thoát 1 khi có lỗi."),
        epilog="Ví dụ: cchc build  ·  cchc build -d /tmp/ban-thu",
    )
    build.add_argument("-d", "--site-dir", metavar="THƯ_MỤC", help="thư mục đầu ra (mặc định site/)")
    build.add_argument("-f", "--config-file", metavar="TỆP", help="tệp cấu hình (mặc định mkdocs.yml của kho)")
    build.add_argument("--khong-nghiem", action="store_true",
                       help="không dừng vì cảnh báo của MkDocs (mặc định: dừng, như make build)")
    build.set_defaults(run=run_build)

    serve = commands.add_parser(
        "serve", help="xem trước trang trên máy mình, tự cập nhật mỗi lần lưu tệp",
        description=para("Dựng trang vào một thư mục tạm và mở bản xem trước tại http://127.0.0.1:8000/cchc/. Mỗi lần "
                         "lưu một tệp trong content/, plan/, docs/ hay overrides/, các trang liên quan được dựng lại và "
                         "trình duyệt tự tải lại. Bản nháp và bài hẹn giờ hiện ra, có ghi chú; cảnh báo của bài hiện "
                         "trên trang bài; khi nội dung có lỗi, mọi trang hiện danh sách lỗi cho tới khi sửa xong."),
        epilog="Ví dụ: cchc serve  ·  cchc serve --dia-chi 127.0.0.1:8001",
    )
    serve.add_argument("--dia-chi", metavar="MÁY:CỔNG", type=_address, default=("127.0.0.1", 8000),
                       help="địa chỉ nghe (mặc định 127.0.0.1:8000)")
    serve.set_defaults(run=run_serve)

    hashes = commands.add_parser(
        "csp-hashes", help="mã băm CSP cho các đoạn mã nội tuyến của trang đã xây dựng (quản trị web)",
        description=para("Liệt kê mọi đoạn script nội tuyến (và thuộc tính style) của các trang trong THƯ_MỤC "
                         "cùng mã băm 'sha256-…' mà Content-Security-Policy phải cho phép, rồi in dòng add_header "
                         "cho nginx. Với --check, so với CSP trong một tệp cấu hình nginx: mã thoát 1 khi thiếu."),
        epilog="Ví dụ: cchc csp-hashes site/ --check deploy/nginx/cchc.conf",
    )
    hashes.add_argument("site", metavar="THƯ_MỤC", help="thư mục trang đã xây dựng, ví dụ site/")
    hashes.add_argument("--check", metavar="TỆP_NGINX", help="tệp cấu hình nginx có dòng add_header Content-Security-Policy")
    hashes.set_defaults(run=run_csp_hashes)

    add_golive_commands(commands)
    add_feedback_commands(commands, lambda: find_project(Path.cwd()))
    add_editor_commands(commands, lambda: find_project(Path.cwd()))
    return parser


def _utf8_output() -> None:
    """Vietnamese and ✓/✗ even when Windows redirects the output to a file or a pipe (its code page
    would be cp1252 or cp437 there, and print() would fail)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else USAGE
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"cchc {args.command}: lỗi: {error}", file=sys.stderr)
        return USAGE
    except ContentError as error:
        _print_problems(error.problems)
        return CONTENT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `cchc report 2022 | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as error:  # a folder that cannot be read or written
        where = f" ({printable(os.fsdecode(error.filename))})" if error.filename else ""
        print(f"cchc {args.command}: lỗi: {describe_os_error(error)}{where}", file=sys.stderr)
        return CONTENT

