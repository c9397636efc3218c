"""The shipped Decap CMS is the npm package it says it is: the registry's tarball of the pinned version
(fetched with `npm pack` into .cache/npm/ once, as `make test` fetches the other npm tools) has the
recorded integrity digest, and each shipped file is byte for byte its file under package/dist/."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile

from support import REPO

EDITOR = REPO / "src" / "cchc" / "editor"
CACHE = REPO / ".cache" / "npm"


def test_the_shipped_files_are_the_package_files() -> None:
    record = json.loads((EDITOR / "decap.json").read_text(encoding="utf-8"))
    tarball = CACHE / f"decap-cms-{record['version']}.tgz"
    if not tarball.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"decap-cms@{record['version']}", "--pack-destination", str(CACHE), "--silent"],
                       check=True, capture_output=True, timeout=300)
    data = tarball.read_bytes()
    assert "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode() == record["integrity"]
    with tarfile.open(tarball) as archive:
        package = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        assert (package["name"], package["version"], package["license"]) == ("decap-cms", record["version"], record["license"])
        for name in record["files"]:
            member = archive.extractfile(f"package/dist/{name}")
            assert member is not None and member.read() == (EDITOR / "decap" / name).read_bytes(), name
