"""Request bodies as flat forms of strings: JSON (the page script), multipart (the question form
without script, so 5,000 Vietnamese characters fit the body limit) and urlencoded (the rating form).

Strict: UTF-8 only, a bounded body, no files. Anything else is a Refused with a Vietnamese message."""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from cchc.gopy.clean import Refused

_NOT_UTF8 = Refused({"": "Nội dung gửi không phải văn bản UTF-8. Vui lòng gõ lại bằng bàn phím tiếng Việt Unicode."})
_MALFORMED = Refused({"": "Yêu cầu không đúng định dạng của biểu mẫu."})


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float | str):
        return str(value)
    raise _MALFORMED


def parse_form(body: bytes, content_type: str) -> tuple[dict[str, str], bool]:
    """The fields of a body and whether it came from the page script (JSON)."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise _MALFORMED
            return {str(key): _scalar(value) for key, value in data.items()}, True
        if kind == "application/x-www-form-urlencoded":
            pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
            return dict(pairs), False
        if kind == "multipart/form-data":
            return _multipart(body, content_type), False
    except UnicodeDecodeError:
        raise _NOT_UTF8 from None
    except ValueError:  # JSON syntax, a bad percent-escape
        raise _MALFORMED from None
    except RecursionError:  # JSON nested deeper than the parser's recursion limit (a form is flat)
        raise _MALFORMED from None
    raise Refused({"": "Kiểu nội dung không được hỗ trợ."}, status=415)


def _multipart(body: bytes, content_type: str) -> dict[str, str]:
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise _MALFORMED
    form: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename() is not None:
            raise _MALFORMED
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise _MALFORMED
        form[name] = payload.decode("utf-8")  # strict: a stray byte is refused, not guessed
    return form
