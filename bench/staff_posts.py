"""Posts as staff write them: the benchmark's second corpus (bench/run.py --corpus staff).

    .venv/bin/python bench/staff_posts.py /tmp/staff-1000 --count 1000 --seed 1 --scaffold

bench/generate_posts.py writes every post from one template (paragraphs of stock sentences, now and
then a `##` heading or a three-item list), and a build can be quick on one shape of Markdown and slow
on another. These posts are 3–15 KB each and vary as staff's do: `##` and `###` headings or a bold line
for one; bulleted and numbered lists, some nested; pipe tables of figures; quotes; bold and italic;
links to other sites, to `mailto:` and `tel:`, and to earlier posts of the corpus by their page's
relative address (a link to another post's `.md` file is refused by this site: huong-dan/noi-dung.md);
small JPEG and PNG pictures beside the post, shown in its body (one in ten without a description,
which `cchc check` warns about, as staff leave them), the first sometimes the cover (`image:`).

The front matter is generate_posts.py's (`front_matter`), and `--scaffold` its site around the posts
(`scaffold`). The same count and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import posixpath
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_posts import (
    COMMUNES,
    DISTRICTS,
    POSITIONS,
    TAGS,
    TASKS,
    TOPICS,
    UNITS,
    front_matter,
    person,
    png_image,
    scaffold,
    school,
    slug,
)

SIZES = (3_000, 13_000)  # bytes of a post before its last block (each under 1 KB): 3–15 KB in all
PICTURE_SHARE = 0.4  # posts with pictures in their body
COVER_SHARE = 0.3  # of those, the first picture is also the cover

PROCEDURES = (
    "chuyển trường cho học sinh trung học cơ sở", "cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "đăng ký dự tuyển vào lớp 10",
    "công nhận trường đạt chuẩn quốc gia", "cấp phép hoạt động giáo dục kỹ năng sống", "xét tặng danh hiệu nhà giáo",
)
CONTESTS = ("Cán bộ một cửa thân thiện", "Tìm hiểu pháp luật về cải cách hành chính", "Ý tưởng số hoá nhà trường",
            "Văn phòng trường học kiểu mẫu")
TITLES = (
    "{unit} tổ chức hội nghị về {topic}",
    "Thông báo về việc tiếp nhận hồ sơ {procedure} năm 2022",
    "Kết quả kiểm tra công tác {topic} tại {district}",
    "{school}: nhiều cách làm hay trong {topic}",
    "Hướng dẫn thực hiện thủ tục {procedure} trên Cổng Dịch vụ công",
    'Hội thi "{contest}" năm 2022',
    "Tập huấn {topic} cho cán bộ, giáo viên {district}",
    "Sơ kết công tác {topic} tại {school}",
)
SENTENCES = (
    "Sáng ngày {day}, {unit} phối hợp với Văn phòng Sở tổ chức buổi làm việc về {topic}.",
    "Tham dự có đồng chí {person}, {position}, cùng đại diện lãnh đạo các phòng chuyên môn và {n} cán bộ, giáo viên.",
    "Theo số liệu tổng hợp, từ đầu năm đến nay toàn ngành đã tiếp nhận {n} hồ sơ, trong đó {pct}% được giải quyết trước và đúng hạn.",
    "Nhiều ý kiến cho rằng việc nộp hồ sơ trực tuyến vẫn còn khó khăn với phụ huynh lớn tuổi ở xã {commune}.",
    "Để khắc phục, nhà trường bố trí giáo viên trực hướng dẫn phụ huynh vào các buổi chiều thứ Năm hằng tuần.",
    "Buổi tập huấn được tổ chức theo hình thức trực tiếp kết hợp trực tuyến, kết nối tới {n2} điểm cầu.",
    "Báo cáo viên giới thiệu những điểm mới của **Nghị định số 107/2021/NĐ-CP** về thực hiện cơ chế một cửa, một cửa liên thông.",
    "Sau phần trình bày, học viên được thực hành trên môi trường thử nghiệm của hệ thống một cửa điện tử.",
    "Đến nay, {n2} thủ tục hành chính thuộc thẩm quyền của ngành đã được cung cấp dưới dạng *dịch vụ công trực tuyến toàn trình*.",
    "{school} là một trong những đơn vị đầu tiên của {district} thu học phí không dùng tiền mặt.",
    "Kết thúc đợt kiểm tra, đoàn đánh giá cao tinh thần trách nhiệm của tập thể cán bộ, giáo viên nhà trường.",
    "Bên cạnh kết quả đạt được, đoàn cũng chỉ ra một số tồn tại cần khắc phục trong thời gian tới.",
    "Hồ sơ lưu trữ chưa được sắp xếp khoa học, một số biên bản còn thiếu chữ ký của thành phần tham dự.",
    "Phụ huynh có thể tra cứu kết quả giải quyết hồ sơ bằng _mã hồ sơ_ được gửi qua tin nhắn.",
    "Cuộc thi thu hút {n} bài dự thi của học sinh các trường trên địa bàn {district}.",
    "Ban Giám khảo đã chọn ra {n2} tác phẩm xuất sắc nhất để trao giải.",
    "Năm nay, lần đầu tiên việc đăng ký dự tuyển vào lớp 10 được thực hiện hoàn toàn trực tuyến.",
    "Thí sinh chỉ cần khai báo thông tin trên hệ thống, **không phải nộp bản giấy** tại trường.",
    'Mô hình "Mỗi tuần một thủ tục" do {unit} đề xuất đã được nhân rộng ra {n2} đơn vị.',
    "Trong buổi sinh hoạt dưới cờ, học sinh được nghe giới thiệu về quyền và nghĩa vụ của công dân khi thực hiện thủ tục hành chính.",
    "Đây là hoạt động thiết thực, góp phần nâng cao mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính.",
    "Chỉ số cải cách hành chính năm 2021 của Sở đạt {pct} điểm, tăng {n2} bậc so với năm trước.",
    "Đồng chí {person} yêu cầu các đơn vị rà soát quy trình nội bộ, bảo đảm không phát sinh giấy tờ ngoài quy định.",
    "Các đơn vị chưa hoàn thành việc số hoá kết quả giải quyết thủ tục hành chính báo cáo lý do trước ngày {day}.",
    "Thông tin chi tiết được đăng trên trang thông tin điện tử của Sở và niêm yết tại bộ phận một cửa.",
    "Cô giáo {person} chia sẻ, nhờ hệ thống quản lý văn bản điện tử, thời gian xử lý công văn của nhà trường rút ngắn đáng kể.",
    "Hội thi có {n2} đội tham gia, mỗi đội gồm ba thành viên là cán bộ làm công tác văn phòng các trường.",
    "Phần thi xử lý tình huống được khán giả hưởng ứng nhiệt tình nhờ những câu hỏi gần gũi với thực tế.",
)
HEADINGS = (
    "Mục đích, yêu cầu", "Nội dung", "Thời gian, địa điểm", "Thành phần tham dự", "Kết quả kiểm tra",
    "Tồn tại, hạn chế", "Kiến nghị, đề xuất", "Tổ chức thực hiện", "Hướng dẫn nộp hồ sơ trực tuyến",
    "Một số hình ảnh", "Thông tin liên hệ", "Giải thưởng", "Ý kiến của phụ huynh",
)
BULLETS = (
    "Niêm yết công khai, đầy đủ thủ tục hành chính tại bộ phận một cửa.",
    "Cập nhật kịp thời văn bản mới trên trang thông tin điện tử của đơn vị.",
    "**Không** yêu cầu người dân nộp thêm giấy tờ ngoài quy định.",
    "Trả kết quả đúng hẹn; trường hợp quá hạn phải có văn bản xin lỗi.",
    "Bố trí cán bộ có năng lực, tác phong chuẩn mực tại bộ phận một cửa.",
    "Phối hợp với UBND xã {commune} tuyên truyền tới cha mẹ học sinh.",
    "Hoàn thành số hoá hồ sơ học sinh trước ngày {day}.",
    "Báo cáo kết quả về Sở (qua Văn phòng) trước ngày 15 hằng tháng.",
    "Tăng cường sử dụng chữ ký số trong gửi, nhận văn bản.",
    "Khen thưởng kịp thời tập thể, cá nhân có *cách làm hay*.",
    "Tổ chức đối thoại với phụ huynh ít nhất một lần mỗi học kỳ.",
)
LEVEL_NOTES = (
    "Đối với cấp mầm non: phối hợp với nhóm trẻ độc lập trên địa bàn.",
    "Đối với cấp tiểu học: lồng ghép vào tiết hoạt động trải nghiệm.",
    "Đối với cấp THCS: giao cho giáo viên giáo dục công dân phụ trách.",
    "Đối với các trường THPT: báo cáo trực tiếp về Phòng Giáo dục Trung học.",
)
STEPS = (
    "Truy cập Cổng Dịch vụ công quốc gia tại địa chỉ <https://dichvucong.gov.vn/>.",
    "Đăng nhập bằng tài khoản định danh điện tử VNeID.",
    "Tìm tên thủ tục, chọn cơ quan thực hiện là {unit}.",
    "Khai thông tin vào tờ khai điện tử, đính kèm bản chụp giấy tờ.",
    "Kiểm tra lại thông tin, bấm **Nộp hồ sơ**.",
    "Theo dõi tình trạng hồ sơ trong mục *Quản lý hồ sơ đã nộp*.",
    "Nhận kết quả qua dịch vụ bưu chính công ích hoặc tại bộ phận một cửa.",
)
STEP_NOTES = ("Giấy tờ cần có: bản chụp giấy khai sinh, học bạ.", "Lệ phí: không thu.", "Thời hạn giải quyết: 3 ngày làm việc.")
QUOTES = (
    "Cải cách hành chính không phải việc riêng của bộ phận một cửa, mà là việc của từng cán bộ, giáo viên.",
    "Trước đây tôi phải nghỉ làm nửa ngày để nộp hồ sơ chuyển trường cho con, nay chỉ mất mười lăm phút trên điện thoại.",
    "Chúng tôi coi mỗi lời góp ý của phụ huynh là một cơ hội để làm tốt hơn.",
    "Số hoá không chỉ là chụp lại giấy tờ, mà là thay đổi cách chúng ta làm việc hằng ngày.",
)
SITES = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng thông tin điện tử tỉnh Hưng Yên", "https://hungyen.gov.vn/"),
    ("Bộ Giáo dục và Đào tạo", "https://moet.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", "https://dichvucong.hungyen.gov.vn/dichvucong/tracuu?ma=2022"),
    ("Báo Hưng Yên", "https://baohungyen.vn/"),
)
CAPTIONS = ("Quang cảnh hội nghị", "Đại biểu phát biểu ý kiến", "Học sinh tham gia cuộc thi", "Cán bộ một cửa hướng dẫn phụ huynh",
            "Trao giấy khen cho các tập thể", "Đoàn kiểm tra làm việc tại trường")


def _fill(template: str, rng: random.Random, draft: Draft) -> str:
    day = draft.when - timedelta(days=rng.randint(0, 9))
    values = {
        "unit": draft.unit, "topic": draft.topic, "school": school(rng), "person": person(rng), "position": rng.choice(POSITIONS),
        "commune": rng.choice(COMMUNES), "district": rng.choice(DISTRICTS), "n": rng.randint(15, 900), "n2": rng.randint(2, 40),
        "pct": f"{rng.randint(820, 999) / 10:.1f}".replace(".", ","), "day": f"{day:%d/%m/%Y}",
        "procedure": rng.choice(PROCEDURES), "contest": rng.choice(CONTESTS),
    }
    return template.format(**values)


@dataclass
class Draft:
    """One post being written: what its blocks draw on."""

    rng: random.Random
    when: datetime
    unit: str
    topic: str
    url: str  # its page's address, which links to other posts are relative to
    earlier: list[tuple[str, str]]  # (title, page address) of the posts written before it
    pictures: list[str] = field(default_factory=list)  # file names beside it, not shown yet

    def sentences(self, low: int, high: int) -> str:
        return " ".join(_fill(s, self.rng, self) for s in self.rng.sample(SENTENCES, self.rng.randint(low, high)))

    def link_to_earlier(self) -> str:
        title, url = self.rng.choice(self.earlier)
        return f"[{title}]({posixpath.relpath(url, self.url)}/)"


def _paragraph(draft: Draft) -> str:
    text = draft.sentences(2, 5)
    roll = draft.rng.random()
    if roll < 0.15:
        name, url = draft.rng.choice(SITES)
        text += f" Chi tiết xem tại [{name}]({url})."
    elif roll < 0.22 and draft.earlier:
        text = f"Như đã đưa tin ({draft.link_to_earlier()}), " + text[0].lower() + text[1:]
    return text


def _heading(draft: Draft) -> str:
    title = draft.rng.choice(HEADINGS)
    return draft.rng.choice((f"## {title}", f"### {title}", f"**{title}**"))


def _bullets(draft: Draft) -> str:
    mark = draft.rng.choice("-*")
    items = [f"{mark} {_fill(b, draft.rng, draft)}" for b in draft.rng.sample(BULLETS, draft.rng.randint(3, 6))]
    if draft.rng.random() < 0.3:  # by level of school, one indent further
        items[0] += "\n" + "\n".join(f"    - {note}" for note in draft.rng.sample(LEVEL_NOTES, draft.rng.randint(2, 3)))
    return "\n".join(items)


def _steps(draft: Draft) -> str:
    count = draft.rng.randint(3, len(STEPS))
    items = [f"{number}. {_fill(step, draft.rng, draft)}" for number, step in enumerate(STEPS[:count], 1)]
    if draft.rng.random() < 0.5:
        items[-1] += "\n" + "\n".join(f"    - {note}" for note in STEP_NOTES)
    return "\n".join(items)


def _results_table(draft: Draft) -> str:
    rows = ["| STT | Đơn vị | Hồ sơ tiếp nhận | Đúng hạn | Tỷ lệ |", "|:---:|---|---:|---:|---:|"]
    received = on_time = 0
    for number, unit in enumerate(draft.rng.sample(UNITS, draft.rng.randint(3, 8)), 1):
        got = draft.rng.randint(20, 600)
        done = got - draft.rng.randint(0, got // 20)
        received, on_time = received + got, on_time + done
        rows.append(f"| {number} | {unit} | {_count(got)} | {_count(done)} | {_percent(done / got)} |")
    rows.append(f"| | **Tổng** | **{_count(received)}** | **{_count(on_time)}** | **{_percent(on_time / received)}** |")
    return "\n".join(rows)


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Vietnamese groups thousands with a dot


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + " %"  # and writes a decimal comma


def _schedule_table(draft: Draft) -> str:
    rows = ["| Thời gian | Nội dung | Thực hiện |", "|---|---|---|"]
    start = draft.when.replace(hour=7, minute=30)
    for step in range(draft.rng.randint(3, 6)):
        rows.append(f"| {start + timedelta(minutes=45 * step):%H:%M} | {draft.rng.choice(HEADINGS)} | {person(draft.rng)} |")
    return "\n".join(rows)


def _quote(draft: Draft) -> str:
    words = draft.rng.choice(QUOTES)
    return f'> *"{words}"*\n>\n> — {person(draft.rng)}, {draft.rng.choice(POSITIONS)}'


def _picture(draft: Draft) -> str:
    name = draft.pictures.pop(0)
    caption = draft.rng.choice(CAPTIONS)
    roll = draft.rng.random()
    if roll < 0.1:
        return f"![]({name})\n*Ảnh: {caption.lower()}.*"  # no description: a warning, as staff leave them
    if roll < 0.4:
        return f'![{caption}]({name} "{caption} ({draft.when:%d/%m/%Y})")'
    return f"![{caption}]({name})"


BLOCKS: tuple[tuple[float, Callable[[Draft], str]], ...] = (
    (0.45, _paragraph), (0.12, _heading), (0.10, _bullets), (0.06, _steps), (0.05, _results_table),
    (0.02, _schedule_table), (0.05, _quote), (0.15, _picture),
)


def _kind(draft: Draft, previous: Callable[[Draft], str] | None) -> Callable[[Draft], str]:
    """The next block's kind: a picture only while some are left, never a heading right under a heading."""
    def weight(share: float, kind: Callable[[Draft], str]) -> float:
        return 0.0 if (kind is _picture and not draft.pictures) or (kind is _heading and previous is _heading) else share

    return draft.rng.choices([kind for _, kind in BLOCKS], [weight(share, kind) for share, kind in BLOCKS])[0]


