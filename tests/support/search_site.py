"""The search tests' site: posts chosen for Vietnamese folding, tone placement, abbreviations, typos and
ranking, an explainer of a procedure and a published answer, built by the real `mkdocs build` under /cchc/;
expected URLs by the contract's slug rule."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from support import REPO
from support.answers import answer_file
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
    # A full name: the post with it as written comes before the newer, shorter one that has each pair of its
    # words ("Nguyễn Văn", "Văn An") but two other people, and names them more often.
    "name": ("Khen thưởng giáo viên dạy giỏi cấp tỉnh", "2022-12-12", 2, {},
             "Giám đốc Sở trao bằng khen cho cô giáo Lê Thị Hoa và thầy giáo Nguyễn Văn An, trường THPT Nghĩa Dân."),
    "namesakes": ("Nguyễn Văn Bình và Trần Văn An nhận giấy khen", "2022-12-14", 2, {},
                  "Thầy Nguyễn Văn Bình, thầy Trần Văn An. Nguyễn Văn Bình dạy Toán; Trần Văn An dạy Văn."),
    # An explainer of a procedure (TTHC): searched as a post, listed on thu-tuc-hanh-chinh/.
    "explainer": ("Hướng dẫn thủ tục xét tuyển học sinh vào trường dự bị đại học", "2022-12-16 08:00", 8,
                  {"procedure": {"name": "Xét tuyển học sinh vào trường dự bị đại học", "field": "Giáo dục dân tộc",
                                 "duration": "10 ngày làm việc"}},
                  "Học sinh người dân tộc thiểu số nộp hồ sơ xét tuyển tại trường dự bị đại học."),
}

# A published answer (content/hoi-dap/<code>.md), found by its code among other words.
ANSWER_CODE = "7KXQ2MNP"
ANSWER_URL = f"hoi-dap/{ANSWER_CODE.lower()}/"
ANSWER_TITLE = "Hỏi về học bổng khuyến khích học tập"
# A code no answer has: its page is not published (the search still leads there first).
UNPUBLISHED_CODE = "9HWT4RCE"
# Pages a citizen may look for that the index dates with a fixed date (cchc.outputs.pages.UNDATED), and the
# report page, dated by its plan.
CITIZEN_PAGES = ["thu-tuc-hanh-chinh/", "gop-y/", "theo-doi/", "hoi-dap/", "ke-hoach/2022/bao-cao/"]


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
    project.write(f"content/hoi-dap/{ANSWER_CODE.lower()}.md", answer_file(
        ANSWER_CODE, title=ANSWER_TITLE, question="Con tôi đạt học sinh giỏi, có được xét học bổng khuyến khích học tập không?"))
    result = project.build(out=root / "www" / "cchc")
    assert result.returncode == 0, result.stderr
    return result
