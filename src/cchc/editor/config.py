"""The editor's form, made from the project (Decap CMS's configuration, served as `quan-tri/cau-hinh.yml`):
the tasks of every plan by year, number and name; the units the site knows (the plans' lead units, the
posts' units, the units file); the tags already used, as suggestions; the settings' folders. Made again
for every load of the editor page, so a new plan, unit or tag is in the next form without a restart.

Whatever the form lets through is checked again on the server before a file is written
(cchc.editor.project.Project.check, the loader of `cchc check`); the form's own rules (required fields,
patterns) only say the same things earlier, at the field, in the same words where Decap lets a message
be given."""

from __future__ import annotations

from typing import Any

from cchc import urls
from cchc.content.frontmatter import read_data_file, shown_path
from cchc.content.procedure import ONLINE_LEVELS
from cchc.content.settings import Settings
from cchc.model import Plan, Post
from cchc.site.warnings import known_units
from cchc.text import normalize, sort_key

DATE_FORMAT = "YYYY-MM-DD HH:mm"  # cchc.editor.documents.FORM_DATE in Decap's (day.js) tokens


def task_options(plans: dict[int, Plan]) -> list[dict[str, str]]:
    """One option per task of every plan, newest plan first: "2022 · 3. <name>" → "2022-3"."""
    return [{"label": f"{year} · {task.id}. {task.name}", "value": f"{year}-{task.id}"}
            for year in sorted(plans, reverse=True) for task in plans[year].tasks]


def unit_names(settings: Settings, plans: dict[int, Plan], posts: list[Post]) -> list[str]:
    names = {unit.name for unit in known_units(plans, posts).values()}
    node, reader, _ = read_data_file(settings.units_file, shown_path(settings.units_file, settings.root)) \
        if settings.units_file.is_file() else (None, None, [])
    if node is not None and reader is not None:
        names |= {" ".join(normalize(key).split()) for key in (reader.mapping(node, "danh sách đơn vị") or {})}
    return sorted(names, key=sort_key)


def tag_names(posts: list[Post]) -> list[str]:
    return sorted({tag for post in posts for tag in post.tags}, key=sort_key)


def _text(name: str, label: str, *, required: bool = True, hint: str = "", widget: str = "string") -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        field["hint"] = hint
    return field


def _date(name: str, label: str, *, required: bool = True, hint: str = "") -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "datetime", "required": required, "format": DATE_FORMAT,
            "date_format": "DD/MM/YYYY", "time_format": "HH:mm", "picker_utc": False, **({"hint": hint} if hint else {})}


def _procedure() -> dict[str, Any]:
    """The `procedure:` block of an explainer (tthc.md): every part optional in the form, `name` and
    `field` required by the check when the block is there."""
    texts = [("name", "Tên thủ tục"), ("field", "Lĩnh vực"), ("code", "Mã thủ tục (ví dụ 2.001914)"),
             ("level", "Cấp thực hiện"), ("agency", "Cơ quan giải quyết"), ("applicants", "Đối tượng thực hiện"),
             ("duration", "Thời hạn giải quyết"), ("result", "Kết quả"), ("fee", "Phí, lệ phí"),
             ("url", "Nơi nộp hồ sơ trực tuyến (địa chỉ)"), ("record_url", "Nơi công bố chính thức thủ tục (địa chỉ)")]
    fields: list[dict[str, Any]] = [_text(key, label, required=False) for key, label in texts]
    fields.insert(6, {"name": "steps", "label": "Trình tự thực hiện (mỗi bước một mục)", "widget": "list", "required": False,
                      "field": _text("step", "Bước")})
    fields += [
        {"name": "documents", "label": "Thành phần hồ sơ", "widget": "list", "required": False,
         "fields": [_text("name", "Giấy tờ"), {"name": "copies", "label": "Số bản", "widget": "number",
                                                "value_type": "int", "min": 1, "required": False}]},
        {"name": "requirements", "label": "Yêu cầu, điều kiện", "widget": "list", "required": False, "field": _text("item", "Yêu cầu")},
        {"name": "legal_basis", "label": "Căn cứ pháp lý", "widget": "list", "required": False, "field": _text("item", "Văn bản")},
        {"name": "online", "label": "Dịch vụ công trực tuyến", "widget": "select", "required": False, "options": list(ONLINE_LEVELS)},
    ]
    return {"name": "procedure", "label": "Thủ tục hành chính (chỉ điền cho bài hướng dẫn thủ tục)", "widget": "object",
            "required": False, "collapsed": True, "fields": fields}


