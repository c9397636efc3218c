"""Read the `procedure:` block that makes a post a TTHC explainer (the model is `cchc.model.Procedure`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import yaml

from cchc.content import fields as f
from cchc.content.frontmatter import Field, Reader
from cchc.model import Channel, Procedure, ProcedureDocument

PROCEDURE_KEYS = (
    "code", "name", "field", "level", "agency", "applicants", "steps", "channels", "documents",
    "duration", "result", "fee", "requirements", "legal_basis", "online", "url", "record_url", "portal_id",
)
CHANNEL_KEYS = ("channel", "duration", "fee")
DOCUMENT_KEYS = ("name", "copies", "form")
ONLINE_LEVELS = ("toàn trình", "một phần")
T = TypeVar("T")
_URL = re.compile(r"https?://[^\s<>\"]+")
# A procedure's code as the national TTHC database and the public-service portals show it (tthc.md): a
# level digit, a dot, six digits ("2.001914"), optionally a local suffix ("2.001914.000.00.00.H33").
CODE = re.compile(r"\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?")
CODE_EXAMPLE = '"2.001914" hoặc "2.001914.000.00.00.H33"'
# The number the national portal gives the procedure in the address of its page (`ma_thu_tuc=`), which is
# not the code: the portal numbers its records itself.
PORTAL_ID = re.compile(r"[1-9]\d{0,8}")


def read_procedure(reader: Reader, field: Field) -> Procedure | None:
    """Validate the block, reporting each problem at its own line."""
    fields = reader.mapping(field.node, "`procedure`")
    if fields is None:
        return None
    reader.check_keys(fields, allowed=PROCEDURE_KEYS, required=("name", "field"), line=field.line, what="`procedure`")
    texts = {key: f.text(reader, fields, key) or "" for key in (
        "name", "field", "level", "agency", "applicants", "duration", "result", "fee")}
    texts["code"] = procedure_code(reader, fields.get("code"))
    online = (f.text(reader, fields, "online") or "").lower()
    if online and online not in ONLINE_LEVELS:
        reader.report(fields["online"].line, f"`online` phải là \"toàn trình\" hoặc \"một phần\" (tìm thấy: {online!r})")
    links = {key: _url(reader, fields, key) for key in ("url", "record_url")}
    procedure = Procedure(
        **texts,
        steps=f.text_list(reader, fields, "steps"),
        channels=_items(reader, fields, "channels", CHANNEL_KEYS, _channel),
        documents=_items(reader, fields, "documents", DOCUMENT_KEYS, _document),
        requirements=f.text_list(reader, fields, "requirements"),
        legal_basis=f.text_list(reader, fields, "legal_basis"),
        online=online,
        portal_id=_portal_id(reader, fields.get("portal_id")),
        **links,
    )
    return procedure if texts["name"] and texts["field"] else None


def procedure_code(reader: Reader, field: Field | None) -> str:
    """The code, checked against the portals' format; a bad one is reported at its line and left out."""
    if field is None:
        return ""
    if isinstance(field.value, float):  # code: 2.001914 without quotes: YAML reads a number, and "2.001910" loses its 0
        reader.report(field.line, f"`code` phải viết trong ngoặc kép, ví dụ code: \"2.001914\" (tìm thấy: số {field.value!r})")
        return ""
    value = f.text(reader, {"code": field}, "code") or ""
    if value and not CODE.fullmatch(value):
        reader.report(field.line, f"`code` phải là mã thủ tục như trên Cổng Dịch vụ công, ví dụ {CODE_EXAMPLE} "
                                  f"(tìm thấy: {value!r})")
        return ""
    return value


def _portal_id(reader: Reader, field: Field | None) -> str:
    if field is None:
        return ""
    value = field.value
    shown = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not PORTAL_ID.fullmatch(shown):
        reader.report(field.line, "`portal_id` phải là số ở cuối địa chỉ trang thủ tục trên Cổng Dịch vụ công quốc gia "
                                  f"(…?ma_thu_tuc=140183), ví dụ 140183 (tìm thấy: {value!r})")
        return ""
    return shown


def _url(reader: Reader, fields: dict[str, Field], key: str) -> str:
    value = f.text(reader, fields, key) or ""
    if value and not _URL.fullmatch(value):
        reader.report(fields[key].line, f"`{key}` phải là địa chỉ bắt đầu bằng https:// (tìm thấy: {value!r})")
        return ""
    return value


def _items(
    reader: Reader, fields: dict[str, Field], key: str, allowed: tuple[str, ...],
    build: Callable[[Reader, dict[str, Field]], T | None],
) -> tuple[T, ...]:
    """Each mapping of a list such as `channels` or `documents`, checked at its own line."""
    field = fields.get(key)
    if field is None:
        return ()
    required = allowed[0]
    if not isinstance(field.node, yaml.SequenceNode):
        reader.report(field.line, f"`{key}` phải là một danh sách, mỗi mục bắt đầu bằng `- {required}:`")
        return ()
    items: list[T] = []
    for node in field.node.value:
        item = reader.mapping(node, "mục")
        if item is None:
            continue
        reader.check_keys(item, allowed=allowed, required=(required,), line=reader.line_of(node), what=f"`{key}`")
        built = build(reader, item)
        if built is not None:
            items.append(built)
    return tuple(items)


def _channel(reader: Reader, item: dict[str, Field]) -> Channel | None:
    channel = f.text(reader, item, "channel")
    if not channel:
        return None
    return Channel(channel, f.text(reader, item, "duration") or "", f.text(reader, item, "fee") or "")


def _document(reader: Reader, item: dict[str, Field]) -> ProcedureDocument | None:
    name = f.text(reader, item, "name")
    copies = item.get("copies")
    shown = ""
    if copies is not None:
        if isinstance(copies.value, bool) or not isinstance(copies.value, (int, str)):
            reader.report(copies.line, f"`copies` phải là số bản, ví dụ 1 (tìm thấy: {copies.value!r})")
        else:
            shown = str(copies.value).strip()
    form = _url(reader, item, "form")
    return ProcedureDocument(name, shown, form) if name else None
