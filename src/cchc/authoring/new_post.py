"""`cchc new`: a new post with complete, valid front matter and a short body to fill in."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cchc import urls
from cchc.characters import character_message, refused_characters
from cchc.content.frontmatter import closest, shown_path
from cchc.content.unfinished import EXPLAINER_LEAD, LEAD, PLACEHOLDER
from cchc.dates import LOCAL_TZ
from cchc.model import Plan, Post
from cchc.site.warnings import KnownUnit, known_units
from cchc.text import normalize, shorten_slug, slugify, sort_key

# A new post's address: long titles make long URLs; cut at a word (existing posts keep theirs).
MAX_NEW_SLUG = 80


class ScaffoldError(Exception):
    """The post cannot be created as asked; the message says why and what to do."""

    def __init__(self, message: str, *, conflict: bool = False) -> None:
        super().__init__(message)
        self.conflict = conflict  # another post is already there (not a wrong argument)


@dataclass(frozen=True)
class NewPost:
    path: Path
    url: str
    text: str
    new_unit: bool  # the unit is not yet used by any post nor named by a plan


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): colons, quotes and # stay text."""
    return json.dumps(text, ensure_ascii=False)


def _task_list(plan: Plan) -> str:
    lines = []
    for task in plan.tasks:
        name = task.name if len(task.name) <= 80 else task.name[:79] + "…"
        lines.append(f"  {task.id:>2}. {name}")
    return "\n".join(lines)


def suggest_unit(unit: str, known: Mapping[str, KnownUnit]) -> str | None:
    """The known unit a new spelling most likely means: same letters, a near typo, or a part of its name."""
    slug = slugify(unit)
    if slug in known:
        return known[slug].name
    if not known or not slug:
        return None
    if guess := closest(slug, known):
        return known[guess].name
    containing = sorted((s for s in known if len(slug) >= 4 and slug in s), key=lambda s: (len(s), s))
    return known[containing[0]].name if containing else None


def check_unit(unit: str, known: Mapping[str, KnownUnit], *, allow_new: bool) -> bool:
    """True when the unit is new (allowed); raises when it is new and not confirmed."""
    if any(entry.name == unit for entry in known.values()):
        return False
    if allow_new:
        return True
    raise ScaffoldError(unknown_unit_message(unit, known) + "\nNếu đây đúng là đơn vị mới, hãy chạy lại và thêm --new-unit.")


def unknown_unit_message(unit: str, known: Mapping[str, KnownUnit]) -> str:
    """Why `unit` is not known, with the likely intended unit or else the list of known ones."""
    message = f"đơn vị {unit!r} chưa có trong bài viết nào và không phải cơ quan chủ trì trong kế hoạch."
    if guess := suggest_unit(unit, known):
        return message + f"\nCó phải ý bạn là {guess!r}? Nếu đúng, hãy chạy lại với --unit {_quoted(guess)}."
    names = sorted((entry.name for entry in known.values()), key=sort_key)
    return message + "\nCác đơn vị đã có: " + ("; ".join(names) if names else "chưa có")


def _line(text: str, comment: str = "") -> str:
    """A front matter line, its comment (if any) in a column of its own."""
    if not comment:
        return text
    # At least one space before `#`: YAML reads "value# …" as part of the value.
    return f"{text:<34}# {comment}" if len(text) < 34 else f"{text} # {comment}"


def _front_matter(
    *, title: str, when: datetime, has_time: bool, task_ids: tuple[int, ...], plan_year: int | None,
    unit: str, slug: str | None, explainer: bool,
) -> list[str]:
    date = when.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    task = str(task_ids[0]) if len(task_ids) == 1 else "[" + ", ".join(map(str, task_ids)) + "]"
    lines = [
        "---",
        _line(f"title: {_quoted(title)}"),
        _line(f"date: {date}", "giờ Việt Nam; ngày ở tương lai là bài hẹn giờ"),
        _line(f"task: {task}", "số thứ tự nhiệm vụ trong phụ lục kế hoạch"),
    ]
    if plan_year is not None:
        lines.append(_line(f"plan: {plan_year}", "năm của kế hoạch mà bài này báo cáo"))
    lines += [
        _line(f"unit: {_quoted(unit)}", "đơn vị viết bài"),
        '# summary: "Một hai câu tóm tắt cho RSS (không ghi thì lấy đoạn đầu của bài)."',
        _line("tags: []", 'chủ đề, ví dụ ["tập huấn", "một cửa"]'),
    ]
    if slug is not None:
        lines.append(_line(f"slug: {slug}", "địa chỉ của bài"))
    if explainer:
        lines += [
            _line("procedure:", "bài hướng dẫn thủ tục hành chính: chép đúng từ Cổng dịch vụ công"),
            _line(f"  name: {_quoted('Tên thủ tục hành chính')}", "bắt buộc"),
            _line(f"  field: {_quoted('Lĩnh vực của thủ tục')}", "bắt buộc"),
            _line('  # code: "2.001914"', "mã thủ tục"),
            _line('  # level: "Cấp tỉnh"', "cấp thực hiện"),
            _line('  # agency: "Sở Giáo dục và Đào tạo"', "cơ quan giải quyết"),
            _line('  # applicants: "Cá nhân"', "đối tượng thực hiện"),
            _line('  # steps: ["Bước 1", "Bước 2"]', "trình tự thực hiện"),
            _line("  # channels:", "cách thức thực hiện"),
            '  #   - {channel: "Trực tuyến", duration: "05 ngày làm việc", fee: "Không"}',
            _line('  # documents: [{name: "Đơn đề nghị", copies: 1}]', "thành phần hồ sơ"),
            _line('  # duration: "05 ngày làm việc"', "thời hạn giải quyết"),
            _line('  # result: "…"', "kết quả"),
            _line('  # fee: "Không"', "phí, lệ phí"),
            _line('  # requirements: ["…"]', "yêu cầu, điều kiện"),
            _line('  # legal_basis: ["Thông tư …"]', "căn cứ pháp lý"),
            _line('  # online: "toàn trình"', 'hoặc "một phần"'),
            _line('  # url: "https://dichvucong.gov.vn/…"', "nơi nộp hồ sơ trực tuyến"),
            _line('  # record_url: "https://dichvucong.gov.vn/…"', "nơi công bố chính thức thủ tục"),
        ]
    lines += [_line("draft: true", "bản nháp: xóa dòng này khi bài đã sẵn sàng đăng"), "---"]
    return lines


