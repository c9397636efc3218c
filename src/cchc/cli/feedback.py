"""`cchc gop-y …`: the staff commands on the server where the database is, and the service runner.

They read the database and print, or write only to the file they are given, and never into the
server's clone of the repository: the Q&A skeleton and the counts file are moved by staff into their
own clone, checked, reviewed and pushed like any post. Every message is Vietnamese; no traceback.
Exit codes as the rest of `cchc`: 0 done, 1 nothing to do it on (unknown code, database error), 2 usage."""

from __future__ import annotations

import argparse
import errno
import sys
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cchc import clock, urls
from cchc.content.personal_data import Public
from cchc.content.settings import Settings, address_refusal, official_url_problem
from cchc.dates import LOCAL_TZ, DateFormatError, format_short, parse_date
from cchc.gopy.config import ServiceConfig, service_config
from cchc.gopy.export import answer_skeleton, counts_file, local, monthly_counts, questions_csv
from cchc.gopy.store import ANSWERED, DRAFTING, NEW, STATUS_LABELS, StorageUnavailable, Store, StoredQuestion, retention_cutoff
from cchc.model import Post
from cchc.problems import describe_os_error
from cchc.receipts import parse_code

OK, PROBLEM, USAGE = 0, 1, 2


class StaffError(Exception):
    def __init__(self, message: str, code: int = PROBLEM) -> None:
        super().__init__(message)
        self.code = code


