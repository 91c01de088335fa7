#!/usr/bin/env bash
# The main job, on the embedded data: installs the project, explains one shipped example family,
# then simulates the budget impact of ASP and of the 7-year caregiver reform on the embedded
# SYNTHETIC survey sample, writing the report into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin=.venv/bin/openfisca-kz-asp
echo
echo "==> one family: $bin calculate openfisca_kz_asp/situation_examples/single_mother_two_children.json"
"$bin" calculate openfisca_kz_asp/situation_examples/single_mother_two_children.json
echo
echo "==> budget impact on the embedded SYNTHETIC sample (2024, baseline and reform)"
"$bin" simulate --period 2024 --reform caregiver_threshold_7_years --output out
echo
echo "Report: out/report.html (and summary.json, one CSV per table)."
