"""Coverage of the register: which provisions are implemented, which are tested, what is wrong.

A provision counts as *implemented* when a variable or parameter names it, or names one of its
sub-provisions, or names a provision it is ``applied_through``. It counts as *tested* in the same
way with YAML tests' ``keywords``. The checks of ``tests/site/test_coverage.py`` read
:attr:`Coverage.problems`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openfisca_kz_asp.provisions import Provision, Register, default_register
from openfisca_kz_asp.provisions.links import (
    ParameterInfo,
    VariableInfo,
    YamlTest,
    default_tests_folder,
    read_parameters,
    read_variables,
    read_yaml_tests,
)


@dataclass
class ProvisionCoverage:
    """What implements and what tests one provision."""

    provision: Provision
    variables: list[str] = field(default_factory=list)  # naming this provision itself
    parameters: list[str] = field(default_factory=list)
    tests: list[YamlTest] = field(default_factory=list)
    variables_via: list[tuple[str, str]] = field(default_factory=list)  # (variable, through provision)
    parameters_via: list[tuple[str, str]] = field(default_factory=list)
    tests_via: list[tuple[YamlTest, str]] = field(default_factory=list)

    @property
    def implemented(self) -> bool:
        return bool(self.variables or self.parameters or self.variables_via or self.parameters_via)

    @property
    def tested(self) -> bool:
        return bool(self.tests or self.tests_via)


@dataclass(repr=False)
class Coverage:
    """The register seen against the code and the tests."""

    register: Register
    variables: dict[str, VariableInfo]
    parameters: dict[str, ParameterInfo]
    tests: list[YamlTest]
    by_provision: dict[str, ProvisionCoverage]
    unknown_in_variables: list[tuple[str, str]]
    unknown_in_parameters: list[tuple[str, str]]
    unknown_in_tests: list[tuple[YamlTest, str]]

    def __repr__(self) -> str:
        return f"Coverage({self.summary()})"

    def parameters_without_provisions(self) -> list[str]:
        return [name for name, p in self.parameters.items() if not p.provisions]

    def values_without_reference(self) -> list[str]:
        return [
            f"{name} at {value.start}"
            for name, p in self.parameters.items()
            for value in p.values
            if not value.reference_title or not value.reference_href.startswith(("http://", "https://"))
        ]

    def implemented_without_tests(self) -> list[str]:
        return [pid for pid, c in self.by_provision.items() if c.provision.is_implemented and not c.tested]

    def implemented_without_code(self) -> list[str]:
        return [
            pid for pid, c in self.by_provision.items() if c.provision.is_implemented and not c.implemented
        ]

    def out_of_scope_named_by_code(self) -> list[str]:
        return [
            f"{pid} (named by {', '.join(c.variables + c.parameters)})"
            for pid, c in self.by_provision.items()
            if c.provision.status == "out_of_scope" and (c.variables or c.parameters)
        ]

    def problems(self) -> dict[str, list[str]]:
        """Every check, with the offending items (empty lists when all is well)."""
        return {
            "ids named by variables but not in the register": [
                f"{var}: {pid}" for var, pid in self.unknown_in_variables
            ],
            "ids named by parameters but not in the register": [
                f"{par}: {pid}" for par, pid in self.unknown_in_parameters
            ],
            "ids named by YAML tests but not in the register": [
                f"{t.file}:{t.line} '{t.name}': {pid}" for t, pid in self.unknown_in_tests
            ],
            "YAML tests naming no provision (keywords)": [
                f"{t.file}:{t.line} '{t.name}'" for t in self.tests if not t.keywords
            ],
            "parameters with no provision (own or inherited)": self.parameters_without_provisions(),
            "parameter values with no reference link": self.values_without_reference(),
            "encoded provisions with no test": self.implemented_without_tests(),
            "encoded provisions with no variable or parameter": self.implemented_without_code(),
            "out-of-scope provisions named by the code": self.out_of_scope_named_by_code(),
        }

    def summary(self) -> dict[str, int]:
        """Counts for the index page and the docs."""
        provisions = list(self.by_provision.values())
        implemented = [c for c in provisions if c.provision.is_implemented]
        return {
            "provisions": len(provisions),
            "encoded": sum(c.provision.status == "encoded" for c in provisions),
            "partly_encoded": sum(c.provision.status == "partly_encoded" for c in provisions),
            "out_of_scope": sum(c.provision.status == "out_of_scope" for c in provisions),
            "not_retrieved": sum(c.provision.status == "not_retrieved" for c in provisions),
            "tested": sum(c.tested for c in implemented),
            "tested_directly": sum(bool(c.tests) for c in implemented),
            "untested": sum(not c.tested for c in implemented),
            "variables": len(self.variables),
            "parameters": len(self.parameters),
            "tests": len(self.tests),
        }


def _spread(
    register: Register, direct: dict[str, list], coverage: dict[str, ProvisionCoverage], kind: str
) -> None:
    """Credit each provision with what names its sub-provisions or its applied_through provisions."""
    for pid, cov in coverage.items():
        via: list = []
        sources = [d.id for d in register.descendants(pid)] + list(cov.provision.applied_through)
        for other in sources:
            via.extend((item, other) for item in direct.get(other, []))
        setattr(cov, f"{kind}_via", via)


def compute_coverage(
    register: Register,
    variables: dict[str, VariableInfo],
    parameters: dict[str, ParameterInfo],
    tests: list[YamlTest],
) -> Coverage:
    """Match the register with the code's and the tests' provision ids."""
    direct: dict[str, dict[str, list]] = {"variables": defaultdict(list), "parameters": defaultdict(list)}
    direct_tests: dict[str, list[YamlTest]] = defaultdict(list)
    unknown_vars: list[tuple[str, str]] = []
    unknown_params: list[tuple[str, str]] = []
    unknown_tests: list[tuple[YamlTest, str]] = []
    for kind, items, unknown in (
        ("variables", variables, unknown_vars),
        ("parameters", parameters, unknown_params),
    ):
        for name, item in items.items():
            for pid in item.provisions:
                if pid in register:
                    direct[kind][pid].append(name)
                else:
                    unknown.append((name, pid))
    for test in tests:
        for pid in test.keywords:
            if pid in register:
                if test not in direct_tests[pid]:
                    direct_tests[pid].append(test)
            else:
                unknown_tests.append((test, pid))
    by_provision = {
        pid: ProvisionCoverage(
            provision=provision,
            variables=list(direct["variables"].get(pid, [])),
            parameters=list(direct["parameters"].get(pid, [])),
            tests=list(direct_tests.get(pid, [])),
        )
        for pid, provision in register.items()
    }
    _spread(register, direct["variables"], by_provision, "variables")
    _spread(register, direct["parameters"], by_provision, "parameters")
    _spread(register, direct_tests, by_provision, "tests")
    return Coverage(
        register=register,
        variables=variables,
        parameters=parameters,
        tests=tests,
        by_provision=by_provision,
        unknown_in_variables=unknown_vars,
        unknown_in_parameters=unknown_params,
        unknown_in_tests=unknown_tests,
    )


def build_coverage(tests_folder: Path | str | None = None, register: Register | None = None) -> Coverage:
    """Coverage of the installed package's code and the tests under ``tests_folder``.

    ``tests_folder`` defaults to the checkout's ``tests/`` (none in an installed wheel).
    """
    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415 (loading the system is slow)

    tbs = CountryTaxBenefitSystem()
    folder = Path(tests_folder) if tests_folder is not None else default_tests_folder()
    return compute_coverage(
        register or default_register(), read_variables(tbs), read_parameters(tbs), read_yaml_tests(folder)
    )
