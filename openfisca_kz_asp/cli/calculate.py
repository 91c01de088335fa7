"""``openfisca-kz-asp calculate FILE``: the ASP of the families in one situation file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from openfisca_kz_asp.cli import UserError, add_language_option, add_parameter_change_option
from openfisca_kz_asp.contract.languages import format_number
from openfisca_kz_asp.contract.model import spreads
from openfisca_kz_asp.contract.periods import MONTH_PATTERN, months_of, parse_period
from openfisca_kz_asp.i18n import enum_label

HEADINGS = {
    "en": ("Family", "Result", "Members", "Member", "Age", "Counted", "Able-bodied", "ASP a month", "Why"),
    "ru": (
        "Семья",
        "Результат",
        "Члены семьи",
        "Член семьи",
        "Возраст",
        "Учитывается",
        "Трудоспособен",
        "АСП в месяц",
        "Почему",
    ),
    "kk": (
        "Отбасы",
        "Нәтиже",
        "Отбасы мүшелері",
        "Отбасы мүшесі",
        "Жасы",
        "Ескеріледі",
        "Еңбекке қабілетті",
        "Айына АӘК",
        "Неліктен",
    ),
}
ROWS = (
    "household_size",
    "asp_total_income",
    "per_capita_income",
    "poverty_line",
    "asp_type",
    "asp_ineligibility_reason",
    "asp_amount",
    "asp_child_supplement",
    "asp_total",
    "asp_assignment_months",
    "gsp_preschool_children",
    "gsp_school_children",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``calculate`` subcommand."""
    parser = subparsers.add_parser(
        "calculate",
        help="the ASP of the families in a situation file (JSON or YAML), as a table",
        description=(
            "Reads a situation in the web API's format (JSON or YAML) and prints, for each family, "
            "eligibility, type, per-capita income, poverty line, amounts and the reasons."
        ),
    )
    parser.add_argument("file", type=Path, help="situation file (.json, .yaml or .yml)")
    parser.add_argument(
        "--period", help="month of application, YYYY-MM (default: the months the file asks for)"
    )
    add_language_option(parser, "language")
    parser.add_argument("--household", help="only this household id")
    parser.add_argument("--reform", help="a named reform, e.g. caregiver_threshold_7_years")
    add_parameter_change_option(parser)
    parser.add_argument(
        "--reform-file", metavar="FILE", help="a reform of parameter changes in YAML (docs/microsim.md)"
    )
    parser.add_argument("--brief", action="store_true", help="the table only, without the explanation")
    parser.add_argument("--json", action="store_true", help="print the full explanation as JSON")
    parser.set_defaults(func=run)


def read_situation(path: Path) -> dict[str, Any]:
    """Parse a JSON or YAML situation file, with an error that says where it is malformed."""
    if not path.is_file():
        msg = f"{path}: no such file"
        raise UserError(msg)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        msg = f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise UserError(msg) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        msg = f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}"
        raise UserError(msg) from None
    if not isinstance(data, dict):
        msg = f"{path}: a situation is an object with 'persons' and 'households', not {type(data).__name__}"
        raise UserError(msg)
    return data


def requested_months(situation: dict[str, Any]) -> list[str]:
    """The months for which the file asks an output (a ``null`` value)."""
    months: set[str] = set()
    for group in ("persons", "households"):
        for entity in (situation.get(group) or {}).values():
            for values in (entity or {}).values() if isinstance(entity, dict) else ():
                if isinstance(values, dict):
                    asked = (str(p) for p, v in values.items() if v is None)
                    months.update(p for p in asked if MONTH_PATTERN.match(p))
    return sorted(months)


def _months_of(raw: str) -> set[str]:
    """The months an input period covers ('2024-03', 'month:2023-10:3', '2023'; none for ETERNITY)."""
    period = parse_period(raw)
    return set(months_of(period)) if period is not None else set()


def undescribed(system: Any, situation: dict[str, Any], month: str) -> list[str]:
    """Each monthly value the file gives for other months but not for ``month``.

    For ``month`` OpenFisca would compute such a value from defaults (an age from the default birth
    date) or take its default (no region, an income of 0): a number the file never said. Incomes
    are needed for the reference quarter (the calendar quarter before the month's quarter).
    """
    from openfisca_core import periods  # noqa: PLC0415

    from openfisca_kz_asp.formula_helpers import reference_quarter  # noqa: PLC0415

    needed = list(months_of(reference_quarter(periods.period(month))))
    found = []
    for entity in system.entities:
        for instance_id, data in (situation.get(entity.plural) or {}).items():
            for name, values in data.items() if isinstance(data, dict) else ():
                variable = system.variables.get(name)
                if variable is None or variable.definition_period != periods.DateUnit.MONTH:
                    continue
                given = [str(p) for p, v in (values or {}).items() if v is not None]
                if not given or (name == "age" and "birth_date" in data):  # age follows the birth date
                    continue
                covered = set().union(*(_months_of(p) for p in given))
                path = f"{entity.plural}/{instance_id}/{name}"
                if spreads(variable):
                    missing = [m for m in needed if m not in covered]
                    if missing:
                        found.append(
                            f"{path}: given for {', '.join(given)}; {month} tests the income of "
                            f"{needed[0]} to {needed[-1]}, and {', '.join(missing)} would count as 0."
                        )
                elif month not in covered:
                    found.append(
                        f"{path}: given for {', '.join(given)}, not for {month}; it would be computed "
                        "from defaults or take its default value."
                    )
    return found


