"""The README's Python and YAML examples run and give the values they claim."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from openfisca_core.tools.test_runner import run_tests

from openfisca_kz_asp import CountryTaxBenefitSystem

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _block(language: str, after: str) -> str:
    section = README.split(after, 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def test_python_example_gives_the_amounts_in_its_comments():
    namespace: dict = {}
    exec(_block("python", "## In Python"), namespace)  # our own README
    simulation = namespace["simulation"]
    # Astana, March 2026: 0.7 × (66,605 + 60,551 + 60,922) / 3 = 43,884.87 → 43,885 (Astana's published
    # minimum of Q4 2025); ASP = 3 × (43,885 − 180,000 / 3 / 3) = 3 × 23,885 = 71,655.
    assert list(simulation.calculate("asp_type", "2026-03").decode_to_str()) == ["unconditional"]
    assert float(simulation.calculate("poverty_line", "2026-03")[0]) == 43885
    assert abs(float(simulation.calculate("asp_amount", "2026-03")[0]) - 71655) < 0.05


def test_yaml_example_passes(tmp_path: Path):
    path = tmp_path / "readme_example.yaml"
    path.write_text(_block("yaml", "## A YAML test"), encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))[0]["keywords"]
    assert run_tests(CountryTaxBenefitSystem(), [str(path)]) == 0
