"""Who sends a report and to whom: the header, "Kính gửi", "Nơi nhận" and signature of the Word report.

The Sở's details are settings (`extra.cchc.report` in mkdocs.yml: `settings.ReportOptions`); a unit's
come from the optional units file (`du-lieu/don-vi.yml` by default, read by `load_unit_details`). A
value nobody wrote is printed as a dotted blank to fill by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cchc.content import fields as f
from cchc.content.frontmatter import Field, Reader, read_data_file, shown_path
from cchc.content.settings import ReportOptions
from cchc.model import Plan, Signer
from cchc.problems import Problem, describe
from cchc.text import slugify

BLANK = "……………"  # a dotted blank: a value to write by hand


# --- the units file -------------------------------------------------------------------------------

UNIT_KEYS = ("name", "parent", "abbreviation", "place", "signer", "copies", "archive")
_SIGNER_KEYS = ("authority", "position", "name")


@dataclass(frozen=True)
class UnitDetails:
    """One unit of the units file; "" is a value nobody wrote (see letterhead_of_unit for the defaults)."""

    name: str = ""
    parent: str = ""
    abbreviation: str = ""
    place: str = ""
    signer: Signer = field(default_factory=lambda: Signer(name="", position="", authority=""))
    copies: tuple[str, ...] = ()
    archive: str = ""


def load_unit_details(path: Path, root: Path) -> tuple[dict[str, UnitDetails], list[Problem]]:
    """The units file by unit slug (the key the site groups units by); no file, no details."""
    if not path.is_file():
        return {}, []
    node, reader, problems = read_data_file(path, shown_path(path, root))
    if node is None or reader is None:
        return {}, problems
    units = reader.mapping(node, "tệp đơn vị")
    details: dict[str, UnitDetails] = {}
    lines: dict[str, int] = {}
    for key, entry in (units or {}).items():
        slug = slugify(key)
        if not slug:
            reader.report(entry.line, f"tên đơn vị không có chữ hay số nào (tìm thấy: {key!r})")
            continue
        if slug in lines:
            reader.report(entry.line, f"đơn vị {key!r} đã có ở dòng {lines[slug]} (tên chỉ khác chữ hoa/thường hoặc dấu)")
            continue
        lines[slug] = entry.line
        unit = _unit(reader, key, entry)
        if unit is not None:
            details[slug] = unit
    return details, reader.problems


def _unit(reader: Reader, key: str, entry: Field) -> UnitDetails | None:
    if entry.value is None:
        return UnitDetails()
    fields = reader.mapping(entry.node, f"đơn vị {key!r}")
    if fields is None:
        return None
    reader.check_keys(fields, allowed=UNIT_KEYS, required=(), line=entry.line, what=f"đơn vị {key!r}")
    signer = Signer(name="", position="", authority="")
    if "signer" in fields:
        signer_fields = reader.mapping(fields["signer"].node, "`signer`") or {}
        reader.check_keys(signer_fields, allowed=_SIGNER_KEYS, required=(), line=fields["signer"].line, what="`signer`")
        signer = Signer(**{key: f.text(reader, signer_fields, key, empty_ok=True) or "" for key in _SIGNER_KEYS})
    texts = {name: f.text(reader, fields, name, empty_ok=True) or "" for name in ("name", "parent", "abbreviation", "place", "archive")}
    copies = fields.get("copies")
    if copies is not None and not (isinstance(copies.value, list) and all(isinstance(i, str) and i.strip() for i in copies.value)):
        reader.report(copies.line, f"`copies` phải là danh sách nơi nhận, ví dụ [\"Như trên\", \"Ban Giám đốc Sở\"] "
                                   f"(tìm thấy: {describe(copies.value)})")
        return None
    return UnitDetails(signer=signer, copies=tuple(i.strip() for i in copies.value) if copies else (), **texts)


# --- the letterhead of one report -----------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """Everything of a report that depends on who sends it; "" prints as a dotted blank (name: left blank)."""

    sender: str  # as the body names the sender: "Sở Giáo dục và Đào tạo Hưng Yên", "Phòng GDĐT huyện Văn Lâm"
    parent: str
    issuer: str
    abbreviation: str
    place: str
    recipients: tuple[str, ...]
    copies: tuple[str, ...]
    archive: str
    signer: Signer


def letterhead_of_so(options: ReportOptions, plan: Plan) -> Letterhead:
    """The Sở's report, sent to the province (settings), the sender named as the plan's issuer."""
    signer = options.signer
    return Letterhead(
        sender=plan.issuer, parent=options.parent, issuer=options.issuer, abbreviation=options.abbreviation,
        place=options.place, recipients=options.recipients, copies=options.copies, archive=options.archive,
        signer=Signer(name=signer.name or "", position=signer.position, authority=signer.authority or ""),
    )


def letterhead_of_unit(unit: str, details: UnitDetails | None, options: ReportOptions) -> Letterhead:
    """A unit's report to the Sở. Defaults: the header names the unit as its posts do; the place is the
    Sở's; "Nơi nhận" is "Như trên" and "Lưu: VT"; parent body, abbreviation and signer's position are
    blanks to fill, the signer's name is left blank."""
    details = details or UnitDetails()
    return Letterhead(
        sender=unit, parent=details.parent, issuer=details.name or unit, abbreviation=details.abbreviation,
        place=details.place or options.place, recipients=options.unit_recipients,
        copies=details.copies or ("Như trên",), archive=details.archive or "VT", signer=details.signer,
    )