# --- shared --------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Stored text on a terminal: no escape sequence survives (the service strips them; a tampered
    database must not drive the terminal either)."""
    return "".join(char if char == "\n" or unicodedata.category(char) not in ("Cc", "Cf") else "�" for char in text)


def _when(moment: datetime) -> str:
    return format_short(local(moment), with_time=True)


def _day(text: str | None, option: str, *, end: bool = False) -> datetime | None:
    if text is None:
        return None
    try:
        day = parse_date(text)
    except DateFormatError as error:
        raise StaffError(f"{option}: {error} (tìm thấy: {text!r})", USAGE) from None
    start = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
    return start + timedelta(days=1) if end else start  # --to is inclusive


def _output(path_text: str, settings: Settings) -> Path:
    path = Path(path_text).expanduser().resolve()
    if path.is_relative_to(settings.root.resolve()):
        raise StaffError(f"không ghi vào bản sao kho trên máy chủ ({path}); hãy ghi ra thư mục khác (ví dụ ~/ hoặc /tmp) "
                         "rồi chép tệp vào bản sao kho của bạn", USAGE)
    if not path.parent.is_dir():
        raise StaffError(f"không có thư mục {path.parent}", USAGE)
    return path


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise StaffError(f"không ghi được {path} ({error.strerror})") from None


def _question(store: Store, text: str) -> StoredQuestion:
    code = parse_code(text)
    if code is None:
        raise StaffError(f"{text!r} không phải mã tiếp nhận (8 ký tự, không có 0, O, 1, I, L)", USAGE)
    item = store.question(code)
    if item is None:
        raise StaffError(f"không có câu hỏi mã {code}")
    return item


# --- the commands --------------------------------------------------------------------------------


def run_list(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    items = store.questions(only_open=not args.all, start=_day(args.since, "--from"), end=_day(args.until, "--to", end=True))
    if not items:
        print("Không có câu hỏi nào." if args.all else "Không có câu hỏi mới hay đang trả lời.")
        return OK
    print(f"{'Mã':<8}  {'Ngày nhận':<25}  {'Trạng thái':<12}  Tiêu đề")
    for item in items:  # newest first
        print(f"{item.code:<8}  {_when(item.received_at):<25}  {item.status_label:<12}  {_printable(item.subject)[:80]}")
    counts = Counter(item.status for item in items)
    print("\n" + ", ".join(f"{counts[status]} {label}" for status, label in STATUS_LABELS.items() if counts[status])
          + ". Xem một câu hỏi: cchc gop-y xem MÃ")
    return OK


def run_show(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    item = _question(store, args.code)
    lines = [
        f"Mã tiếp nhận: {item.code}",
        f"Ngày nhận: {_when(item.received_at)}",
        f"Trạng thái: {item.status_label}",
        f"Tiêu đề: {_printable(item.subject)}",
        f"Trang liên quan: {_printable(item.page) or '—'}",
        f"Họ tên: {_printable(item.name) or '—'} (đồng ý công bố họ tên: {'có' if item.publish_name else 'không'})",
        f"Liên hệ: {_printable(item.contact) or '—'}",
    ]
    if item.purged:
        lines.append("Thông tin cá nhân đã được xóa theo thời hạn lưu trữ.")
    if item.status == ANSWERED:
        lines.append(f"Câu trả lời: {item.answer_url} ({_when(item.answered_at) if item.answered_at else ''})")
    lines += ["Nội dung:", *("    " + line for line in _printable(item.content).split("\n"))]
    print("\n".join(lines))
    return OK


def run_csv(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    data = questions_csv(reversed(store.questions(start=_day(args.since, "--from"), end=_day(args.until, "--to", end=True))))
    if args.output:
        path = _output(args.output, settings)
        _write(path, data)
        print(f"Đã ghi {path}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return OK


def _related(settings: Settings, page: str) -> Post | None:
    """The post a question is about, when the citizen named one (the explainer's link fills it in)."""
    from cchc.build.pipeline import gather_content

    path = page.strip()
    path = (path.split(settings.site_url, 1)[-1] if settings.site_url else path).lstrip("/")
    if not path:
        return None
    return next((post for post in gather_content(settings).posts if post.url in (path, path + "/")), None)


def run_answer(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    item = _question(store, args.code)
    post = _related(settings, item.page)
    text = answer_skeleton(item, task=args.task if args.task is not None else (post.task_ids[0] if post else None),
                           plan=args.plan if args.plan is not None else (post.plan_year if post else None),
                           field=post.procedure.field if post and post.procedure else "", page=post.url if post else "",
                           unit=args.unit, today=clock.now(), public=Public.of(settings.agency.contacts))
    if args.output:
        path = _output(args.output, settings)
        _write(path, text.encode("utf-8"))
        print(f"Đã ghi {path}. Chép tệp vào content/hoi-dap/{item.code.lower()}.md trong bản sao kho của bạn.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if item.status == NEW:
        store.set_status(item.code, DRAFTING)
    return OK


def run_answered(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    """The stored address is shown to staff and exported as the place of the answer: never a sample."""
    item = _question(store, args.code)
    if args.url is not None:
        url = args.url
        if not url.startswith(("https://", "http://")):
            raise StaffError(f"--url phải là địa chỉ đầy đủ, bắt đầu bằng https:// (tìm thấy: {url!r})", USAGE)
        if problem := official_url_problem(url):
            raise StaffError(f"--url: {problem}", USAGE)
    elif problem := settings.address_problem:
        raise StaffError(address_refusal("ghi địa chỉ câu trả lời", problem), USAGE)
    else:
        url = settings.site_url + urls.answer(item.code)
    store.set_status(item.code, ANSWERED, answer_url=url)
    print(f"Đã đánh dấu {item.code} là đã trả lời: {url}")
    return OK


def run_ratings(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    ratings = store.ratings(start=_day(args.since, "--from"), end=_day(args.until, "--to", end=True))
    if not ratings:
        print("Chưa có đánh giá nào trong thời gian này.")
        return OK
    pages: dict[str, Counter[bool]] = {}
    months: dict[str, Counter[bool]] = {}
    for page, useful, _, moment in ratings:
        pages.setdefault(page, Counter())[useful] += 1
        months.setdefault(f"{local(moment):%m/%Y}", Counter())[useful] += 1
    print(f"{'Có':>6}  {'Chưa':>6}  Trang")
    for page, count in sorted(pages.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        print(f"{count[True]:>6}  {count[False]:>6}  {_printable(page)}")
    print(f"\n{'Có':>6}  {'Chưa':>6}  Tháng")
    for month, count in sorted(months.items(), key=lambda item: item[0][3:] + item[0][:2]):
        print(f"{count[True]:>6}  {count[False]:>6}  {month}")
    if args.comments:
        print("\nÝ kiến kèm đánh giá:")
        for page, useful, comment, moment in ratings:
            if comment:
                print(f"- {_when(moment)} · {_printable(page)} · {'Có' if useful else 'Chưa'}: {_printable(comment)}")
    return OK


def run_counts(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    text = counts_file(monthly_counts(store.questions(), store.ratings()), now=clock.now())
    if args.output == "-":
        sys.stdout.write(text)
        return OK
    path = _output(args.output, settings)
    _write(path, text.encode("utf-8"))
    print(f"Đã ghi {path}. Chép tệp vào content/hoi-dap/so-lieu.yml trong bản sao kho của bạn rồi commit.", file=sys.stderr)
    return OK


def run_purge(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    cutoff = retention_cutoff(clock.now(), config.retention_days)
    questions, ratings = store.purge_personal(cutoff)
    print(f"Đã xóa thông tin cá nhân nhận trước {format_short(local(cutoff))} (thời hạn lưu {config.retention_days} ngày): "
          f"{questions} câu hỏi, {ratings} ý kiến kèm đánh giá.")
    return OK


def run_backup(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    target = Path(args.file).expanduser().resolve()
    if target.exists():
        raise StaffError(f"đã có tệp {target}; chọn tên khác (sao lưu không ghi đè)", USAGE)
    if not target.parent.is_dir():
        raise StaffError(f"không có thư mục {target.parent}", USAGE)
    store.backup(target)
    print(f"Đã sao lưu cơ sở dữ liệu góp ý vào {target}")
    return OK


def run_service(args: argparse.Namespace, config: ServiceConfig, store: Store, settings: Settings) -> int:
    from cchc.gopy.server import serve

    if problem := settings.address_problem:  # each receipt tells the citizen where the answer will be
        raise StaffError(address_refusal("chạy dịch vụ góp ý (biên nhận gửi người dân ghi địa chỉ câu trả lời)", problem), USAGE)
    where = f"ổ cắm unix {args.socket}: " if args.socket else f"http://{args.host}:{args.port}"
    print(f"Dịch vụ góp ý: {where}{config.question_endpoint} và {config.rating_endpoint} "
          f"(cơ sở dữ liệu {config.database}). Dừng bằng Ctrl+C.", file=sys.stderr, flush=True)
    try:
        serve(settings, args.host, args.port, socket=Path(args.socket) if args.socket else None,
              site=Path(args.site) if args.site else settings.root / "site")
    except OSError as error:  # the address is taken, the socket's folder is missing or not ours
        reason = "đã có chương trình khác nghe ở đó" if error.errno == errno.EADDRINUSE else describe_os_error(error)
        raise StaffError(f"không nghe được trên {args.socket or f'{args.host}:{args.port}'}: {reason}") from None
    return OK


# --- wiring into `cchc` --------------------------------------------------------------------------


Runner = Callable[[argparse.Namespace, ServiceConfig, Store, Settings], int]


def _runner(command: Runner, find_project: Callable[[], Settings]) -> Callable[[argparse.Namespace], int]:
    """The command with its settings and database; a bad mkdocs.yml is `cchc`'s to report (ContentError)."""
    def run(args: argparse.Namespace) -> int:
        settings = find_project()
        config = service_config(settings)
        store = Store(config.database, max_bytes=config.max_database_mb * 2**20)
        try:
            if command is not run_service:
                if not config.database.is_file():
                    raise StaffError(f"chưa có cơ sở dữ liệu góp ý {config.database} (dịch vụ chưa nhận góp ý nào, "
                                     "hoặc extra.cchc.feedback.database trong mkdocs.yml chỉ sai chỗ)")
                store.initialise()
            try:
                return command(args, config, store, settings)
            finally:
                store.close()
        except StaffError as error:
            print(f"cchc gop-y: lỗi: {error}", file=sys.stderr)
            return error.code
        except StorageUnavailable as error:
            print(f"cchc gop-y: lỗi: không đọc hay ghi được cơ sở dữ liệu góp ý ({error})", file=sys.stderr)
            return PROBLEM
    return run


def add_commands(commands: Any, find_project: Callable[[], Settings]) -> None:
    """`cchc gop-y` and its subcommands, added to the `cchc` parser's subcommands."""
    def span(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--from", dest="since", metavar="NGÀY", help="từ ngày (YYYY-MM-DD, giờ Việt Nam)")
        parser.add_argument("--to", dest="until", metavar="NGÀY", help="đến hết ngày (YYYY-MM-DD)")

    def bind(parser: argparse.ArgumentParser, command: Runner) -> None:
        parser.set_defaults(run=_runner(command, find_project))

    top = commands.add_parser(
        "gop-y", help="góp ý, đánh giá trực tuyến: xem, trả lời, xuất, sao lưu (trên máy chủ có cơ sở dữ liệu)",
        description=textwrap.fill("Không có LỆNH: liệt kê câu hỏi mới và đang trả lời, mới nhất trước. Các lệnh chỉ đọc "
                                  "cơ sở dữ liệu góp ý (extra.cchc.feedback.database) và chỉ ghi vào tệp được chỉ định, "
                                  "không bao giờ vào bản sao kho.", width=78),
        epilog="Ví dụ: cchc gop-y  ·  cchc gop-y xem K7M3QX9A  ·  cchc gop-y tra-loi K7M3QX9A --output ~/k7m3qx9a.md",
    )
    top.add_argument("--all", action="store_true", help="liệt kê cả câu hỏi đã trả lời")
    span(top)
    bind(top, run_list)
    sub = top.add_subparsers(title="các lệnh", dest="feedback_command", metavar="LỆNH")

    show = sub.add_parser("xem", help="xem một câu hỏi")
    show.add_argument("code", metavar="MÃ", help="mã tiếp nhận")
    bind(show, run_show)

    export = sub.add_parser("xuat-csv", help="xuất câu hỏi của một khoảng thời gian ra CSV (UTF-8 có BOM, mở bằng Excel)",
                            epilog="Ví dụ: cchc gop-y xuat-csv --from 2026-01-01 --to 2026-06-30 --output ~/gop-y.csv")
    span(export)
    export.add_argument("--output", metavar="TỆP", help="ghi vào TỆP thay vì in ra màn hình")
    bind(export, run_csv)

    answer = sub.add_parser(
        "tra-loi", help="in (hoặc ghi ra TỆP) khung bài Hỏi đáp cho content/hoi-dap/ để viết câu trả lời",
        description=textwrap.fill("Khung bài gồm câu hỏi như sẽ đăng (rút gọn; đã ẩn số điện thoại, số CCCD/CMND, số tài "
                                  "khoản, thư điện tử, họ tên người hỏi; đầu tệp ghi những gì máy không dò được, như tên "
                                  "người khác, địa chỉ nhà: phải đọc lại; khóa asker chỉ có khi người gửi đồng ý công bố "
                                  "họ tên), nhiệm vụ liên quan và chỗ viết câu trả lời. "
                                  "Chép vào content/hoi-dap/<mã>.md trong bản sao kho của bạn, viết, chạy cchc check, "
                                  "commit. Câu hỏi chuyển sang trạng thái đang trả lời.", width=78),
    )
    answer.add_argument("code", metavar="MÃ", help="mã tiếp nhận")
    answer.add_argument("--output", metavar="TỆP", help="ghi vào TỆP thay vì in ra màn hình")
    answer.add_argument("--task", metavar="SỐ", type=int, help="số nhiệm vụ trong phụ lục kế hoạch mà câu hỏi liên quan")
    answer.add_argument("--plan", metavar="NĂM", type=int, help="năm của kế hoạch; mặc định năm nhận câu hỏi")
    answer.add_argument("--unit", metavar="ĐƠN_VỊ", default="Văn phòng", help='đơn vị trả lời (mặc định "Văn phòng")')
    bind(answer, run_answer)

    answered = sub.add_parser("da-tra-loi", help="đánh dấu câu hỏi đã trả lời, kèm địa chỉ câu trả lời")
    answered.add_argument("code", metavar="MÃ", help="mã tiếp nhận")
    answered.add_argument("--url", metavar="ĐỊA_CHỈ", help=f"địa chỉ câu trả lời; mặc định trang {urls.ANSWERS}<mã>/ của trang tin")
    bind(answered, run_answered)

    ratings = sub.add_parser("danh-gia", help="số đánh giá Có/Chưa hữu ích theo trang và theo tháng")
    span(ratings)
    ratings.add_argument("--comments", action="store_true", help="in cả ý kiến kèm đánh giá")
    bind(ratings, run_ratings)

    counts = sub.add_parser("so-lieu", help="ghi tệp số liệu theo tháng cho báo cáo thực hiện kế hoạch (content/hoi-dap/so-lieu.yml)")
    counts.add_argument("output", metavar="TỆP", help="tệp ghi ra (ngoài bản sao kho), hoặc - để in ra màn hình")
    bind(counts, run_counts)

    purge = sub.add_parser("xoa-thong-tin-ca-nhan", help="xóa họ tên, liên hệ, ý kiến quá thời hạn lưu (retention_days)")
    bind(purge, run_purge)

    backup = sub.add_parser("sao-luu", help="sao lưu cơ sở dữ liệu khi dịch vụ vẫn chạy")
    backup.add_argument("file", metavar="TỆP", help="tệp sao lưu mới, ví dụ /var/backups/cchc/gop-y-2026-06-30.sqlite3")
    bind(backup, run_backup)

    service = sub.add_parser("chay", help="chạy dịch vụ góp ý (waitress; systemd gọi lệnh này)")
    service.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định 127.0.0.1)")
    service.add_argument("--port", type=int, default=8090, help="cổng (mặc định 8090)")
    service.add_argument("--socket", metavar="ĐƯỜNG_DẪN", help="nghe trên ổ cắm unix này thay vì cổng TCP (máy chủ Linux "
                         "có nginx: chỉ nginx mở được ổ cắm, nên dịch vụ tin địa chỉ người gửi mà nginx chuyển tới)")
    service.add_argument("--trang", dest="site", metavar="THƯ_MỤC", help="thư mục trang đã dựng mà nginx phục vụ (ĐÍCH "
                         "của cchc publish, như /srv/cchc/site): trang biên nhận khi tắt JavaScript lấy đầu trang, trình "
                         "đơn của trang tin từ đó; mặc định thư mục site/ của kho")
    bind(service, run_service)

