"""What the tests of the guides read from them: the command lines a reader would type."""

from __future__ import annotations

import re


def shell_lines(text: str) -> list[str]:
    """The lines of the ```sh blocks of `text`, comments dropped."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line.split("  #", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]
