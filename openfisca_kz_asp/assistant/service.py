"""What the assistant's tools do, on the code paths of the web API, without any MCP in it.

Each method answers as the matching endpoint does: :meth:`Assistant.calculate` as ``POST
/calculate`` (``openfisca_kz_asp.api.compute``, the situation checked by
``openfisca_kz_asp.situations``), :meth:`Assistant.explain` as ``POST /explain``
(``openfisca_kz_asp.explain``), a named reform through ``openfisca_kz_asp.reform_registry`` and
parameter changes through ``openfisca_kz_asp.parametric_reform``. A bad request raises
:class:`AssistantError`, which lists every problem found (``path``, ``code``, ``message``, as in the
API's ``errors``), never a traceback.
"""

from __future__ import annotations

import copy
import functools
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from openfisca_core.parameters import Parameter
from openfisca_core.periods import period as make_period
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import parametric_reform
from openfisca_kz_asp.api import compute
from openfisca_kz_asp.api.errors import ApiError, error_body, problem, shown
from openfisca_kz_asp.contract import contract_for
from openfisca_kz_asp.contract.documentation import EXAMPLE_MONTH, period_note, quarter_rule, reference_period
from openfisca_kz_asp.contract.languages import LANGUAGES
from openfisca_kz_asp.contract.periods import coverage_window
from openfisca_kz_asp.explain import explain, parameter_info, system_with_reform
from openfisca_kz_asp.i18n import label
from openfisca_kz_asp.reform_registry import REFORMS, UnknownReformError, describe, parse_reform_name
from openfisca_kz_asp.situation_examples import EXAMPLES
from openfisca_kz_asp.situations import SituationError, validate_situation

log = logging.getLogger("openfisca_kz_asp.assistant")
T = TypeVar("T")
REFORM_PARAMETERS = "reform_parameters"
OUTPUTS = (  # what a family usually asks for, household level, for the month asked
    "asp_type",
    "asp_ineligibility_reason",
    "asp_amount",
    "asp_child_supplement",
    "asp_total",
    "poverty_line",
    "poverty_line_basis",
    "per_capita_income",
    "asp_assignment_months",
)
EXAMPLE = "single_mother_two_children"
ENVELOPE = ("period", "household", "lang", "reform")  # explain's own checks, before the situation's