_BODY = f"""{LEAD} (hai, ba câu).

## Nội dung chính

{PLACEHOLDER} Ảnh đặt trong cùng thư mục với bài; mỗi ảnh cần một lời
mô tả ngắn (xem mục "Viết bài mới" trong huong-dan/viet-bai.md).
"""

_EXPLAINER_BODY = f"""{EXPLAINER_LEAD}

## Các bước thực hiện

1. Bước 1.
2. Bước 2.

{PLACEHOLDER} Thông tin chính thức (thành phần hồ sơ, thời hạn, phí) là thông tin
công bố trên Cổng dịch vụ công; ghi rõ nơi tra cứu.
"""


_OTHER_ADDRESS = "Hãy đổi tiêu đề hoặc thêm --slug <địa-chỉ-khác>."


def plan_new_post(
    *, title: str, task_ids: Iterable[int], unit: str, when: datetime, has_time: bool,
    plans: Mapping[int, Plan], posts: Iterable[Post], posts_dir: Path, plan_year: int | None = None,
    slug: str | None = None, explainer: bool = False, allow_new_unit: bool = False, root: Path | None = None,
) -> NewPost:
    """Validate the request against the plans and the existing posts; the file is not written here.
    Paths in messages are relative to `root` (the repository) when given."""
    title = " ".join(normalize(title).split())
    unit = " ".join(normalize(unit).split())
    task_ids = tuple(dict.fromkeys(task_ids))
    if not title:
        raise ScaffoldError("tiêu đề không được để trống")
    for what, text in (("tiêu đề", title), ("tên đơn vị", unit)):
        if found := refused_characters(text):
            raise ScaffoldError(f"{what} {character_message(found)}")
    if not unit:
        raise ScaffoldError("tên đơn vị không được để trống (--unit)")
    when = when.astimezone(LOCAL_TZ)
    year = plan_year if plan_year is not None else when.year
    plan = plans.get(year)
    if plan is None:
        known = ", ".join(str(y) for y in sorted(plans)) or "chưa có kế hoạch nào"
        raise ScaffoldError(
            f"không có kế hoạch năm {year} (cần tệp plan/{year}.md; các kế hoạch hiện có: {known}).\n"
            f"Quản trị web tạo kế hoạch năm mới bằng cchc new-plan {year} (huong-dan/quan-tri-web.md, \"Đưa trang vào hoạt động\"). "
            "Bài viết đầu năm báo cáo cho kế hoạch năm trước thì thêm --plan <năm>."
        )
    unknown = [task_id for task_id in task_ids if plan.task(task_id) is None]
    if unknown:
        raise ScaffoldError(
            f"nhiệm vụ {', '.join(map(str, unknown))} không có trong kế hoạch {plan.year} ({plan.number}). "
            f"Các nhiệm vụ:\n{_task_list(plan)}"
        )
    posts = list(posts)
    is_new_unit = check_unit(unit, known_units(plans, posts), allow_new=allow_new_unit)
    final_slug = slug or shorten_slug(slugify(title), MAX_NEW_SLUG)
    if not final_slug:
        raise ScaffoldError("tiêu đề không có chữ hay số nào để làm địa chỉ bài viết; hãy thêm --slug")
    if slug is not None and slugify(slug) != slug:
        raise ScaffoldError(
            f"--slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tìm thấy: {slug!r}; gợi ý: {slugify(slug)!r})"
        )
    if len(final_slug) > MAX_NEW_SLUG:
        suggestion = shorten_slug(final_slug, MAX_NEW_SLUG)
        raise ScaffoldError(f"--slug dài {len(final_slug)} ký tự, tối đa {MAX_NEW_SLUG} (gợi ý: {suggestion!r})")
    path = posts_dir / f"{when:%Y}" / f"{when:%m}" / f"{final_slug}.md"
    url = urls.post(when, final_slug)
    if path.exists():
        shown = shown_path(path, root) if root else str(path)
        raise ScaffoldError(f"đã có tệp {shown}; cchc new không ghi đè bài đã có. {_OTHER_ADDRESS}", conflict=True)
    if clash := next((post for post in posts if post.url == url), None):
        raise ScaffoldError(f"địa chỉ {url} đã thuộc về bài {clash.path}. {_OTHER_ADDRESS}", conflict=True)
    lines = _front_matter(
        title=title, when=when, has_time=has_time, task_ids=task_ids,
        plan_year=plan_year if plan_year is not None and plan_year != when.year else None,
        unit=unit, slug=final_slug if final_slug != slugify(title) else None, explainer=explainer,
    )
    body = _EXPLAINER_BODY if explainer else _BODY
    return NewPost(path=path, url=url, text="\n".join(lines) + "\n" + body, new_unit=is_new_unit)
