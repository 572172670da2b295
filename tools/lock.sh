#!/usr/bin/env bash
# The lock: the exact versions, with their hashes, that the tests and CI install, one file per
# Python that CI runs. Python 3.11, the one the README sets up, gets the whole development
# environment (the extras test, draft and docs); Python 3.13 gets what CI runs there, the command
# line and build tests (the test extra: no spaCy, no mkdocs, a third less to install). Run it
# after changing a dependency in pyproject.toml and commit the files with that change. Needs uv
# (pip install uv); the package's own ranges in pyproject.toml stay open for people who install brief.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
lock() {
  local version=$1
  shift
  "$uv" pip compile pyproject.toml --quiet "$@" \
    --python-version "$version" --python-platform x86_64-manylinux_2_28 --generate-hashes \
    --no-header --output-file "requirements/py$version.txt"
}
lock 3.11 --extra test --extra draft --extra docs "$@"
lock 3.13 --extra test "$@"