def editor_config(settings: Settings, *, plans: dict[int, Plan], posts: list[Post], site_url: str, api_url: str) -> dict[str, Any]:
    """Decap CMS's configuration for this project; `site_url`: the preview's home page (the editor's link
    back to it), `api_url`: the protocol's address in the preview."""
    root = settings.root
    tasks = task_options(plans)
    units = unit_names(settings, plans, posts)
    version = {"name": "phien_ban", "label": "Phiên bản", "widget": "hidden", "required": False}
    task_hint = "Chọn theo tên; năm đứng đầu là năm của kế hoạch (bài đầu năm báo cáo cho kế hoạch năm trước thì chọn nhiệm vụ của năm đó)."
    posts_collection = {
        "name": "bai-viet", "label": "Bài viết", "label_singular": "bài viết",
        "folder": settings.posts_dir.relative_to(root).as_posix(), "path": "{{year}}/{{month}}/{{slug}}",
        "extension": "md", "format": "frontmatter", "create": True, "delete": True,
        "media_folder": "", "public_folder": "", "identifier_field": "title",
        # Decap's preview pane renders with its own styles, not the site's: the preview of cchc serve shows
        # the saved post as the site does, within a second of the save.
        "editor": {"preview": False},
        "summary": "{{title}} ({{date}})", "sortable_fields": ["date", "title", "unit"],
        "view_filters": [{"label": "Bản nháp", "field": "draft", "pattern": True}],
        "fields": [
            _text("title", "Tiêu đề"),
            _date("date", "Ngày đăng (giờ Việt Nam)", hint="Ngày ở tương lai là bài hẹn giờ: chỉ hiện trên trang từ lúc đó."),
            {"name": "task", "label": "Nhiệm vụ trong kế hoạch", "widget": "select", "multiple": True, "min": 1,
             "options": tasks, "hint": task_hint},
            {"name": "unit", "label": "Đơn vị viết bài", "widget": "select", "options": units,
             "hint": "Đơn vị chưa có trong danh sách: nhờ quản trị web thêm vào du-lieu/don-vi.yml."},
            _text("summary", "Tóm tắt (cho RSS; để trống thì lấy đoạn đầu của bài)", required=False, widget="text"),
            {"name": "tags", "label": "Chủ đề", "widget": "cchc-chu-de", "required": False, "goi_y": tag_names(posts),
             "hint": "Gõ một chủ đề rồi nhấn Enter; chọn trong gợi ý để dùng đúng chủ đề đã có."},
            {"name": "image", "label": "Ảnh bìa", "widget": "image", "required": False, "choose_url": False,
             "hint": "Ảnh JPEG hoặc PNG; ảnh được lưu cạnh bài, thu nhỏ và bỏ thông tin vị trí khi đăng."},
            _date("updated", "Ngày cập nhật", required=False),
            {"name": "draft", "label": "Bản nháp (chưa đăng)", "widget": "boolean", "default": True, "required": False},
            _procedure(),
            version,
            {"name": "body", "label": "Nội dung", "widget": "markdown", "buttons": [
                "bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"],
             "editor_components": ["image"], "modes": ["rich_text", "raw"]},
        ],
    }
    answers_collection = {
        "name": "hoi-dap", "label": "Hỏi đáp", "label_singular": "câu hỏi đáp",
        "folder": settings.answers_dir.relative_to(root).as_posix(), "extension": "md", "format": "frontmatter",
        "create": False, "delete": False, "identifier_field": "title", "summary": "{{title}}", "editor": {"preview": False},
        "fields": [
            _text("title", "Tiêu đề câu hỏi"),
            _text("question", "Câu hỏi (đã bỏ thông tin cá nhân)", widget="text"),
            _date("answered", "Ngày trả lời (giờ Việt Nam)"),
            {"name": "task", "label": "Nhiệm vụ trong kế hoạch", "widget": "select", "options": tasks},
            {"name": "unit", "label": "Đơn vị trả lời", "widget": "select", "options": units},
            _text("field", "Lĩnh vực", required=False),
            {"name": "draft", "label": "Bản nháp (chưa đăng)", "widget": "boolean", "default": False, "required": False},
            version,
            {"name": "body", "label": "Câu trả lời", "widget": "markdown", "modes": ["rich_text", "raw"]},
        ],
    }
    return {
        "locale": "vi",
        "backend": {"name": "proxy", "proxy_url": api_url, "branch": "main"},
        "publish_mode": "simple",
        "media_folder": settings.posts_dir.relative_to(root).as_posix(),
        "public_folder": "",
        "site_url": site_url,
        "display_url": site_url,
        "show_preview_links": False,
        "search": True,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [posts_collection, answers_collection],
    }


def server_config(settings: Settings, *, plans: dict[int, Plan], posts: list[Post], server: str, repo: str, app_id: str,
                  branch: str = "main") -> dict[str, Any]:
    """The same form against the Sở's own Git server (Decap's `forgejo` backend, its editorial workflow:
    a post is a pull request until an editor merges it). Without `cchc serve` between the form and the
    files, Decap writes the files itself: the tasks are those of the newest plan by number (the form
    cannot write `plan:`), there is no `phien_ban` (the server's commits say what changed), and the
    front matter is Decap's YAML, not `cchc new`'s lines; the server's check (`cchc check` in CI or a
    pre-receive hook) is the gate (huong-dan/quan-tri-web.md, "Soạn bài trên máy chủ Git")."""
    newest = max(plans) if plans else None
    config = editor_config(settings, plans=plans, posts=posts, site_url=settings.site_url or "/", api_url="")
    base = server.rstrip("/")
    config["backend"] = {"name": "forgejo", "repo": repo, "base_url": base, "api_root": f"{base}/{urls.FORGEJO_API}",
                         "app_id": app_id, "branch": branch}
    config["publish_mode"] = "editorial_workflow"
    for collection in config["collections"]:
        fields = [field for field in collection["fields"] if field["name"] != "phien_ban"]
        for field in fields:
            if field["name"] == "task" and newest is not None:
                field["options"] = [{"label": f"{task.id}. {task.name}", "value": task.id} for task in plans[newest].tasks]
                field["hint"] = f"Nhiệm vụ của kế hoạch {newest}; bài báo cáo cho kế hoạch năm khác thì viết bằng Git."
        collection["fields"] = fields
    return config