def _lead(draft: Draft) -> str:
    text = draft.sentences(2, 3)
    return f"**{text}**" if draft.rng.random() < 0.4 else text


def _ending(draft: Draft) -> list[str]:
    """What staff put under a post: related posts, a contact, the byline."""
    blocks = []
    if draft.earlier and draft.rng.random() < 0.3:
        blocks.append("**Tin liên quan:**\n\n" + "\n".join(f"- {draft.link_to_earlier()}" for _ in range(draft.rng.randint(1, 3))))
    if draft.rng.random() < 0.2:
        blocks.append("Mọi vướng mắc xin liên hệ Văn phòng Sở, điện thoại [0221 3555 555](tel:+842213555555), "
                      "email [vanphong@sgddt.hungyen.gov.vn](mailto:vanphong@sgddt.hungyen.gov.vn).")
    if draft.rng.random() < 0.7:
        blocks.append(f"*Tin, ảnh: {person(draft.rng)} ({draft.unit})*")
    return blocks


def _body(draft: Draft, size: int) -> str:
    blocks = [_lead(draft)]
    kind: Callable[[Draft], str] | None = None
    while len("\n\n".join(blocks).encode("utf-8")) < size:
        kind = _kind(draft, kind)
        blocks.append(kind(draft))
    blocks += [_picture(draft) for _ in list(draft.pictures)]  # those left over, at the end as staff add them
    return "\n\n".join(blocks + _ending(draft))