def check_months_described(path: Path, system: Any, situation: dict[str, Any], months: list[str]) -> None:
    """Refuse a month the file does not describe, naming the month and every value missing."""
    gaps = {month: undescribed(system, situation, month) for month in months}
    if not any(gaps.values()):
        return
    described = [m for m in requested_months(situation) if not undescribed(system, situation, m)]
    lines = []
    for month, found in gaps.items():
        if found:
            lines.append(f"{month} is not described by the file:")
            lines.extend(f"  {line}" for line in found)
    advice = "Give these values for the month in the file"
    advice += f", or compute a month it describes ({', '.join(described)})." if described else "."
    raise UserError(f"{path}: " + "\n".join(lines) + "\n" + advice)


def run(args: argparse.Namespace) -> int:
    """Explain every (household, month) of the file and print it."""
    from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415 - keep --help fast
    from openfisca_kz_asp.explain import explain  # noqa: PLC0415
    from openfisca_kz_asp.situations import SituationError, validate_situation  # noqa: PLC0415

    situation = read_situation(args.file)
    system = CountryTaxBenefitSystem()
    try:
        validate_situation(system, situation, lang=args.lang)
    except SituationError as error:
        raise UserError(_cannot_compute(args.file, error)) from None
    months = [args.period] if args.period else requested_months(situation)
    if not months:
        msg = (
            f"{args.file}: no month to compute. Give --period YYYY-MM, or ask for an output in the "
            'file, e.g. "asp_amount": {"2024-03": null}.'
        )
        raise UserError(msg)
    if all(MONTH_PATTERN.match(m) for m in months):  # a malformed --period gets explain's error
        check_months_described(args.file, system, situation, months)
    reform, described = parametric_reform(system, args)
    households = situation.get("households")
    ids = [args.household] if args.household else list(households or {}) or [None]
    results: list[dict[str, Any]] = []
    try:
        for month in months:
            results.extend(
                explain(system, situation, household=h, period=month, lang=args.lang, reform=reform)
                for h in ids
            )
    except SituationError as error:
        raise UserError(_cannot_compute(args.file, error)) from None
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))
        return 0
    console = Console()
    if described:
        console.print(described)
    for result in results:
        print_result(console, system, result, brief=args.brief)
    return 0


def parametric_reform(system: Any, args: argparse.Namespace) -> tuple[str | None, str]:
    """The reform to compute: ``--reform``, or the changes of ``--set``/``--reform-file`` (their
    canonical text, and their description in words in ``--lang``)."""
    from openfisca_kz_asp import parametric_reform as changes  # noqa: PLC0415

    files = [args.reform_file] if args.reform_file else []
    if not args.set_parameters and not files:
        return args.reform, ""
    if args.reform or (args.set_parameters and files):
        msg = "give one reform: --reform, --set (repeatable) or --reform-file; they are not combined."
        raise UserError(msg)
    try:
        reform = changes.from_command_line(args.set_parameters, files, system)[0]
    except changes.ParameterChangeError as error:
        raise UserError(changes.command_line_message(error)) from None
    return reform.key, changes.describe(system, reform, args.lang)


def print_result(console: Console, system: Any, result: dict[str, Any], *, brief: bool) -> None:
    """One family's result as tables, then the steps of the decision."""
    from openfisca_kz_asp.i18n import label  # noqa: PLC0415

    lang = result["lang"]
    family, heading, members, member, age, counted, able, amount, why = HEADINGS[lang]
    outcome = result["result"]
    title = f"{family} '{result['household']}' — {result['period']}"
    if result.get("reform"):
        title += f" — reform {result['reform']}"
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(heading, style="bold")
    table.add_column("", justify="right")
    for name in ROWS:
        value = outcome.get(name)
        if name == "asp_type":
            value = outcome["asp_type_label"]
        elif name == "asp_ineligibility_reason":
            value = outcome["reason_label"]
        elif name == "poverty_line":
            basis = outcome.get("poverty_line_source")
            source = outcome.get("poverty_line_basis_label") or enum_label("PovertyLineBasis", basis, lang)
            value = f"{format_number(value, lang)} ({source})"
        elif isinstance(value, float):
            value = format_number(value, lang)
        table.add_row(label(system, name, lang), str(value))
    console.print(table)
    people = Table(title=members, title_justify="left")
    for column in (member, age, counted, able, amount):
        people.add_column(column, justify="right" if column in (age, amount) else "left")
    for pid, person in outcome["persons"].items():
        people.add_row(
            pid,
            str(person["age"]),
            "✓" if person["is_family_member"] else "—",
            "✓" if person["is_able_bodied"] else "—",
            format_number(person["asp_person_amount"], lang),
        )
    console.print(people)
    for warning in result.get("warnings", []):
        console.print(f"[yellow]! {warning}[/yellow]")
    if brief:
        return
    console.print(f"[bold]{why}[/bold]")
    from openfisca_kz_asp.i18n_texts import text  # noqa: PLC0415

    for number, step in enumerate(result["steps"], start=1):
        console.print(f"{number}. [bold]{step['title']}[/bold]: {step['text']}")
        cited = "; ".join(provision["title"] for provision in step.get("provisions", []))
        if cited:  # the provisions as cited on the month (the Social Code from July 2023), not their ids
            console.print(f"   [dim]{text('explain.provisions', lang)}: {cited}[/dim]")
    console.print()


def _cannot_compute(path: Path, error: Any) -> str:  # a SituationError
    lines = "\n".join(f"  {e['path'] or '(situation)'}: {e['message']}" for e in error.errors)
    return f"{path} cannot be computed:\n{lines}"
