#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh virtual environment (not the checkout), and checks
# that the installed package finds its parameters, variables and reforms and passes a YAML test.
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${VENV_PYTHON:-.venv/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python_bin" -m build --wheel --outdir "$work/dist" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
wheel="$(ls "$work"/dist/*.whl)"
"$python_bin" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
cd "$work"  # away from the checkout, so only the installed wheel can be imported
"$work/venv/bin/python" - <<'PY'
import openfisca_kz_asp, pathlib
from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.reform_registry import REFORMS, apply_reform
here = pathlib.Path(openfisca_kz_asp.__file__).parent
assert "site-packages" in str(here), here
for folder in ("parameters", "variables", "reforms"):
    assert (here / folder).is_dir(), f"{folder}/ missing from the wheel"
system = CountryTaxBenefitSystem()
for name in REFORMS:
    apply_reform(system, name)
print(f"wheel OK: {len(system.variables)} variables, {len(REFORMS)} reforms, from {here}")
PY
cat >"$work/smoke.yaml" <<'YAML'
- name: Wheel smoke test — Law 246-II Art. 7, May 2024, line 33,859, PCI 15,000, 2 members
  period: 2024-05
  input:
    persons: {mother: {age: 30, wage_income: {month:2024-01:3: 90000}}, child: {age: 5}}
    households: {h: {members: [mother, child]}}
  # No region: the national minimum stands in; the Bureau's Q1 2024 average 48,370 (data shipped in
  # the wheel): line = round(0.7 × 48,370) = 33,859; (33,859 − 90,000 / 2 / 3) × 2 = 37,718
  output: {poverty_line: 33859, asp_amount: 37718}
YAML
"$work/venv/bin/openfisca" test --country-package openfisca_kz_asp "$work/smoke.yaml"
