"""`cchc preflight`, `cchc samples`, `cchc new-plan`: the webmaster's way from a fresh clone to the live
site (huong-dan/quan-tri-web.md, "Đưa trang vào hoạt động"), and the go-live gate that `cchc publish` passes before it
builds anything (the checklist itself is cchc.publish.checklist)."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.build.pipeline import gather_content
from cchc.cli.common import CONTENT, OK, UsageError, find_project, now, print_problems
from cchc.content.frontmatter import shown_path
from cchc.content.settings import Settings

if TYPE_CHECKING:
    from cchc.publish.checklist import Result

# The checklist, the samples and the plan skeleton are imported by the commands that use them: this module
# is imported for its parsers by every `cchc` command, `cchc check` on every commit among them.

# mkdocs.yml reads `extra.cchc.staging` from it; `cchc publish --staging` sets it for its build.
STAGING_VARIABLE = "CCHC_STAGING"
FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100


def staging_environ(staging: bool, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment of a build: staging exactly when asked, whatever the shell had exported."""
    return {**environ, STAGING_VARIABLE: "true" if staging else "false"}


@contextmanager
def _staging_environment(staging: bool) -> Iterator[None]:
    before = os.environ.get(STAGING_VARIABLE)
    os.environ[STAGING_VARIABLE] = staging_environ(staging)[STAGING_VARIABLE]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(STAGING_VARIABLE, None)
        else:
            os.environ[STAGING_VARIABLE] = before


def project_for(staging: bool) -> Settings:
    """The settings as the build will read them, in staging mode or not (mkdocs.yml: `!ENV CCHC_STAGING`)."""
    with _staging_environment(staging):
        return find_project(Path.cwd())


def checklist(settings: Settings, *, at: datetime, staging: bool, gate_only: bool = False) -> list[Result]:
    from cchc.publish.checklist import Facts, run_checklist
    content = gather_content(settings)
    facts = Facts(settings=settings, plans=content.plans, posts=content.posts, problems=content.problems, now=at,
                  staging=staging)
    return run_checklist(facts, gate_only=gate_only)


def _line(result: Result) -> str:
    from cchc.publish.checklist import symbol
    return f"{symbol(result)} {result.text}" + (" (bản thử: không bắt buộc)" if result.waived and not result.ok else "")


def publish_refusal(settings: Settings, *, at: datetime, staging: bool) -> list[str]:
    """The lines `cchc publish` prints instead of publishing (empty: it may publish)."""
    from cchc.publish.checklist import failures
    failed = failures(checklist(settings, at=at, staging=staging, gate_only=True))
    if not failed:
        return []
    hint = "" if staging else "; bản thử (không cần thông tin cơ quan, còn bài mẫu): cchc publish --staging ĐÍCH"
    return [*(_line(result) for result in failed),
            f"KHÔNG xuất bản: {len(failed)} mục của danh sách kiểm tra trước khi đưa trang vào hoạt động chưa đạt "
            f"(xem cả danh sách: cchc preflight{' --staging' if staging else ''}){hint}."]


# --- cchc preflight -------------------------------------------------------------------------------


def run_preflight(args: argparse.Namespace) -> int:
    from cchc.publish.checklist import failures
    settings = project_for(args.staging)
    results = checklist(settings, at=now(), staging=args.staging)
    kind = "bản thử" if args.staging else "bản chính thức"
    print(f"Danh sách kiểm tra trước khi đưa trang vào hoạt động ({kind}):")
    for result in results:
        print(_line(result))
    failed = failures(results)
    if failed:
        print(f"cchc preflight: {len(failed)} mục chưa đạt (✗); làm theo hướng dẫn ở từng dòng rồi chạy lại. "
              "cchc publish từ chối xuất bản cho tới khi mọi mục đạt.", file=sys.stderr)
        return CONTENT
    print(f"cchc preflight: mọi mục đều đạt; có thể xuất bản {kind}.", file=sys.stderr)
    return OK


# --- cchc samples ---------------------------------------------------------------------------------


def run_samples(args: argparse.Namespace) -> int:
    from cchc.authoring.samples import find_samples, remove_samples
    settings = find_project(Path.cwd())
    content = gather_content(settings)
    samples = find_samples(settings, content.posts, now())
    root = settings.root
    unreadable = {problem.path for problem in content.errors
                  if (root / problem.path).resolve().is_relative_to(settings.posts_dir.resolve())}
    if args.remove:
        files, folders = remove_samples(samples, posts_dir=settings.posts_dir)
        for path in files:
            print(f"Đã xóa {shown_path(path, root)}")
        for folder in folders:
            print(f"Đã xóa thư mục rỗng {shown_path(folder, root)}/")
        print(f"cchc samples: đã xóa {samples.posts} tin bài mẫu và {len(files) - samples.posts} tệp đi kèm; "
              "không động tới tệp nào khác.", file=sys.stderr)
    elif samples.files:
        print("Nội dung mẫu (xóa bằng cchc samples --remove):")
        for item in samples.files:
            print(f"  {shown_path(item.path, root)}  ({item.what})")
    else:
        print("Không còn tin bài mẫu.")
    if samples.agency_line:
        print(f"Thông tin cơ quan mẫu: {samples.agency_line} (extra.cchc.agency, sample: true); lệnh không sửa "
              "được: điền thông tin liên hệ đã công bố của Sở vào extra.cchc.agency rồi xóa dòng sample.")
    if unreadable:
        print(f"Lưu ý: {len(unreadable)} tệp tin bài có lỗi nên không biết có phải bài mẫu không "
              "(chạy cchc check để xem).", file=sys.stderr)
    return OK


