"""The law beside the code: every link between the register, the code and the tests holds.

Fails when a provision marked encoded (or partly encoded) has no YAML test, when a YAML test, a
variable or a parameter names an unknown provision, when a parameter leaf has no provision (its own
or its node's) or a dated value no reference, when an encoded provision has no code, or when an
out-of-scope provision is named by the code.
"""

from __future__ import annotations

import pytest

from openfisca_kz_asp.provisions.coverage import Coverage

CHECKS = [
    "ids named by variables but not in the register",
    "ids named by parameters but not in the register",
    "ids named by YAML tests but not in the register",
    "YAML tests naming no provision (keywords)",
    "parameters with no provision (own or inherited)",
    "parameter values with no reference link",
    "encoded provisions with no test",
    "encoded provisions with no variable or parameter",
    "out-of-scope provisions named by the code",
]


@pytest.mark.parametrize("check", CHECKS)
def test_register_code_and_tests_agree(coverage: Coverage, check: str):
    offending = coverage.problems()[check]
    assert not offending, f"{check} ({len(offending)}):\n  " + "\n  ".join(offending)


def test_every_check_is_run(coverage: Coverage):
    assert sorted(coverage.problems()) == sorted(CHECKS)


def test_the_tests_folder_was_read(coverage: Coverage):
    assert len(coverage.tests) > 0, "no YAML test found under tests/: the coverage would be meaningless"
    assert len(coverage.variables) > 70
    assert len(coverage.parameters) > 40