class AssistantError(Exception):
    """A request the tools refuse: ``errors`` lists every problem, ``str()`` says them all."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        self.body = error_body(errors)
        super().__init__(self.body["error"])


def _example_value(name: str) -> str:
    return {"poverty_line_share": "0.8", "child_supplement_mrp": "3"}.get(name, "1")


def _allowed() -> str:
    return ", ".join(
        f"{name}[:{spec.parameter}]" if spec.parameter else name for name, spec in REFORMS.items()
    )


class Assistant:
    """The tools' answers for one tax-benefit system (built once; reforms are cached per system)."""

    def __init__(self, tbs: TaxBenefitSystem | None = None) -> None:
        if tbs is None:
            from openfisca_kz_asp import CountryTaxBenefitSystem  # noqa: PLC0415

            tbs = CountryTaxBenefitSystem()
        self.tbs = tbs
        self._lock = threading.Lock()  # the SDK runs tools on worker threads; OpenFisca's caches are shared

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """One computation at a time; an unexpected exception becomes the API's 500 message (a reference)."""
        with self._lock:
            try:
                yield
            except (AssistantError, SituationError, ApiError):
                raise
            except Exception as error:
                ref = uuid.uuid4().hex[:12]
                log.exception("Unexpected error %s in the assistant's tools", ref, exc_info=error)
                raise AssistantError([problem("", "internal", "en", ref=ref)]) from None

    def _run(self, work: Callable[[], T]) -> T:
        with self._guarded():
            try:
                return work()
            except SituationError as error:
                raise AssistantError(error.errors) from None
            except ApiError as error:
                raise AssistantError(error.body["errors"]) from None

    # ------------------------------------------------------------------------------ reforms

    def _language(self, lang: object, errors: list[dict[str, Any]]) -> str:
        if lang in LANGUAGES:
            return str(lang)
        got = lang[:20] if isinstance(lang, str) else shown(lang)  # the template quotes it
        errors.append(problem("lang", "bad_language", "en", got=got))
        return "en"

    def _named_reform(self, reform: object, lang: str, errors: list[dict[str, Any]]) -> str | None:
        """The reform's name when it is one the API accepts (``?reform=``); else its problem in ``errors``."""
        if reform is None or reform == "":
            return None
        if not isinstance(reform, str) or len(reform) > 60:
            errors.append(problem("reform", "unknown_reform", lang, name=shown(reform), allowed=_allowed()))
            return None
        key, colon, value = reform.partition(":")
        if key not in REFORMS:
            errors.append(problem("reform", "unknown_reform", lang, name=key, allowed=_allowed()))
            return None
        if colon and not value.strip():
            example = f"{key}:{_example_value(key)}"
            errors.append(problem("reform", "reform_missing_value", lang, name=key, example=example))
            return None
        try:
            parse_reform_name(reform)
            system_with_reform(self.tbs, reform)
        except UnknownReformError as error:
            errors.append(problem("reform", "bad_reform_value", lang, detail=str(error)))
            return None
        return reform

    def _changes(
        self, changes: object, reform: object, lang: str, errors: list[dict[str, Any]]
    ) -> parametric_reform.ParametricReform | None:
        if changes is None:
            return None
        if reform:  # refused, but the changes are still checked, so that every problem is said at once
            errors.append(problem(REFORM_PARAMETERS, "reform_and_parameters", lang))
        try:
            reformed = parametric_reform.validated(self.tbs, changes)
        except parametric_reform.ParameterChangeError as error:
            errors += error.api_errors(lang, REFORM_PARAMETERS)
            return None
        return None if reform else reformed

    def _situation_problems(self, situation: object, lang: str) -> list[dict[str, Any]]:
        """The situation's problems, found by the API's own check (used only when something else failed,
        so that one answer lists them all)."""
        try:
            validate_situation(self.tbs, copy.deepcopy(situation), lang=lang)  # type: ignore[arg-type]
        except SituationError as error:
            return list(error.errors)
        return []

    # ------------------------------------------------------------------------------ tools

    def calculate(
        self,
        situation: object,
        *,
        reform: object = None,
        reform_parameters: object = None,
        lang: object = "en",
    ) -> dict[str, Any]:
        """``POST /calculate[?reform=NAME]`` with ``reform_parameters`` beside the situation: the
        situation with every ``null`` filled in, ``warnings`` when the inputs raise a concern, and the
        parameter changes said back in words."""

        def work() -> dict[str, Any]:
            errors: list[dict[str, Any]] = []
            language = self._language(lang, errors)
            name = self._named_reform(reform, language, errors)
            changes = self._changes(reform_parameters, reform, language, errors)
            if errors:
                raise AssistantError(errors + self._situation_problems(situation, language))
            key = changes.key if changes is not None else name
            system = system_with_reform(self.tbs, key)
            answer = compute.calculate(system, copy.deepcopy(situation), lang=language)  # type: ignore[arg-type]
            if changes is not None:
                answer[REFORM_PARAMETERS] = parametric_reform.as_answer(self.tbs, changes, language)
            return answer

        return self._run(work)

    def explain(
        self,
        situation: object,
        period: object,
        *,
        household: object = None,
        lang: object = "en",
        reform: object = None,
        reform_parameters: object = None,
    ) -> dict[str, Any]:
        """``POST /explain``: the steps of the decision for one household and month, each with its
        values, parameters and legal references, in kk/ru/en; ``summary`` has each step in one line."""

        def work() -> dict[str, Any]:
            errors: list[dict[str, Any]] = []
            language = self._language(lang, errors)
            name = self._named_reform(reform, language, errors)
            changes = self._changes(reform_parameters, reform, language, errors)
            if household is not None and not isinstance(household, str):
                errors.append(problem("household", "expected_string", language, got=shown(household)))
            if not isinstance(situation, dict):
                errors.append(problem("situation", "not_object", language, got=shown(situation)))
            if errors:
                raise AssistantError(errors + self._situation_problems(situation, language))
            key = changes.key if changes is not None else name
            try:
                answer = explain(
                    self.tbs,
                    situation,  # type: ignore[arg-type]
                    household=household,  # type: ignore[arg-type]
                    period=period,  # type: ignore[arg-type]
                    lang=language,
                    reform=key,
                )
            except SituationError as error:  # the month or household, checked first: add the situation's
                found = list(error.errors)
                if all(e["path"] in ENVELOPE for e in found):
                    found += self._situation_problems(situation, language)
                raise AssistantError(found) from None
            if changes is not None:
                answer[REFORM_PARAMETERS] = parametric_reform.as_answer(self.tbs, changes, language)
            answer["summary"] = [f"{step['title']}: {step['text']}" for step in answer["steps"]]
            return answer

        return self._run(work)

    def parameter_history(self, parameter: object, lang: object = "en") -> dict[str, Any]:
        """Every value a parameter took, newest first, each with the date it applies from and its legal
        source (``reference`` {title, href}; ``set_by`` when the act that set it was later repealed)."""

        def work() -> dict[str, Any]:
            errors: list[dict[str, Any]] = []
            language = self._language(lang, errors)
            path = parameter.strip().replace("/", ".") if isinstance(parameter, str) else parameter
            leaf, found = parametric_reform.find_leaf(self.tbs.parameters, path)  # type: ignore[arg-type]
            if found is not None:
                errors.append({"path": "parameter", "code": found.code, "message": found.message(language)})
            if errors or leaf is None:
                raise AssistantError(errors)
            return self._history(leaf, str(path), language)

        return self._run(work)

    def _history(self, leaf: Parameter, path: str, lang: str) -> dict[str, Any]:
        metadata = leaf.metadata or {}
        values = []
        for value in leaf.values_list:  # newest first
            instant = value.instant_str
            info = parameter_info(self.tbs, path, make_period(f"month:{instant[:7]}"), lang, at=instant)
            entry = {"from": instant, "value": value.value, "reference": info.get("reference")}
            for extra in ("set_by", "confidence"):
                if info.get(extra):
                    entry[extra] = info[extra]
            values.append(entry)
        return {
            "parameter": path,
            "label": parametric_reform.label_of(leaf, lang),
            "unit": metadata.get("unit"),
            "description": (leaf.description or "").strip() or None,
            "documentation": (getattr(leaf, "documentation", None) or "").strip() or None,
            "values": values,
            "note": "A value applies from its date until the next one; `null` means the parameter "
            "does not apply from that date.",
        }

    def family_inputs(self, lang: object = "en") -> dict[str, Any]:
        """What a situation may give, by entity, from the input contract (``GET /meta``), with how to give
        each (its period), the outputs to ask for, the months covered and an example family."""

        def work() -> dict[str, Any]:
            errors: list[dict[str, Any]] = []
            language = self._language(lang, errors)
            if errors:
                raise AssistantError(errors)
            return _family_inputs(self.tbs, language)

        return self._run(work)

    def reforms(self, lang: object = "en") -> dict[str, Any]:
        """The named reforms (``reform``) and how to change any parameter (``reform_parameters``)."""

        def work() -> dict[str, Any]:
            errors: list[dict[str, Any]] = []
            language = self._language(lang, errors)
            if errors:
                raise AssistantError(errors)
            catalogue = parametric_reform.catalogue(self.tbs)
            return {
                "named": {
                    name: {
                        "description": describe(name),
                        "value": spec.parameter,
                        "example": f"{name}:{_example_value(name)}" if spec.parameter else name,
                    }
                    for name, spec in REFORMS.items()
                },
                REFORM_PARAMETERS: {
                    "description": catalogue.get("description"),
                    "example": catalogue.get("example"),
                    "example_description": (catalogue.get("example_description") or {}).get(language),
                    "max_changes": catalogue.get("max_changes"),
                    "parameters": "Any leaf of the parameter tree with a unit; see parameter_history "
                    "for a parameter's values and sources.",
                },
            }

        return self._run(work)