# --- cchc new-plan --------------------------------------------------------------------------------


def run_new_plan(args: argparse.Namespace) -> int:
    if not FIRST_PLAN_YEAR <= args.year <= LAST_PLAN_YEAR:
        raise UsageError(f"năm phải từ {FIRST_PLAN_YEAR} đến {LAST_PLAN_YEAR} (tìm thấy: {args.year})")
    from cchc.authoring.new_plan import plan_skeleton
    settings = find_project(Path.cwd())
    path = settings.plan_dir / f"{args.year}.md"
    shown = shown_path(path, settings.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite a plan
            file.write(plan_skeleton(args.year, issuer=settings.agency.name))
    except FileExistsError:
        print(f"cchc new-plan: đã có tệp {shown}; cchc new-plan không ghi đè kế hoạch đã có.", file=sys.stderr)
        return CONTENT
    print(f"Đã tạo kế hoạch năm {args.year}: {shown}")
    print("Mở tệp, điền các giá trị theo văn bản kế hoạch đã ký (chú thích ở cuối mỗi dòng nói khóa đó là gì), "
          "chép các nhiệm vụ của phụ lục, dán toàn văn kế hoạch sau dòng --- cuối, rồi chạy "
          f"cchc check {shown}.")
    remaining = [problem for problem in gather_content(settings).problems if problem.path == shown]
    if remaining:
        print(f"Còn phải điền ({len(remaining)} dòng):")
        print_problems(remaining)
    return OK


# --- the parsers ------------------------------------------------------------------------------------


def _year(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"năm phải là một số (tìm thấy: {text!r})")
    return int(text)


def add_commands(commands: Any) -> None:
    """The go-live commands, in `cchc`'s list of commands (`commands`: argparse's subparsers)."""

    def para(text: str) -> str:
        return textwrap.fill(text, width=78)

    preflight = commands.add_parser(
        "preflight", help="danh sách kiểm tra trước khi đưa trang vào hoạt động, không xây dựng (quản trị web)",
        description=para("In từng mục của danh sách kiểm tra trước khi xuất bản trang chính thức, mỗi mục một dòng "
                         "✓ (đạt) hoặc ✗ (chưa đạt, kèm việc phải làm): địa chỉ trang (site_url), thông tin cơ quan, "
                         "tin bài mẫu, kế hoạch của năm nay, nội dung không có lỗi. cchc publish kiểm tra đúng các "
                         "mục này trước khi xây dựng và từ chối khi còn mục ✗. Không xây dựng trang. "
                         "Mã thoát: 0 mọi mục đạt, 1 còn mục chưa đạt."),
        epilog="Ví dụ: CCHC_SITE_URL=https://sgddt.hungyen.gov.vn/cchc/ cchc preflight",
    )
    preflight.add_argument("--staging", action="store_true",
                           help="kiểm tra cho bản thử (cchc publish --staging): thông tin cơ quan và bài mẫu "
                                "không bắt buộc, địa chỉ trang vẫn phải đúng")
    preflight.set_defaults(run=run_preflight)

    samples = commands.add_parser(
        "samples", help="liệt kê (hoặc xóa) nội dung mẫu có sẵn trong kho (quản trị web)",
        description=para("Liệt kê nội dung mẫu của kho: các tin bài có sample: true cùng ảnh, tệp chỉ chúng dùng, "
                         "và thông tin cơ quan mẫu trong mkdocs.yml. Với --remove: xóa các tin bài mẫu và tệp đi "
                         "kèm (cùng thư mục tháng, năm trở nên rỗng), in từng thứ đã xóa, không động tới gì khác; "
                         "thông tin cơ quan thì phải sửa tay."),
        epilog="Ví dụ: cchc samples  ·  cchc samples --remove",
    )
    samples.add_argument("--remove", action="store_true", help="xóa các tin bài mẫu và tệp chỉ chúng dùng")
    samples.set_defaults(run=run_samples)

    new_plan = commands.add_parser(
        "new-plan", help="tạo tệp kế hoạch của một năm (plan/<năm>.md) để điền (quản trị web)",
        description=para("Tạo plan/NĂM.md với đủ các khóa của một kế hoạch, mỗi khóa có chú thích; các giá trị "
                         "phải chép từ văn bản đã ký để trống, nên trang chưa xây dựng được cho tới khi điền đủ "
                         "(cchc check chỉ ra từng dòng). Không bao giờ ghi đè kế hoạch đã có. Định dạng: "
                         "huong-dan/noi-dung.md, mục \"Kế hoạch của một năm\"."),
        epilog="Ví dụ: cchc new-plan 2026",
    )
    new_plan.add_argument("year", metavar="NĂM", type=_year, help="năm của kế hoạch, ví dụ 2026")
    new_plan.set_defaults(run=run_new_plan)
