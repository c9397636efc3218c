"""Receipt codes (mã tiếp nhận): 8 characters from 31 that cannot be misread when said or copied.

No 0/O, 1/I/L: a citizen reads the code over the phone or types it into the search box.
`secrets`, so codes are neither guessable nor sequential (31**8 ≈ 8.5·10^11); uniqueness is
checked by the database (UNIQUE), which draws again on a clash.

In the core, not in the feedback service: published answers (content/hoi-dap/<mã>.md) are named by
their code, and the static build never imports the service."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def parse_code(text: str) -> str | None:
    """A code as typed by a person: case, spaces and dashes do not matter; None if it cannot be one."""
    code = re.sub(r"[\s\-]", "", text).upper()
    return code if _CODE.fullmatch(code) else None