@functools.lru_cache(maxsize=8)
def _family_inputs_cached(tbs: TaxBenefitSystem, lang: str) -> dict[str, Any]:
    contract = contract_for(tbs)
    inputs: dict[str, dict[str, Any]] = {}
    for item in contract:
        if item.computable and item.name != "age":
            continue  # outputs (age is computed from birth_date, but usually given)
        entry = {key: value for key, value in item.as_json().items() if key not in ("label_key", "spreads")}
        entry["label"] = label(tbs, item.name, lang)
        entry["how_to_give"] = period_note(item)
        inputs.setdefault(item.plural, {})[item.name] = entry
    return {
        "quarter_rule": quarter_rule(),
        "months_covered": coverage_window(lang),
        "reference_period_example": {EXAMPLE_MONTH: reference_period(EXAMPLE_MONTH)},
        "roles": {
            "households": "each household lists its persons under `applicants` (the applicant) and "
            "`members` (everyone else); every person belongs to one household",
        },
        "income_kinds": contract.page_income(),
        "inputs": inputs,
        "outputs": {name: label(tbs, name, lang) for name in OUTPUTS if name in tbs.variables},
        "example": {
            "note": "A mother in Almaty with two children (5 and 2) and wages of 150,000 KZT in all for "
            "October to December 2023 (`month:2023-10:3`, the reference quarter of March 2024); it "
            "asks for the household's ASP of 2024-03.",
            "situation": copy.deepcopy(EXAMPLES[EXAMPLE]),
        },
    }


def _family_inputs(tbs: TaxBenefitSystem, lang: str) -> dict[str, Any]:
    return copy.deepcopy(_family_inputs_cached(tbs, lang))


__all__ = ["Assistant", "AssistantError"]
