#!/usr/bin/env bash
# Creates .venv (if needed) and installs the project into it, editable, with the extras given
# (default: none). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($python_bin --version)"
  "$python_bin" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
echo "==> installing openfisca-kz-asp${extras:+ [$extras]} into .venv"
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -e "$spec" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import openfisca_kz_asp" || { echo "installation failed" >&2; exit 1; }
