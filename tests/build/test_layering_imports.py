"""The core (the stages up to the build) imported in a fresh interpreter loads neither MkDocs, Material
nor the web service's libraries (the rest of the package's shape: tests/unit/test_layering.py)."""

from __future__ import annotations

import subprocess
import sys

from support.stages import CORE, MODULES, package_of


def test_the_core_is_imported_without_mkdocs_or_the_service() -> None:
    """Importing every core module loads neither MkDocs, Material nor the web service's libraries."""
    core = sorted(name for name in MODULES if package_of(name) in CORE)
    script = ("import sys\n" + "".join(f"import {name}\n" for name in core)
              + "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'falcon', 'waitress', 'watchdog'}))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
