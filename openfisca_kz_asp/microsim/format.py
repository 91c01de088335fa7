"""The microdata format: two tables, households and persons (CSV or Parquet).

One row per household and one row per person; persons point to their household by
``household_id``. Income columns are MONTHLY amounts in KZT. Convention: each monthly amount
holds for every month the simulation needs, including the reference quarter before each
simulated month (survey incomes describe a typical month of the survey year). See
docs/microsim.md for the full specification.
"""

from __future__ import annotations

from dataclasses import dataclass

from openfisca_kz_asp.enums import DisabilityGroup, Region, Sex

INCOME_COLUMNS: tuple[str, ...] = (
    "wage_income",
    "pension_income",
    "social_benefit_income",
    "alimony_income",
    "business_income",
    "farm_income",
    "property_income",
    "loan_income",
    "other_income",
    "large_family_allowance_income",
    "mothers_pendant_allowance_income",
    "scholarship_income",
    "child_disability_benefit_income",
    "housing_assistance_income",
    "excluded_income",
)
"""Income kinds: the contract's income inputs, monthly KZT, float, >= 0."""

WELFARE_EXCLUDED: tuple[str, ...] = ("excluded_income",)
"""Income kinds left out of the money income used for deciles and poverty (ASP itself etc.)."""


@dataclass(frozen=True)
class Column:
    """One column of the format: its name, kind, whether required, and the default."""

    name: str
    kind: str  # "id", "weight", "int", "float", "bool", "enum"
    required: bool
    default: object = None
    enum: type | None = None
    doc: str = ""


HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column("household_id", "id", True, doc="Unique integer id of the household."),
    Column("household_weight", "weight", True, doc="Survey weight: households represented (> 0, finite)."),
    Column("region", "enum", True, enum=Region, doc="Region key of the contract, or `unknown`."),
    Column("has_non_mortgage_loan", "bool", False, False, doc="The family has a non-mortgage loan."),
    Column(
        "median_income",
        "float",
        False,
        0.0,
        doc="Regional median per-capita income (KZT/month; 0 = unknown).",
    ),
    Column("urban", "bool", False, False, doc="Urban settlement (informational, not used by the rules)."),
)

PERSON_COLUMNS: tuple[Column, ...] = (
    Column("person_id", "id", True, doc="Unique integer id of the person."),
    Column("household_id", "id", True, doc="The household the person belongs to."),
    Column("age", "int", True, doc="Age in whole years (0 to 120), held for every simulated month."),
    Column("sex", "enum", True, enum=Sex, doc="`male` or `female`."),
    Column("disability_group", "enum", False, "none", enum=DisabilityGroup, doc="none / group_1..3."),
    *(
        Column(name, "bool", False, False)
        for name in (
            "is_disabled_child",
            "has_long_term_illness",
            "is_full_time_student",
            "has_permanent_job",
            "needs_outside_care",
            "is_on_full_state_support",
            "is_in_conscript_service",
            "is_imprisoned_or_in_compulsory_treatment",
            "works_away_from_family",
            "studies_at_boarding_school",
        )
    ),
    Column("lives_with_family", "bool", False, True),
    *(Column(name, "float", False, 0.0, doc="Monthly KZT, >= 0.") for name in INCOME_COLUMNS),
)

TABLES: dict[str, tuple[Column, ...]] = {"households": HOUSEHOLD_COLUMNS, "persons": PERSON_COLUMNS}

MAX_AGE = 120
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
    return "\n".join(lines)
