"""Checks on the YAML rule tests themselves, so that a lawyer can rely on their form.

The YAML cases run as pytest items through ``tests/conftest.py`` (and with ``openfisca test``).
These checks make sure each case cites its article first, names real provision ids in
``keywords``, carries its hand arithmetic in a comment, and that every provision the code
encodes is checked by at least one case.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from openfisca_core.parameters import ParameterNode

from openfisca_kz_asp import CountryTaxBenefitSystem

RULES = Path(__file__).parent / "rules"
TOPICS = {
    "family",
    "income",
    "poverty_line",
    "eligibility",
    "amount",
    "child_support",
    "duration",
    "reforms",
    "integration",
}
# A name starts with the provision it checks: an article of Law 246-II, of the Social Code, Order 160,
# or one of the topical rules without a known article; reform cases start with the reform's name.
CITATION = re.compile(
    r"^(Art\. \d|Social Code Art\. \d{3}|Order 160 p\.\d|2019 per-child rule|Child supplement|"
    r"Loan practice 2025|Reform [a-z_0-9]+)"
)


def _files() -> list[Path]:
    return sorted(RULES.rglob("*.yaml"))


@cache
def _cases() -> list[tuple[Path, dict]]:
    cases = []
    for path in _files():
        for test in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((path, test))
    return cases


@cache
def _provision_ids() -> frozenset[str]:
    """Every provision id the package encodes: variables' references and parameters' provisions."""
    system = CountryTaxBenefitSystem()
    ids: set[str] = set()
    for variable in system.variables.values():
        references = variable.reference or []
        if isinstance(references, str):
            references = [references]
        ids.update(ref for ref in references if not ref.startswith("http"))

    def walk(node: object) -> None:
        ids.update((getattr(node, "metadata", None) or {}).get("provisions") or [])
        if isinstance(node, ParameterNode):
            for child in node.children.values():
                walk(child)

    walk(system.parameters)
    return frozenset(ids)


def test_rule_files_are_filed_by_topic() -> None:
    assert _files(), "no YAML rule tests found under tests/rules"
    for path in _files():
        assert path.parent.parent == RULES and path.parent.name in TOPICS, (
            f"{path.relative_to(RULES)}: rule tests go in tests/rules/<topic>/, topics {sorted(TOPICS)}"
        )


def test_every_case_cites_its_provision_first() -> None:
    for path, test in _cases():
        name = test.get("name", "")
        assert CITATION.match(name), f"{path.name}: name must start with the article cited, got {name!r}"


def test_case_names_are_unique() -> None:
    seen: dict[str, Path] = {}
    for path, test in _cases():
        name = test["name"]
        assert name not in seen, f"{path.name}: the name {name!r} is already used in {seen[name].name}"
        seen[name] = path


def test_keywords_are_known_provision_ids() -> None:
    known = _provision_ids()
    for path, test in _cases():
        keywords = test.get("keywords")
        assert keywords, f"{path.name}: {test['name']!r} has no keywords (the provision ids it checks)"
        unknown = sorted(set(keywords) - known)
        assert not unknown, f"{path.name}: {test['name']!r} names unknown provision ids {unknown}"


def test_every_encoded_provision_is_tested() -> None:
    tested = {keyword for _, test in _cases() for keyword in test["keywords"]}
    untested = sorted(_provision_ids() - tested)
    assert not untested, f"provisions encoded but checked by no YAML case: {untested}"


def test_every_case_has_period_output_and_margin() -> None:
    for path, test in _cases():
        for key in ("period", "output", "absolute_error_margin"):
            assert key in test, f"{path.name}: {test['name']!r} has no {key!r}"


@pytest.mark.parametrize("path", _files(), ids=lambda path: str(path.relative_to(RULES)))
def test_every_case_has_its_arithmetic_in_a_comment(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("- name:"):
            above = lines[number - 1] if number else ""
            assert above.startswith("#"), (
                f"{path.name}:{number + 1}: a case needs the hand arithmetic in a comment just above it"
            )
