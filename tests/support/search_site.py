"""The search tests' site: posts chosen for Vietnamese folding, tone placement, abbreviations and
ranking, built by the real `mkdocs build` under /cchc/; expected URLs by the contract's slug rule."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from support import REPO
from support.oracle import slug
from support.project import BuildResult, SiteProject


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# key: (title, date, task, extra front matter, body)
POSTS: dict[str, tuple[str, str, object, dict[str, object], str]] = {
    "tthc": ("Hướng dẫn giải quyết thủ tục hành chính trên Cổng dịch vụ công", "2022-03-15 08:30", 8, {},
             ("Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến, theo dõi tiến độ và nhận kết quả tại nhà.\n\n"
              "Bộ phận một cửa của Sở tiếp nhận và trả kết quả giải quyết thủ tục hành chính đúng hạn.")),
    "daotao": ("Tổng kết công tác đào tạo, bồi dưỡng giáo viên năm 2022", "2022-04-05 14:00", 2, {},
               ("Năm 2022, ngành đã cử 120 giáo viên tham gia các lớp đào tạo nâng chuẩn.\n\n"
                "## Kết quả\n\nCông tác đào tạo, bồi dưỡng được gắn với nhu cầu của từng trường.")),
    "hoa_old": ("Giáo dục hoà nhập cho trẻ khuyết tật", "2022-05-10", 3, {},
                ("Các trường mầm non tiếp tục thực hiện giáo dục hoà nhập. Giáo viên được hướng dẫn lập kế hoạch "
                 "giáo dục cá nhân cho trẻ học hoà nhập.")),
    "hoa_new": ("Hội thảo hòa nhập cộng đồng cho học sinh khuyết tật", "2022-05-12", 4, {},
                "Hội thảo chia sẻ kinh nghiệm giúp học sinh khuyết tật hòa nhập cộng đồng sau khi ra trường."),
    "flower": ("Hội thi cắm hoa chào mừng ngày Nhà giáo Việt Nam", "2022-11-20", 7, {},
               "Học sinh lớp 10 mới nhập học cùng thầy cô tham gia cắm hoa. Những lẵng hoa đẹp được trao giải."),
    "nfd": ("Chuyển đổi số trong quản lý trường học", "2022-06-01", 5, {},
            "Ứng dụng chuyển đổi số giúp nhà trường giảm giấy tờ, công khai thông tin tới cha mẹ học sinh."),
    "dangky": ("Đăng ký tuyển sinh lớp 10 trực tuyến", "2022-06-20", 8, {},
               "Cha mẹ học sinh đăng ký tuyển sinh trên Cổng dịch vụ công, không phải nộp hồ sơ giấy."),
    # A sample post: its note names the "Sở Giáo dục và Đào tạo", which must not be searched.
    "khoe": ("Chăm sóc sức khoẻ học sinh đầu năm học", "2022-09-05", 6, {"sample": True},
             "Nhà trường phối hợp với trạm y tế xã khám sức khoẻ định kỳ cho học sinh."),
    # Task 1's name (shown in the task card, not searched) contains "đào tạo".
    "uyban": ("Uỷ ban nhân dân tỉnh kiểm tra công tác cải cách hành chính", "2022-07-04", 1, {},
              "Đoàn kiểm tra của Uỷ ban nhân dân tỉnh làm việc với Sở về công tác cải cách hành chính năm 2022."),
    "dayhoc": ("Đổi mới phương pháp dạy học ở trường phổ thông", "2022-08-15", 2, {},
               "Lãnh đạo nhà trường tạo điều kiện để giáo viên đổi mới phương pháp dạy học."),
    "special": ("Hỏi & đáp: <b>chuyển trường</b> giữa năm học", "2022-10-10", 9, {"tags": ["hỏi đáp"]},
                "Phụ huynh hỏi về thủ tục chuyển trường cho học sinh giữa năm học."),
    # Abbreviations only (du-lieu/viet-tat.yml): found by the full forms too.
    "viettat": ("Bộ phận một cửa kiểm soát TTHC của UBND huyện", "2022-12-01", 11, {},
                "Cán bộ GD&ĐT được hướng dẫn tiếp nhận PAKN và giải quyết TTHC đúng hạn."),
    # The words of a name, each written with other marks and apart: must come after the name itself.
    "scattered": ("Đó vẫn là việc cần triển khai", "2022-12-05", 2, {},
                  "Đó là kế hoạch mà các đơn vị vẫn tiếp tục triển khai, khai thác hiệu quả."),
    # "tiếp tục" and "thủ tục" side by side: only the second is highlighted for "thủ tục".
    "tieptuc": ("Rà soát văn bằng cuối năm", "2022-12-10", 8, {},
                "Nhà trường tiếp tục làm thủ tục cấp văn bằng cho học sinh."),
}


def post_url(key: str) -> str:
    title, date, *_ = POSTS[key]
    return f"tin-tuc/{date[:4]}/{date[5:7]}/{slug(title)}/"


def build_search_site(root: Path) -> BuildResult:
    """The posts above (the NFD one written decomposed) and the repository's abbreviations, built into
    root/www/cchc/."""
    project = SiteProject(root / "project")
    for key, (title, date, task, extra, body) in POSTS.items():
        front = {"title": title, "date": date, "task": task, "unit": "Văn phòng", **extra}
        path = project.write_post(f"{date[:4]}/{date[5:7]}/{key}.md", front, body=body)
        if key == "nfd":
            path.write_bytes(nfd(path.read_text(encoding="utf-8")).encode("utf-8"))
    shutil.copytree(REPO / "du-lieu", project.root / "du-lieu")  # the abbreviations, as the repository has them
    result = project.build(out=root / "www" / "cchc")
    assert result.returncode == 0, result.stderr
    return result
