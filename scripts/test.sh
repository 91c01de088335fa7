#!/usr/bin/env bash
# Every check, as CI runs it: install with the test extras, install the headless browser, lint,
# the wheel (with an `openfisca test` smoke case), then pytest: the YAML law tests (collected by
# tests/conftest.py), properties, metadata, microsimulation, API, fuzzing, browser, site.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$PWD/.venv/bin:$PATH"
bash scripts/install_browser.sh
echo "==> lint: ruff, yamllint, mypy"
ruff check .
ruff format --check .
yamllint -s .
python -m mypy openfisca_kz_asp  # the package, with the settings of pyproject's [tool.mypy]: no error
echo "==> the wheel installs and finds its rules"
VENV_PYTHON=.venv/bin/python bash scripts/check_wheel.sh
echo "==> pytest: the YAML law tests of tests/rules (one item per case) and every Python test"
python -m pytest tests -q