def jpeg_image(rng: random.Random, width: int, height: int) -> bytes:
    """A small photo-like JPEG: a background and a few shapes, the same bytes for the same draws."""
    picture = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randint(3, 8)):
        (left, right), (top, bottom) = sorted(rng.randrange(width) for _ in range(2)), sorted(rng.randrange(height) for _ in range(2))
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((left, top, right, bottom), fill=colour)
        else:
            draw.rectangle((left, top, right, bottom), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _write_pictures(rng: random.Random, folder: Path, when: datetime, number: int) -> list[str]:
    """The pictures of post `number`, beside it: phone photos (JPEG) and screenshots (PNG)."""
    if rng.random() >= PICTURE_SHARE:
        return []
    names = []
    for k in range(rng.randint(1, 3)):
        width, height = rng.randint(160, 480), rng.randint(120, 360)
        if rng.random() < 0.7:
            name, data = f"IMG_{when:%Y%m%d}_{number:05d}{k}.jpg", jpeg_image(rng, width, height)
        else:
            name, data = f"anh-chup-man-hinh-{number:05d}-{k + 1}.png", png_image(width, height, rng.randrange(256))
        (folder / name).write_bytes(data)
        names.append(name)
    return names


def _title(rng: random.Random, unit: str, topic: str) -> str:
    values = {"unit": unit, "topic": topic, "procedure": rng.choice(PROCEDURES), "district": rng.choice(DISTRICTS),
              "school": school(rng), "contest": rng.choice(CONTESTS)}
    title = rng.choice(TITLES).format(**values)
    return title[0].upper() + title[1:]


def _unique(title: str, month: str, used: set[str]) -> str:
    """The title, numbered when the month already has a post of that address, as an editor would."""
    repeat, named = 1, title
    while f"{month}/{slug(named)}" in used:
        repeat += 1
        named = f"{title} (lần {repeat})"
    used.add(f"{month}/{slug(named)}")
    return named


def generate_posts(folder: Path, *, count: int, seed: int = 1) -> list[Path]:
    """Write `count` posts dated through 2022 under `folder`/content/posts; return their paths."""
    rng = random.Random(seed)
    pictures = random.Random(seed + 2_000_003)  # its own stream: the texts do not depend on the pictures' draws
    first, days = datetime(2022, 1, 4), 360
    written: list[Path] = []
    earlier: list[tuple[str, str]] = []
    used: set[str] = set()
    for number in range(count):
        # Through 2022 in order, each in office hours.
        when = first + timedelta(days=days * number // max(count, 1), hours=rng.randint(7, 17), minutes=rng.randint(0, 59))
        unit, topic = rng.choice(UNITS), rng.choice(TOPICS)
        title = _unique(_title(rng, unit, topic), f"{when:%Y/%m}", used)
        path = folder / "content" / "posts" / f"{when:%Y/%m}" / f"{slug(title)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"tin-tuc/{when:%Y/%m}/{slug(title)}"
        draft = Draft(rng, when, unit, topic, url, earlier, _write_pictures(pictures, path.parent, when, number))
        cover = draft.pictures[0] if draft.pictures and pictures.random() < COVER_SHARE else None
        tasks = sorted(rng.sample(TASKS, 2)) if rng.random() < 0.15 else [rng.choice(TASKS)]
        tags = sorted(rng.sample(TAGS, rng.randint(1, 4))) if rng.random() < 0.6 else []
        summary = draft.sentences(1, 2) if rng.random() < 0.3 else None
        head = front_matter(title, when, tasks=tasks, unit=unit, tags=tags, summary=summary, image=cover)
        body = _body(draft, rng.randint(*SIZES) - len(head.encode("utf-8")))
        path.write_text(head + body + "\n", encoding="utf-8")
        written.append(path)
        earlier.append((title, url))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="project folder; posts go to FOLDER/content/posts")
    parser.add_argument("--count", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scaffold", action="store_true", help="also write mkdocs.yml, docs/ and plan/2022.md (generate_posts.py's)")
    args = parser.parse_args()
    if args.scaffold:
        scaffold(args.folder)
    paths = generate_posts(args.folder, count=args.count, seed=args.seed)
    sizes = sorted(p.stat().st_size for p in paths)
    print(f"{len(paths)} bài, {sizes[0] / 1000:.1f}–{sizes[-1] / 1000:.1f} KB/bài, trong {args.folder / 'content' / 'posts'}")


if __name__ == "__main__":
    main()
