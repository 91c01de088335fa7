"""``openfisca-kz-asp calculate FILE``: the ASP of the families in one situation file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from openfisca_kz_asp.cli import UserError
from openfisca_kz_asp.explain import MONTH_PATTERN

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
SOURCES = {
    "en": {"published": "published for the region", "national": "national line", "input": "given"},
    "ru": {"published": "опубликована по региону", "national": "общереспубликанская", "input": "задана"},
    "kk": {"published": "өңір бойынша жарияланған", "national": "республикалық", "input": "берілген"},
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
    parser.add_argument("--lang", choices=("en", "ru", "kk"), default="en", help="language (default en)")
    parser.add_argument("--household", help="only this household id")
    parser.add_argument("--reform", help="a named reform, e.g. caregiver_threshold_7_years")
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
    months = set()
    for group in ("persons", "households"):
        for entity in (situation.get(group) or {}).values():
            for values in (entity or {}).values() if isinstance(entity, dict) else ():
                if isinstance(values, dict):
                    asked = (str(p) for p, v in values.items() if v is None)
                    months.update(p for p in asked if MONTH_PATTERN.match(p))
    return sorted(months)


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
    households = situation.get("households")
    ids = [args.household] if args.household else list(households or {}) or [None]
    results = []
    try:
        for month in months:
            results.extend(
                explain(system, situation, household=h, period=month, lang=args.lang, reform=args.reform)
                for h in ids
            )
    except SituationError as error:
        raise UserError(_cannot_compute(args.file, error)) from None
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))
        return 0
    console = Console()
    for result in results:
        print_result(console, system, result, brief=args.brief)
    return 0


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
            value = f"{_money(value)} ({SOURCES[lang][outcome['poverty_line_source']]})"
        elif isinstance(value, float):
            value = _money(value)
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
            _money(person["asp_person_amount"]),
        )
    console.print(people)
    for warning in result.get("warnings", []):
        console.print(f"[yellow]! {warning}[/yellow]")
    if brief:
        return
    console.print(f"[bold]{why}[/bold]")
    for number, step in enumerate(result["steps"], start=1):
        console.print(f"{number}. [bold]{step['title']}[/bold]: {step['text']}")
    console.print()


def _cannot_compute(path: Path, error: Exception) -> str:
    lines = "\n".join(f"  {e['path'] or '(situation)'}: {e['message']}" for e in error.errors)
    return f"{path} cannot be computed:\n{lines}"


def _money(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ").removesuffix(".00")
