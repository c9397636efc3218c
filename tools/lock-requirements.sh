#!/usr/bin/env bash
# Pins the Python requirements with hashes: requirements.txt, requirements-test.txt and
# requirements-properdocs.txt, each made from its .in file by pip-tools' pip-compile, which runs in a
# throwaway venv (pip-tools is no dependency of the project). The versions already pinned stay;
# to move one: tools/lock-requirements.sh --upgrade-package NAME (or NAME==VERSION).
# Each pinned version gets the hash of every file PyPI has for it (the wheels of every platform and
# the sdist), so the same files install on Linux x86_64 and aarch64 and on Windows. pip installs a file
# with hashes in require-hashes mode: a file whose hash is not listed is refused.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"${PYTHON:-python3}" -m venv "$tools"
"$tools/bin/pip" install --quiet --disable-pip-version-check pip-tools==7.7.0

# PyPI itself: no local mirror, wheel folder or pip.conf of this machine (pip-tools takes the hashes
# from PyPI's listing of each version, every platform's files included; another index gives fewer).
export PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="tools/lock-requirements.sh"
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT PIP_REQUIRE_HASHES

# requirements.txt first: the other two take its versions (-c requirements.txt in their .in files).
# Each .txt starts with its .in file's opening comments (what the pins are for, the rules they keep).
for name in requirements requirements-test requirements-properdocs; do
  "$tools/bin/pip-compile" --quiet --no-config --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links --output-file "$name.txt" "$name.in" "$@"
  { sed -n '/^#/!q;p' "$name.in"; cat "$name.txt"; } > "$tools/$name.txt"
  cp "$tools/$name.txt" "$name.txt"
done
