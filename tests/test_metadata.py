"""Every rule is traceable: references on each parameter value, labels on each variable.

Fails when a parameter value lacks a legal reference (title and link), a parameter lacks its
en/ru/kk labels, or a variable lacks a reference, a documentation, a label, or a Russian or
Kazakh label.
"""

from __future__ import annotations

import pytest
from openfisca_core.parameters import Parameter, ParameterNode

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.i18n import missing_labels

SYSTEM = CountryTaxBenefitSystem()


def _leaves(node: ParameterNode) -> list[Parameter]:
    leaves = []
    for child in node.children.values():
        if isinstance(child, Parameter):
            leaves.append(child)
        else:
            leaves.extend(_leaves(child))
    return leaves


LEAVES = _leaves(SYSTEM.parameters)


def test_there_are_parameters_and_variables():
    assert len(LEAVES) > 40
    assert len(SYSTEM.variables) > 70


@pytest.mark.parametrize("leaf", LEAVES, ids=lambda leaf: leaf.name)
def test_every_parameter_value_has_a_reference_with_title_and_link(leaf):
    for value in leaf.values_list:
        reference = (value.metadata or {}).get("reference") or {}
        where = f"{leaf.name} at {value.instant_str}"
        assert reference.get("title"), f"{where}: no reference title"
        assert str(reference.get("href", "")).startswith(("http://", "https://")), f"{where}: no link"


@pytest.mark.parametrize("leaf", LEAVES, ids=lambda leaf: leaf.name)
def test_every_parameter_has_labels_in_three_languages(leaf):
    for key in ("label_en", "label_ru", "label_kk"):
        assert leaf.metadata.get(key), f"{leaf.name}: no {key}"


@pytest.mark.parametrize("name", sorted(SYSTEM.variables))
def test_every_variable_has_reference_documentation_and_label(name):
    variable = SYSTEM.variables[name]
    assert variable.label, f"{name}: no label"
    assert variable.documentation, f"{name}: no documentation"
    links = [ref for ref in variable.reference if ref.startswith(("http://", "https://"))]
    assert links, f"{name}: no reference link"


def test_every_variable_and_enum_value_has_kazakh_and_russian_labels():
    assert missing_labels(SYSTEM) == []
