"""A content tree edited as staff edit it (each save with a later modification time), and a built tree
read back as bytes: what the preview's tests and the differential oracle compare."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import yaml

from support.oracle import png_bytes


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


class Editor:
    """Edits a content tree as staff do, each save with a later modification time."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.random = random.Random(seed)
        self.clock = 2_000_000_000.0
        self.made = 0

    def posts(self) -> list[Path]:
        return sorted((self.root / "content" / "posts").rglob("*.md"))

    def save(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.clock += 10
        os.utime(path, (self.clock, self.clock))

    def front(self, path: Path) -> tuple[dict[str, object], str]:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        return yaml.safe_load(front), body

    def write_post(self, path: Path, front: dict[str, object], body: str) -> None:
        self.save(path, "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def any_post(self) -> tuple[Path, dict[str, object], str]:
        path = self.random.choice(self.posts())
        return (path, *self.front(path))

    def edit_body(self) -> str:
        path, front, body = self.any_post()
        self.write_post(path, front, body + f"\nĐoạn thêm số {self.random.randrange(1000)}.\n")
        return "body"

    def edit_title(self) -> str:
        path, front, body = self.any_post()
        front["title"] = f"{front['title']} (cập nhật {self.random.randrange(100)})"
        self.write_post(path, front, body)
        return "title"

    def edit_date(self) -> str:
        path, front, body = self.any_post()
        front["date"] = f"2022-{self.random.randrange(1, 13):02d}-{self.random.randrange(1, 28):02d} 09:00"
        self.write_post(path, front, body)
        return "date"

    def edit_tags(self) -> str:
        path, front, body = self.any_post()
        front["tags"] = self.random.sample(["tập huấn", "một cửa", "chuyển đổi số", "Tập huấn"], 2)
        self.write_post(path, front, body)
        return "tags"

    def edit_unit(self) -> str:
        path, front, body = self.any_post()
        front["unit"] = self.random.choice(["Văn phòng", "Phòng Tổ chức cán bộ", "Đơn vị mới thêm"])
        self.write_post(path, front, body)
        return "unit"

    def add_post(self) -> str:
        self.made += 1
        front = {"title": f"Tin mới thêm {self.made}", "date": f"2022-05-0{self.made % 9 + 1} 10:00",
                 "task": self.random.randrange(1, 15), "unit": "Văn phòng", "image": "anh.png"}
        folder = self.root / "content" / "posts" / "2022" / "05"
        self.save(folder / "anh.png", "")
        (folder / "anh.png").write_bytes(png_bytes())
        self.write_post(folder / f"tin-moi-them-{self.made}.md", front, "Đoạn mở đầu của tin mới.\n\n![Ảnh minh họa](anh.png)\n")
        return "add"

    def delete_post(self) -> str:
        self.random.choice(self.posts()).unlink()
        return "delete"

    def toggle_draft(self) -> str:
        path, front, body = self.any_post()
        front["draft"] = not front.get("draft", False)
        self.write_post(path, front, body)
        return "draft"

    def edit_plan(self) -> str:
        plan = self.root / "plan" / "2022.md"
        text = plan.read_text(encoding="utf-8")
        self.save(plan, text.replace("name: ", f"name: (sửa {self.random.randrange(100)}) ", 1))
        return "plan"

    def edit_home(self) -> str:
        home = self.root / "docs" / "index.md"
        self.save(home, home.read_text(encoding="utf-8") + f"\nDòng thêm {self.random.randrange(100)}.\n")
        return "home"

    def any_edit(self) -> str:
        edits: list[Callable[[], str]] = [
            self.edit_body, self.edit_body, self.edit_title, self.edit_date, self.edit_tags, self.edit_unit,
            self.add_post, self.delete_post, self.toggle_draft, self.edit_plan, self.edit_home,
        ]
        return self.random.choice(edits)()
