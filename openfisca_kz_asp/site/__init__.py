"""The static law-beside-code site: one page per provision, parameter and variable.

``build_site(DIR)`` writes plain HTML files with relative links and one CSS file, so the site
opens from the file system (``file://``) with no server, no CDN and no JavaScript needed (a few
lines of inline script only switch the interface language).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from openfisca_kz_asp.contract.languages import LANGUAGES
from openfisca_kz_asp.provisions import STATUSES, Provision, default_register
from openfisca_kz_asp.provisions.citations import LAW_246_LAST_DAY, act_href, cite
from openfisca_kz_asp.provisions.coverage import Coverage, build_coverage
from openfisca_kz_asp.provisions.links import YamlTest
from openfisca_kz_asp.site.charts import step_chart
from openfisca_kz_asp.site.labels import LABELS
from openfisca_kz_asp.site.poverty_lines import poverty_line_context
from openfisca_kz_asp.site.tests_view import format_value, view

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@dataclass
class SiteReport:
    """What was written, for the command line and the tests."""

    output: Path
    pages: list[Path] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def problem_count(self) -> int:
        return sum(len(items) for items in self.problems.values())


def provision_page(pid: str) -> str:
    return f"provisions/{pid}.html"


def parameter_page(name: str) -> str:
    return f"parameters/{name}.html"


def variable_page(name: str) -> str:
    return f"variables/{name}.html"


#: The two regimes a provision may be cited under: Law 246-II to 30 June 2023, the Social Code after.
REGIMES: tuple[tuple[str, str], ...] = (("until_code", LAW_246_LAST_DAY), ("from_code", "2023-07-01"))


def citations_of(pid: str) -> list[dict[str, Any]]:
    """How a provision is cited under each regime, in en/ru/kk (what /explain shows on such a date).

    A regime in which it is not cited (the Code before July 2023) is left out; a rule cited in
    neither (the 2019 per-child rule) is cited as on the first day of its own dates.
    """
    register = default_register()
    if pid not in register:
        return []
    regimes = list(REGIMES)
    start = register[pid].in_force_from
    if not any(cite(pid, day) for _, day in regimes) and start:
        regimes = [("in_force", start)]
    found = []
    for key, day in regimes:
        by_lang = {lang: cite(pid, day, lang) for lang in LANGUAGES}
        if by_lang["en"]:
            found.append({"regime": key, **by_lang})
    return found


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        LABELS=LABELS,
        LANGUAGES=LANGUAGES,
        STATUSES=STATUSES,
        provision_page=provision_page,
        parameter_page=parameter_page,
        variable_page=variable_page,
        format_value=format_value,
        group_by_item=group_by_item,
        group_by_through=group_by_through,
        distinct_via=distinct_via,
        citations_of=citations_of,
        act_href=act_href,
    )
    return env


def group_by_item(pairs: list[tuple[Any, str]]) -> list[tuple[Any, list[str]]]:
    """[(variable, through)] -> [(variable, [through, …])], each variable once, in first-seen order."""
    grouped: dict[Any, list[str]] = {}
    for item, through in pairs:
        grouped.setdefault(item, [])
        if through not in grouped[item]:
            grouped[item].append(through)
    return list(grouped.items())


def group_by_through(pairs: list[tuple[Any, str]]) -> list[tuple[str, int]]:
    """[(test, through)] -> [(through, number of tests)], in first-seen order."""
    counts: dict[str, int] = {}
    for _, through in pairs:
        counts[through] = counts.get(through, 0) + 1
    return list(counts.items())


def distinct_via(direct: list[Any], pairs: list[tuple[Any, str]]) -> int:
    """How many distinct items reach a provision only through its sub-provisions."""
    own = {getattr(item, "anchor", item) for item in direct}
    return len({getattr(item, "anchor", item) for item, _ in pairs} - own)


def _latest(values: list[Any]) -> Any:
    return values[-1].value if values else None


def _test_owner(test: YamlTest, coverage: Coverage) -> str | None:
    """The provision page where a test is shown in full: its first keyword in the register."""
    return next((pid for pid in test.keywords if pid in coverage.register), None)


class _Builder:
    def __init__(self, output: Path, coverage: Coverage) -> None:
        self.output = output
        self.coverage = coverage
        self.env = _environment()
        self.report = SiteReport(output=output, summary=coverage.summary(), problems=coverage.problems())
        self.predecessors: dict[str, list[Provision]] = defaultdict(list)
        for provision in coverage.register.values():
            for successor in provision.successor:
                self.predecessors[successor].append(provision)
        self.entities = {name: v.entity for name, v in coverage.variables.items()}

    def write(self, relative: str, template: str, **context: Any) -> None:
        depth = relative.count("/")
        html = self.env.get_template(template).render(
            root="../" * depth,
            coverage=self.coverage,
            register=self.coverage.register,
            test_owner=lambda test: _test_owner(test, self.coverage),
            **context,
        )
        path = self.output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.report.pages.append(path)

    def build(self) -> SiteReport:
        self.output.mkdir(parents=True, exist_ok=True)
        (self.output / "static").mkdir(exist_ok=True)
        shutil.copyfile(STATIC / "style.css", self.output / "static" / "style.css")
        register = self.coverage.register
        self.write("index.html", "index.html", summary=self.report.summary, problems=self.report.problems)
        for pid, provision in register.items():
            self.write(
                provision_page(pid),
                "provision.html",
                p=provision,
                cov=self.coverage.by_provision[pid],
                views=[view(t, self.entities) for t in self.coverage.by_provision[pid].tests],
                predecessors=self.predecessors.get(pid, []),
            )
        parameters = self.coverage.parameters
        self.write("parameters/index.html", "parameters.html", parameters=parameters, latest=_latest)
        for name, parameter in parameters.items():
            self.write(
                parameter_page(name),
                "parameter.html",
                par=parameter,
                chart=step_chart(parameter.values, parameter.label_en),
            )
        variables = self.coverage.variables
        self.write("variables/index.html", "variables.html", variables=variables)
        for name, variable in variables.items():
            self.write(variable_page(name), "variable.html", var=variable)
        self.write("tests/index.html", "tests.html", tests=self.coverage.tests)
        self.write("poverty_lines.html", "poverty_lines.html", **poverty_line_context())
        return self.report


def build_site(
    output: Path | str, coverage: Coverage | None = None, tests_folder: Path | str | None = None
) -> SiteReport:
    """Write the site into ``output`` (created if needed) and return what was written."""
    coverage = coverage or build_coverage(tests_folder)
    return _Builder(Path(output), coverage).build()


__all__ = ["SiteReport", "build_site", "parameter_page", "provision_page", "variable_page"]
