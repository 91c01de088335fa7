"""Enumerations shared by the variables, the calculator and the microsimulation.

They live in the package (not in ``variables/``) so that every module sees the same classes.
Labels here are English; Kazakh and Russian labels are in ``translations/``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:

    class Enum(enum.Enum):
        """openfisca-core's indexed ``Enum`` as the type checker should see it.

        openfisca-core's ``Enum`` derives from a class of ``openfisca_core.types``, a module of a
        package without type information, so mypy would take its base for ``Any`` and each member
        for its ``str`` value (``Region.astana.index`` would be ``str.index``). At run time the
        classes below derive from openfisca-core's ``Enum`` itself.
        """

        index: int

        @classmethod
        def encode(cls, array: Any) -> Any: ...

else:
    from openfisca_core.indexed_enums import Enum


class Sex(Enum):
    male = "Male"
    female = "Female"


class DisabilityGroup(Enum):
    none = "No disability group"
    group_1 = "Disability group I"
    group_2 = "Disability group II"
    group_3 = "Disability group III"


class Region(Enum):
    """The 20 regions (ISO 3166-2:KZ), plus `unknown`: the national statistical minimum then stands in
    for the region's, and the line is an estimate (`poverty_line_basis`)."""

    unknown = "Region not given (national subsistence minimum: an estimate)"
    astana = "Astana"
    almaty_city = "Almaty"
    shymkent = "Shymkent"
    abai = "Abai region"
    akmola = "Akmola region"
    aktobe = "Aktobe region"
    almaty_region = "Almaty region"
    atyrau = "Atyrau region"
    east_kazakhstan = "East Kazakhstan region"
    jambyl = "Jambyl region"
    jetisu = "Jetisu region"
    karaganda = "Karaganda region"
    kostanay = "Kostanay region"
    kyzylorda = "Kyzylorda region"
    mangystau = "Mangystau region"
    north_kazakhstan = "North Kazakhstan region"
    pavlodar = "Pavlodar region"
    turkistan = "Turkistan region"
    ulytau = "Ulytau region"
    west_kazakhstan = "West Kazakhstan region"


class PovertyLineBasis(Enum):
    """Which rung gave a family's poverty line (issue 8; openfisca_kz_asp.subsistence_minimum).

    The order matters: a quarter's basis is the largest of its months' (published < regional minimum
    < estimated < projected).
    """

    published = "The line published for the region and quarter"
    regional_minimum = "The region's published subsistence minimum of the reference quarter"
    estimated = "Estimated: national minimum of the quarter × the region's ratio to it"
    projected = "Projected beyond the last published minimum"
    national_2019 = "The single national line of April–September 2019"
    input = "Given as an input"


class AspType(Enum):
    """Art. 2 p.3: ASP is unconditional or conditional cash assistance."""

    none = "No assistance"
    unconditional = "Unconditional cash assistance"
    conditional = "Conditional cash assistance"


class IneligibilityReason(Enum):
    """Why a family gets no ASP: the first reason that applies, in the order of the law.

    The labels name the ground, not its article: the article depends on the date (Law 246-II until
    30 June 2023, the Social Code after), and openfisca_kz_asp.provisions.citations gives it.
    """

    none = "Eligible"
    no_family_members = "No one is counted as a family member"
    # Until 30 June 2023 the Law refused income not below the line (Art. 1 sp.5-2, Art. 2 p.2 sp.1);
    # from 1 July 2023 the Social Code refuses only income exceeding it (Art. 128 sp.1). The
    # explanation words it by the month (parameter asp.eligibility.income_at_line_is_low_income).
    not_low_income = "Per-capita income exceeds the poverty line (until June 2023: is not below it)"
    refused_employment_measures = "An able-bodied member refused employment measures in the last 6 months"
    social_contract_terminated = (
        "A social contract was terminated through the recipient's fault in the last 6 months"
    )
    false_information = "False information or documents in the last 6 months"
    commission_found_not_in_need = "The district commission found no need"
    refused_material_survey = "The applicant refused the commission's survey of the material situation"
    non_mortgage_loan = (
        "The family has a loan other than a mortgage (reform loan_practice_2025: the practice reported "
        "from September 2025, no legal act found)"
    )
    no_social_contract = "Conditional assistance needs a signed social contract"


class FamilyExclusion(Enum):
    """Why a person listed in the family is not counted as a member (Law 246-II Art. 4 p.1)."""

    none = "Counted as a family member"
    full_state_support = "On full state support"
    conscript_service = "In conscript military service"
    deprivation_of_liberty_or_compulsory_treatment = (
        "In a place of deprivation of liberty or under compulsory treatment"
    )
    lives_apart = "Does not live with the family, and no exception applies"
