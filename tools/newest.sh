#!/usr/bin/env bash
# The suite against the newest versions pyproject.toml's ranges allow, ignoring the lock: run by
# hand to learn early what the next releases break. A fresh virtual environment in .venv-newest;
# it prints what it installed that differs from the lock, then runs the suite. Record the result
# in docs/developer/dependencies.md; fix what fails, or bound the range in pyproject.toml with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3.11}
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
rm -rf .venv-newest
"$python" -m venv .venv-newest
.venv-newest/bin/pip install --quiet --upgrade --upgrade-strategy eager -e ".[test,draft,docs]"
echo "newer than the lock (requirements/py$version.txt):"
.venv-newest/bin/pip freeze --exclude-editable | while IFS='=' read -r name _ newest; do
  locked=$(grep -i -E "^${name//[-_.]/[-_.]}==" "requirements/py$version.txt" | sed 's/ .*//; s/.*==//' || true)
  [ -n "$locked" ] && [ "$locked" != "$newest" ] && echo "  $name $locked -> $newest"
done || true
.venv-newest/bin/python -m pytest "$@"
