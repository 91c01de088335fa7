"""The microdata format: two tables, households and persons (CSV or Parquet).

One row per household and one row per person; persons point to their household by
``household_id``. Income columns are MONTHLY amounts in KZT. Convention: each monthly amount
holds for every month the simulation needs, including the reference quarter before each
simulated month (survey incomes describe a typical month of the survey year). See
docs/microsim.md for the full specification.

The columns are derived from the input contract (``openfisca_kz_asp.contract``): every income kind
is an optional float column (default 0), every person flag an optional bool column (the model's
default), and the inputs ``contract/inputs.yaml`` marks ``microdata: required | optional`` are
columns with their type, range, period and enumeration from the variables. The inputs it marks
``microdata: not_recorded`` (the bars of Art. 2 p.2, in no survey) are not columns: every row takes
their default. Only the columns that are not inputs of the model (ids, the survey weight,
``urban``) are declared here. docs/microsim.md shows :func:`format_table_markdown`'s tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from openfisca_core.indexed_enums import Enum

from openfisca_kz_asp.contract import Input, default_contract

_CONTRACT = default_contract()


@dataclass(frozen=True)
class Column:
    """One column of the format: its name, kind, whether required, and the default."""

    name: str
    kind: str  # "id", "weight", "int", "float", "bool", "enum"
    required: bool
    default: object = None
    enum: type[Enum] | None = None
    doc: str = ""
    minimum: float | None = None
    maximum: float | None = None
    exclusive_maximum: float | None = None
    period: str | None = None  # the input's period ("month", "eternity"); None: not an input

    @property
    def is_input(self) -> bool:
        """The column is an input of the model (not an id, the weight or ``urban``)."""
        return self.period is not None


def _doc(item: Input) -> str:
    """The meaning of an input column, from its variable's label, range and unit."""
    text = item.label
    if item.is_income:
        return f"{text.removesuffix(' (KZT a month)')}: monthly KZT, >= 0."
    if item.kind == "int" and item.minimum is not None and item.maximum is not None:
        text += f" ({item.minimum} to {item.maximum}{' ' + item.unit if item.unit else ''})"
    if item.kind == "enum" and item.enum:
        text += f": {' / '.join(item.enum)}"
    if item.period == "month" and not item.spreads:
        text += ", held for every simulated month"
    return text + "."


def _number(limit: object) -> float | None:
    return float(limit) if isinstance(limit, int | float) else None


def input_column(item: Input) -> Column:
    """The microdata column of a contract input (its range and period are the contract's)."""
    required = item.microdata == "required"
    return Column(
        name=item.name,
        kind=item.kind,
        required=required,
        default=None if required else item.default,
        enum=item.enum_class,
        doc=_doc(item),
        minimum=_number(item.minimum),
        maximum=_number(item.maximum),
        exclusive_maximum=_number(item.exclusive_maximum),
        period=item.period,
    )


INCOME_COLUMNS: tuple[str, ...] = _CONTRACT.income_kinds
"""Income kinds: the contract's income inputs, monthly KZT, float, >= 0."""

WELFARE_EXCLUDED: tuple[str, ...] = tuple(name for name in INCOME_COLUMNS if not _CONTRACT[name].welfare)
"""Income kinds left out of the money income used for deciles and poverty (ASP itself etc.)."""

HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column("household_id", "id", True, doc="Unique integer id of the household."),
    Column("household_weight", "weight", True, doc="Survey weight: households represented (> 0, finite)."),
    *(input_column(item) for item in _CONTRACT.microdata_inputs("household")),
    Column("urban", "bool", False, False, doc="Urban settlement (informational, not used by the rules)."),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column("person_id", "id", True, doc="Unique integer id of the person."),
    Column("household_id", "id", True, doc="The household the person belongs to."),
    *(input_column(item) for item in _CONTRACT.microdata_inputs("person")),
)

TABLES: dict[str, tuple[Column, ...]] = {"households": HOUSEHOLD_COLUMNS, "persons": PERSON_COLUMNS}

NOT_RECORDED: dict[str, tuple[Column, ...]] = {
    "households": tuple(input_column(item) for item in _CONTRACT.not_recorded_inputs("household")),
    "persons": tuple(input_column(item) for item in _CONTRACT.not_recorded_inputs("person")),
}
"""Inputs no survey records (``microdata: not_recorded``): not columns, their default in every row."""

SYNTHETIC_METADATA_KEY = b"openfisca_kz_asp.synthetic"
INCOME_YEAR_METADATA_KEY = b"openfisca_kz_asp.income_year"


def format_table_markdown() -> str:
    """The column tables of the format as Markdown (used to write docs/microsim.md)."""
    lines: list[str] = []
    for table, columns in TABLES.items():
        lines += [
            f"**{table}**",
            "",
            "| column | kind | required | default | meaning |",
            "|---|---|---|---|---|",
        ]
        for c in columns:
            default = "" if c.required else repr(c.default)
            kind = f"enum {c.enum.__name__}" if c.enum else c.kind
            lines.append(f"| `{c.name}` | {kind} | {'yes' if c.required else 'no'} | {default} | {c.doc} |")
        lines.append("")
        if NOT_RECORDED[table]:
            names = ", ".join(f"`{c.name}`" for c in NOT_RECORDED[table])
            defaults = " / ".join(sorted({repr(c.default) for c in NOT_RECORDED[table]}))
            lines += [f"Not columns (no survey records them), {defaults} in every row: {names}.", ""]
    return "\n".join(lines)
