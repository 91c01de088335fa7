"""Let ``pytest tests/`` run the YAML rule tests of ``tests/rules`` beside the Python tests.

Each YAML case becomes one pytest item named after its ``name:`` (which cites the article first), so a
failure reads like ``tests/rules/eligibility/art2_p4_sp2_caregiver.yaml::Art. 2 p.4 sp.2 — …``.
``openfisca test`` collects the same files with its own plugin; when that plugin is active, this hook
steps aside so that no case runs twice.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openfisca_core.tools.test_runner import Loader, OpenFiscaPlugin, YamlFile, YamlItem, yaml

from openfisca_kz_asp import CountryTaxBenefitSystem

RULES = Path(__file__).parent / "rules"


@cache
def _tax_benefit_system() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


class NamedYamlFile(YamlFile):
    """A YAML test file whose items carry the test's own name (the article cited first)."""

    def collect(self):
        with open(self.path, encoding="utf-8") as file:
            tests = yaml.load(file, Loader=Loader)
        for test in tests if isinstance(tests, list) else [tests]:
            yield YamlItem.from_parent(
                self,
                name=str(test.get("name", "")),
                baseline_tax_benefit_system=self.tax_benefit_system,
                test=test,
                options=self.options,
            )


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix not in {".yaml", ".yml"} or RULES not in file_path.parents:
        return None
    if any(isinstance(plugin, OpenFiscaPlugin) for plugin in parent.config.pluginmanager.get_plugins()):
        return None  # `openfisca test` is collecting these files itself
    return NamedYamlFile.from_parent(
        parent, path=file_path, tax_benefit_system=_tax_benefit_system(), options={}
    )
