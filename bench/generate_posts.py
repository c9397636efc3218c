"""Generate N realistic Vietnamese news posts for the 2022 plan, for performance work.

    .venv/bin/python bench/generate_posts.py /tmp/bench-1000 --count 1000 --seed 1 --scaffold

writes `content/posts/2022/<MM>/<slug>.md` into the folder (posts per the content contract: title,
date, task(s) among the 2022 plan's 14 tasks, unit, sometimes tags and a summary; about 10 KB of
text each; one post in ten has a cover image `<slug>.png` beside it, also shown in its body).
`--scaffold` also writes what a site needs around them (`mkdocs.yml` inheriting the
repository's, a copy of `docs/`, `plan/2022.md`), so that

    CCHC_NOW="2026-01-01 00:00" .venv/bin/mkdocs build -f /tmp/bench-1000/mkdocs.yml -d /tmp/bench-1000/site

builds it. The same count and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import struct
import unicodedata
import zlib
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TASKS = tuple(range(1, 15))  # the appendix of plan/2022.md
TARGET_BYTES = 10_000
IMAGE_SHARE = 0.1  # posts with a cover image

DISTRICTS = (
    "thành phố Hưng Yên", "thị xã Mỹ Hào", "huyện Văn Lâm", "huyện Văn Giang", "huyện Yên Mỹ",
    "huyện Khoái Châu", "huyện Ân Thi", "huyện Kim Động", "huyện Tiên Lữ", "huyện Phù Cừ",
)
COMMUNES = (
    "An Tảo", "Bảo Khê", "Bình Minh", "Chỉ Đạo", "Dạ Trạch", "Dị Sử", "Đào Dương", "Đình Dù",
    "Đông Kết", "Đồng Than", "Đức Hợp", "Giai Phạm", "Hồng Nam", "Hồng Tiến", "Hùng Cường",
    "Lạc Đạo", "Liên Nghĩa", "Lương Bằng", "Minh Đức", "Nghĩa Trụ", "Ngọc Long", "Nhân Hoà",
    "Phan Sào Nam", "Phùng Hưng", "Quảng Châu", "Tân Dân", "Tân Tiến", "Thiện Phiến", "Thuỷ Lôi",
    "Tống Trân", "Trung Nghĩa", "Trưng Trắc", "Vĩnh Khúc", "Xuân Quan", "Yên Phú", "Đoàn Đào",
)
LEVELS = ("Mầm non", "Tiểu học", "THCS", "THPT")
UNITS = (
    "Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Phòng Giáo dục Trung học",
    "Phòng Giáo dục Mầm non - Tiểu học", "Phòng Khảo thí và Quản lý chất lượng", "Thanh tra Sở",
    "Trường THPT Chuyên Hưng Yên", "Trung tâm GDNN-GDTX huyện Khoái Châu",
    *(f"Phòng GDĐT {district}" for district in DISTRICTS),
)
TAGS = (
    "tập huấn", "nghiệp vụ", "dịch vụ công trực tuyến", "một cửa", "chuyển đổi số", "pháp luật",
    "tờ rơi", "báo cáo", "sơ kết", "tổng kết", "khen thưởng", "ISO 9001", "tuyển sinh",
    "đào tạo, bồi dưỡng", "kiểm soát thủ tục hành chính", "đạo đức công vụ", "hoà nhập", "sức khoẻ học đường",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Đặng", "Bùi", "Đào", "Dương", "Ngô", "Đinh")
MIDDLE = ("Văn", "Thị", "Thu", "Minh", "Đức", "Quang", "Hồng", "Ngọc", "Thanh", "Đình", "Xuân")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Dung", "Đạt", "Điệp", "Giang", "Hà", "Hải", "Hạnh", "Hoà",
    "Huệ", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quý", "Sơn",
    "Tâm", "Thảo", "Thuỷ", "Trang", "Tuấn", "Vân", "Yến",
)
POSITIONS = (
    "Giám đốc Sở", "Phó Giám đốc Sở", "Chánh Văn phòng Sở", "Trưởng phòng Tổ chức cán bộ",
    "Trưởng phòng GDĐT", "Hiệu trưởng nhà trường", "Giám đốc Trung tâm", "Chánh Thanh tra Sở",
)
TOPICS = (
    "cải cách hành chính", "kiểm soát thủ tục hành chính", "dịch vụ công trực tuyến",
    "cơ chế một cửa, một cửa liên thông", "chuyển đổi số trong quản lý giáo dục",
    "kỷ cương, kỷ luật hành chính", "đạo đức công vụ", "Hệ thống quản lý chất lượng ISO 9001:2015",
    "phổ biến, giáo dục pháp luật", "tinh giản biên chế", "đào tạo, bồi dưỡng cán bộ quản lý",
    "Ngày pháp luật Việt Nam", "môi trường đầu tư kinh doanh", "giáo dục hoà nhập",
    "chăm sóc sức khoẻ học sinh", "tuyển sinh đầu cấp", "số hoá hồ sơ, kết quả giải quyết thủ tục",
    "quyền phản ánh, kiến nghị về quy định hành chính", "công khai thủ tục hành chính",
)
ACTIONS = (
    "tập huấn", "tuyên truyền", "triển khai", "sơ kết", "tổng kết", "kiểm tra", "hướng dẫn",
    "phát động", "đẩy mạnh", "hội nghị về", "tọa đàm về", "phổ biến", "đánh giá",
)

# Sentences with slots; {topic}, {place}, {school}, {person}, {position}, {n}, {pct}, {day}, {doc}.
SENTENCES = (
    "Thực hiện Kế hoạch số 07/KH-SGDĐT ngày 04/01/2022 của Sở Giáo dục và Đào tạo, {unit} đã chủ động xây dựng kế hoạch tuyên truyền {topic} sát với tình hình thực tế của đơn vị.",
    "Ngày {day}, tại {school}, {unit} tổ chức hội nghị {action} {topic} cho {n} cán bộ, giáo viên, nhân viên.",
    "Phát biểu tại hội nghị, đồng chí {person}, {position}, nhấn mạnh {topic} là nhiệm vụ trọng tâm, thường xuyên của các cơ quan, đơn vị trong toàn ngành.",
    "Các đại biểu đã trao đổi, thảo luận về những khó khăn, vướng mắc khi triển khai {topic} tại cơ sở, đặc biệt ở các xã vùng sâu như {commune}.",
    "Qua kiểm tra, {n} hồ sơ được tiếp nhận và giải quyết đúng hạn, đạt tỷ lệ {pct}%; không có hồ sơ quá hạn.",
    "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến qua Cổng dịch vụ công của tỉnh đạt {pct}%, tăng so với cùng kỳ năm trước.",
    "Nhà trường đã niêm yết công khai thủ tục hành chính tại bảng tin, trên trang thông tin điện tử và gửi tới cha mẹ học sinh qua nhóm lớp.",
    "Đồng chí {person} đề nghị các đơn vị tiếp tục quán triệt Quyết định số {doc} của UBND tỉnh về {topic}.",
    "Giáo viên được hướng dẫn cách tra cứu tình trạng hồ sơ, nộp hồ sơ trực tuyến và nhận kết quả qua dịch vụ bưu chính công ích.",
    "Trong năm học, {school} đã lồng ghép nội dung {topic} vào các buổi sinh hoạt chuyên môn, hoạt động ngoại khoá và tiết chào cờ đầu tuần.",
    "Ban tổ chức đã trao giấy khen cho {n} tập thể và cá nhân có thành tích xuất sắc trong công tác {topic}.",
    "Những hạn chế được chỉ ra là một số đơn vị chưa cập nhật kịp thời văn bản mới, việc số hoá hồ sơ còn chậm, đường truyền tại {commune} chưa ổn định.",
    "Phòng GDĐT {district} đã phối hợp với Trung tâm Văn hoá, Thông tin và Thể thao huyện đưa tin về {topic} trên sóng truyền thanh cơ sở.",
    "Học sinh {school} tham gia cuộc thi tìm hiểu pháp luật trực tuyến với {n} bài dự thi, trong đó có {n2} bài đạt giải.",
    "Đội ngũ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng giao tiếp, ứng xử với người dân và doanh nghiệp khi giải quyết thủ tục hành chính.",
    "Sở Giáo dục và Đào tạo đề nghị thủ trưởng các đơn vị nâng cao tinh thần trách nhiệm, gương mẫu chấp hành kỷ cương, kỷ luật hành chính.",
    "Kết quả khảo sát sự hài lòng của người dân đối với dịch vụ giáo dục công tại {district} đạt {pct}%.",
    "Cán bộ văn thư được tập huấn về quản lý văn bản đi, đến trên hệ thống quản lý văn bản và điều hành, chữ ký số và lưu trữ điện tử.",
    "Tờ rơi hướng dẫn thủ tục chuyển trường, cấp bản sao văn bằng, chứng chỉ được phát tới {n} hộ gia đình trên địa bàn xã {commune}.",
    "Theo báo cáo của {unit}, {n} trường học đã áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 vào hoạt động quản lý.",
    "Dịp này, đồng chí {person} cũng lưu ý việc đào tạo, bồi dưỡng đội ngũ, bảo đảm đủ giáo viên cho năm học mới tại {school}.",
    "Công tác giáo dục hoà nhập cho trẻ khuyết tật được quan tâm, {n} học sinh khuyết tật được hỗ trợ học tập tại {school}.",
    "Nhà trường phối hợp với trạm y tế xã {commune} khám sức khoẻ định kỳ cho {n} học sinh, tư vấn dinh dưỡng và phòng chống dịch bệnh.",
    "Hội nghị đã thống nhất các giải pháp trọng tâm trong thời gian tới, trong đó chú trọng ứng dụng công nghệ thông tin và chuyển đổi số.",
    "Ông {person}, phụ huynh học sinh tại xã {commune}, cho biết việc đăng ký tuyển sinh trực tuyến giúp gia đình tiết kiệm thời gian đi lại.",
    "Ủy ban nhân dân {district} đánh giá cao sự phối hợp của ngành giáo dục trong tuyên truyền {topic} tới người dân.",
    "Đoàn kiểm tra của Sở đã làm việc với {n} đơn vị, kiểm tra hồ sơ, sổ sách và việc niêm yết, công khai thủ tục hành chính theo quy định.",
    "Thời gian tới, {unit} tiếp tục rà soát, đơn giản hoá thủ tục hành chính, cắt giảm thành phần hồ sơ không cần thiết.",
)
HEADINGS = (
    "Kết quả đạt được", "Những hạn chế, tồn tại", "Nhiệm vụ thời gian tới", "Nội dung chính",
    "Ý kiến của đại biểu", "Một số giải pháp", "Khen thưởng", "Hướng dẫn người dân",
)
BULLETS = (
    "Quán triệt đầy đủ các văn bản chỉ đạo của Trung ương, của tỉnh về {topic}.",
    "Công khai thủ tục hành chính tại bộ phận một cửa và trên trang thông tin điện tử.",
    "Tăng cường kiểm tra việc thực hiện kỷ cương, kỷ luật hành chính tại {school}.",
    "Đẩy mạnh tiếp nhận hồ sơ trực tuyến mức độ toàn trình.",
    "Bồi dưỡng kỹ năng số cho cán bộ, giáo viên, nhân viên.",
    "Biểu dương kịp thời các tập thể, cá nhân điển hình trong {topic}.",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def school(rng: random.Random) -> str:
    return f"Trường {rng.choice(LEVELS)} {rng.choice(COMMUNES)}"


def _fill(template: str, rng: random.Random, *, unit: str, topic: str, when: datetime) -> str:
    day = when - timedelta(days=rng.randint(0, 6))
    values = {
        "unit": unit, "topic": topic, "action": rng.choice(ACTIONS), "school": school(rng),
        "person": person(rng), "position": rng.choice(POSITIONS), "commune": rng.choice(COMMUNES),
        "district": rng.choice(DISTRICTS), "n": rng.randint(12, 480), "n2": rng.randint(2, 11),
        "pct": f"{rng.randint(850, 999) / 10:.1f}".replace(".", ","), "day": f"{day:%d/%m/%Y}",
        "doc": f"{rng.randint(100, 3200)}/QĐ-UBND",
    }
    return template.format(**values)


def slug(text: str) -> str:
    """The contract's slug rule (ASCII, đ → d, lowercase, hyphens), as the site computes it."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(rng: random.Random, *, unit: str, topic: str, when: datetime) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < TARGET_BYTES:
        if paragraphs and rng.random() < 0.25:
            block = "## " + rng.choice(HEADINGS)
        elif paragraphs and rng.random() < 0.12:
            block = "\n".join("- " + _fill(b, rng, unit=unit, topic=topic, when=when) for b in rng.sample(BULLETS, 3))
        else:
            block = " ".join(_fill(s, rng, unit=unit, topic=topic, when=when) for s in rng.sample(SENTENCES, rng.randint(3, 5)))
        paragraphs.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def png_image(width: int, height: int, shade: int) -> bytes:
    """A small valid PNG (a grey-blue gradient): a cover image without any image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\0" + bytes(value for x in range(width) for value in (shade, x * 255 // width, y * 255 // height)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def front_matter(title: str, when: datetime, *, tasks: list[int], unit: str, tags: list[str], summary: str | None,
                 image: str | None) -> str:
    """The contract's front matter, as every generated corpus writes it (bench/staff_posts.py too)."""
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"date: {when:%Y-%m-%d %H:%M}",
        f"task: {tasks[0] if len(tasks) == 1 else '[' + ', '.join(map(str, tasks)) + ']'}",
        f"unit: {_yaml_string(unit)}",
    ]
    if tags:
        lines.append("tags: [" + ", ".join(_yaml_string(t) for t in tags) + "]")
    if summary is not None:
        lines.append(f"summary: {_yaml_string(summary)}")
    if image is not None:
        lines.append(f"image: {image}")
    return "\n".join([*lines, "---"]) + "\n"


