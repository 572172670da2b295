#!/usr/bin/env bash
# The lock: the exact versions, with their hashes, that the tests and CI install, one file per
# Python that CI runs (3.11 and 3.13). Run it after changing a dependency in pyproject.toml and
# commit the files with that change. Needs uv (pip install uv); the package's own ranges in
# pyproject.toml stay open for people who install brief.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
for version in 3.11 3.13; do
  "$uv" pip compile pyproject.toml --quiet --extra test --extra draft --extra docs \
    --python-version "$version" --python-platform x86_64-manylinux_2_28 --generate-hashes \
    --no-header --output-file "requirements/py$version.txt" "$@"
done
