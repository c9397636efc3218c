"""The `cchc` command as staff run it: a subprocess in a project folder, with the injected clock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import FIXED_NOW


def cchc(root: Path, *args: str, now: str = FIXED_NOW) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update({"CCHC_NOW": now, "PYTHONIOENCODING": "utf-8"})
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done
