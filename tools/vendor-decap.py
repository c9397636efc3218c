"""Ship a version of Decap CMS with the editor: `python tools/vendor-decap.py 3.16.3`.

Fetches the package from the npm registry (`npm pack`, which checks the registry's integrity digest),
copies its browser build (dist/decap-cms.js, the chunks it loads, its WebAssembly and its licence
notice; not the source maps) into src/cchc/editor/decap/, and writes src/cchc/editor/decap.json: the
version, the licence, the tarball's integrity and each shipped file's SHA-256. tests/system/
test_editor_vendor.py holds the shipped files to that record and to the package itself."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "src" / "cchc" / "editor" / "decap"
RECORD = REPO / "src" / "cchc" / "editor" / "decap.json"


def shipped(name: str) -> bool:
    return name.endswith((".decap-cms.js", ".wasm")) or name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")


def main(version: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(["npm", "pack", f"decap-cms@{version}", "--json", "--pack-destination", folder],
                             check=True, capture_output=True, text=True).stdout
        packed = json.loads(out)[0]
        tarball = Path(folder) / packed["filename"]
        integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if integrity != packed["integrity"]:
            sys.stderr.write(f"tệp tải về không khớp mã kiểm tra của npm ({integrity} ≠ {packed['integrity']})\n")
            return 1
        shutil.rmtree(TARGET, ignore_errors=True)
        TARGET.mkdir(parents=True)
        files: dict[str, str] = {}
        with tarfile.open(tarball) as archive:
            package = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
            for member in sorted(archive.getmembers(), key=lambda m: m.name):
                name = member.name.removeprefix("package/dist/")
                if member.isfile() and member.name.startswith("package/dist/") and "/" not in name and shipped(name):
                    data = archive.extractfile(member).read()  # type: ignore[union-attr]
                    (TARGET / name).write_bytes(data)
                    files[name] = hashlib.sha256(data).hexdigest()
    record = {"package": "decap-cms", "version": package["version"], "license": package["license"],
              "tarball": f"https://registry.npmjs.org/decap-cms/-/decap-cms-{package['version']}.tgz",
              "integrity": integrity, "files": files}
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    size = sum((TARGET / name).stat().st_size for name in files) / 2**20
    sys.stdout.write(f"decap-cms {package['version']}: {len(files)} tệp, {size:.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "3.16.3"))