def render_post(rng: random.Random, when: datetime, title: str, *, unit: str, topic: str, image: str | None = None) -> str:
    # The draws keep their order (tasks, tags, summary, body): the same seed gives the same bytes as before.
    tasks = sorted(rng.sample(TASKS, 2)) if rng.random() < 0.2 else [rng.choice(TASKS)]
    tags = sorted(rng.sample(TAGS, rng.randint(1, 3))) if rng.random() < 0.5 else []
    summary = _fill(rng.choice(SENTENCES), rng, unit=unit, topic=topic, when=when) if rng.random() < 0.4 else None
    body = _body(rng, unit=unit, topic=topic, when=when)
    if image is not None:
        lead, _, rest = body.partition("\n\n")  # after the first paragraph: the summary stays the lead
        body = f"{lead}\n\n![Quang cảnh {topic}]({image})\n\n{rest}"
    return front_matter(title, when, tasks=tasks, unit=unit, tags=tags, summary=summary, image=image) + body + "\n"


def generate_posts(folder: Path, *, count: int, seed: int = 1) -> list[Path]:
    """Write `count` posts dated through 2022 under `folder`/content/posts; return their paths."""
    rng = random.Random(seed)
    pictures = random.Random(seed + 1_000_003)  # its own stream: adding images left the texts unchanged
    start = datetime(2022, 1, 5, 7, 0)
    span = (datetime(2022, 12, 30, 17, 0) - start).total_seconds()
    written: list[Path] = []
    used: set[str] = set()
    for number in range(count):
        when = start + timedelta(seconds=int(span * number / max(count, 1)) // 60 * 60)
        unit = rng.choice(UNITS)
        topic = rng.choice(TOPICS)
        title = f"{unit} {rng.choice(ACTIONS)} {topic} tại {school(rng)}"
        title = title[0].upper() + title[1:]
        key = f"{when:%Y/%m}/{slug(title)}"
        repeat = 1
        while key in used:  # same title in the same month: number it, as an editor would
            repeat += 1
            key = f"{when:%Y/%m}/{slug(title)}-lan-{repeat}"
        if repeat > 1:
            title = f"{title} (lần {repeat})"
        used.add(key)
        path = folder / "content" / "posts" / f"{key}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        image = None
        if pictures.random() < IMAGE_SHARE:
            image = f"{path.stem}.png"
            path.with_name(image).write_bytes(png_image(96, 64, pictures.randrange(256)))
        path.write_text(render_post(rng, when, title, unit=unit, topic=topic, image=image), encoding="utf-8")
        written.append(path)
    return written


def scaffold(folder: Path) -> None:
    """What a site needs around the posts: a config inheriting the repository's, its docs/ pages, the 2022 plan."""
    shutil.copytree(REPO / "docs", folder / "docs", dirs_exist_ok=True)
    (folder / "plan").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "plan" / "2022.md", folder / "plan" / "2022.md")
    (folder / "mkdocs.yml").write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\n"
        # A real address, as published: without one the build makes no Word report (and is marked as staging).
        "site_url: https://sgddt.hungyen.gov.vn/cchc/\n"
        "theme:\n  name: material\n"
        f"  custom_dir: {REPO / 'overrides'}\n"
        f"hooks:\n  - {REPO / 'hooks' / 'cchc_hooks.py'}\n"
        "watch: []\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="project folder; posts go to FOLDER/content/posts")
    parser.add_argument("--count", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scaffold", action="store_true", help="also write mkdocs.yml, docs/ and plan/2022.md")
    args = parser.parse_args()
    if args.scaffold:
        scaffold(args.folder)
    paths = generate_posts(args.folder, count=args.count, seed=args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} bài, {total / len(paths) / 1000:.1f} KB/bài, trong {args.folder / 'content' / 'posts'}")


if __name__ == "__main__":
    main()
