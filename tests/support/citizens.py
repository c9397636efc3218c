"""The bundled site's page kinds, each with the tab that marks its section: what the citizens' checks in
Chromium visit, and what a build must have."""

from __future__ import annotations

POST = "tin-tuc/2022/03/so-gddt-tap-huan-nghiep-vu-cai-cach-hanh-chinh-nam-2022/"
EXPLAINER = "tin-tuc/2022/08/huong-dan-thu-tuc-chinh-sua-noi-dung-van-bang-chung-chi/"
TASK = "ke-hoach/2022/nhiem-vu/8/"
NEWS, PROCEDURES, PLAN_TAB, FEEDBACK = "Tin tức", "Thủ tục hành chính", "Kế hoạch", "Góp ý – Hỏi đáp"
# Every kind of page → the tab marked as its section (None: no tab).
KINDS: dict[str, tuple[str, str | None]] = {
    "trang-chu": ("", "Trang chủ"),
    "tin-bai": (POST, NEWS),
    "huong-dan-thu-tuc": (EXPLAINER, PROCEDURES),
    "thu-tuc": ("thu-tuc-hanh-chinh/", PROCEDURES),
    "tin-tuc": ("tin-tuc/", NEWS),
    "tin-tuc-trang-2": ("tin-tuc/trang/2/", NEWS),
    "nam": ("tin-tuc/2022/", NEWS),
    "thang": ("tin-tuc/2022/03/", NEWS),
    "cac-ke-hoach": ("ke-hoach/", PLAN_TAB),
    "ke-hoach": ("ke-hoach/2022/", PLAN_TAB),
    "nhiem-vu": (TASK, PLAN_TAB),
    "bao-cao": ("ke-hoach/2022/bao-cao/", PLAN_TAB),
    "cac-don-vi": ("don-vi/", "Đơn vị"),
    "don-vi": ("don-vi/van-phong/", "Đơn vị"),
    "cac-chu-de": ("chu-de/", "Chủ đề"),
    "chu-de": ("chu-de/tap-huan/", "Chủ đề"),
    "gop-y": ("gop-y/", FEEDBACK),
    "hoi-dap": ("hoi-dap/", FEEDBACK),
    "theo-doi": ("theo-doi/", NEWS),
    "tim-kiem": ("tim-kiem/?q=thu+tuc+hanh+chinh", None),
    "so-do-trang": ("so-do-trang/", None),
    "khong-tim-thay": ("404.html", None),
}
