"""Bodies with n facts of one kind (links, files, images, heading links, refused markup); locating
each kind's lines was quadratic in the number of its facts (issue 22, item 6)."""

from __future__ import annotations

from collections.abc import Callable

from cchc.content.settings import MKDOCS_BUILTIN_EXTENSIONS

SITE_EXTENSIONS = (*MKDOCS_BUILTIN_EXTENSIONS, "admonition", "attr_list", "md_in_html")
SHAPES: dict[str, Callable[[int], str]] = {
    "distinct autolinks": lambda n: "\n\n".join(f"<http://a.vn/{i}>" for i in range(n)),
    "one file linked again and again": lambda n: "\n\n".join("[Tải](a.pdf)" for _ in range(n)),
    "distinct files": lambda n: "\n\n".join(f"[tải](tep-{i}.pdf)" for i in range(n)),
    "images": lambda n: "\n\n".join(f"![Ảnh {i}](anh-{i % 7}.png)" for i in range(n)),
    "headings and links to them": lambda n: "\n\n".join(f"## Mục {i}\n\n[xem](#muc-{i})" for i in range(n)),
    "refused raw HTML": lambda n: "\n\n".join(f'Chữ <span onclick="x{i}">a</span>' for i in range(n)),
    "refused attributes": lambda n: "\n\n".join(f'## Mục {i} {{: onclick="y{i}" }}' for i in range(n)),
    "paths inside paths": lambda n: "\n\n".join(f"[x]({'a' * (i % 60 + 1)}.pdf) {'a' * 60}" for i in range(n)),
}


