#!/usr/bin/env bash
# Every check, as CI runs it: install with the test extras, install the headless browser, lint,
# the wheel, the YAML law tests, then pytest (rules, properties, metadata, microsimulation, API,
# fuzzing, browser, site). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/setup.sh test
export PATH="$PWD/.venv/bin:$PATH"
bash scripts/install_browser.sh
echo "==> lint: ruff, yamllint"
ruff check .
ruff format --check .
yamllint -s .
echo "==> the wheel installs and finds its rules"
VENV_PYTHON=.venv/bin/python bash scripts/check_wheel.sh
echo "==> YAML law tests (openfisca test)"
openfisca test --country-package openfisca_kz_asp tests/rules
echo "==> pytest"
python -m pytest tests -q
