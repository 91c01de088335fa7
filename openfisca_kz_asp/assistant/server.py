"""The MCP server (official ``mcp`` SDK, ``MCPServer``): the tools of :mod:`.service` for assistants.

Every tool answers through :class:`~openfisca_kz_asp.assistant.service.Assistant`, i.e. the web API's
own code paths; a refused request is an MCP tool error (``isError``) whose text lists every
problem as ``path: message; …``, never a traceback. The descriptions teach the quarter rule (the
text of :mod:`openfisca_kz_asp.contract.documentation`), which a generic client gets wrong.
"""

import importlib.metadata
import logging
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from openfisca_kz_asp.assistant.service import Assistant, AssistantError
from openfisca_kz_asp.contract.documentation import EXAMPLE_MONTH, quarter_rule, reference_period
from openfisca_kz_asp.contract.languages import LANGUAGES
from openfisca_kz_asp.coverage import FIRST_MONTH, LAST_MONTH

NAME = "openfisca-kz-asp"
LANGUAGE_SCHEMA = {"enum": list(LANGUAGES)}  # checked by the service, with the other problems
READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)

QUARTER = quarter_rule()
SITUATION_HELP = (
    'An OpenFisca situation: {"persons": {id: {variable: {period: value}}}, "households": {id: '
    '{"applicants": [person ids], "members": [person ids], variable: {period: value}}}}. '
    'Outputs are asked with null for the month, e.g. "asp_total": {"2024-03": null}. '
    f"{QUARTER} Give the household's `region` for the month (without it the poverty line is an "
    "estimate and the answer warns). Call `family_inputs` for every input, its type and how to give it."
)
INSTRUCTIONS = (
    "Kazakhstan's targeted social assistance (ASP / АСП / АӘК) as code (openfisca-kz-asp). To answer "
    "'am I eligible for ASP, and how much?': call `family_inputs` (what to ask the family), then "
    "`explain` for the decision step by step with its legal references in kk, ru or en, or "
    "`calculate` for the amounts (several outputs, several months, a reform). "
    f"Months from {FIRST_MONTH} to {LAST_MONTH}. {QUARTER} Pass on the answer's `warnings` to the "
    "user: they say when an input is doubtful (an income outside the reference quarter, no region...)."
)

log = logging.getLogger("openfisca_kz_asp.assistant")


def _version() -> str:
    try:
        return importlib.metadata.version(NAME)
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _refused(error: AssistantError) -> ToolError:
    count = len(error.errors)
    lead = "The request was refused" + (f" ({count} problems)" if count > 1 else "")
    return ToolError(f"{lead}: {error}")


def build_server(assistant: Assistant | None = None) -> MCPServer:
    """The MCP server with its tools, over ``assistant`` (one built on the package's system if None)."""
    helper = assistant or Assistant()
    server: MCPServer = MCPServer(
        NAME,
        title="Kazakhstan targeted social assistance (ASP)",
        description="Eligibility and amount of ASP, explained with the law, in kk/ru/en",
        instructions=INSTRUCTIONS,
        version=_version(),
    )

    @server.tool(
        description=(
            "Compute ASP outputs for a family (as POST /calculate of the openfisca-kz-asp web API): the "
            "situation comes back with every null filled in (asp_type, asp_amount, asp_child_supplement, "
            "asp_total, poverty_line, per_capita_income...), with `warnings` when an input is doubtful. "
            f"{SITUATION_HELP} Optionally under a named reform (see `reforms`) or `reform_parameters` "
            "(changes of any parameter from a date). Problems come back as one tool error listing each "
            "with its path."
        ),
        annotations=READ_ONLY,
    )
    def calculate(
        situation: Annotated[dict[str, Any], Field(description=SITUATION_HELP)],
        reform: Annotated[
            str | None,
            Field(description="A named reform, e.g. poverty_line_share:0.8 (see the `reforms` tool)."),
        ] = None,
        reform_parameters: Annotated[
            list[dict[str, Any]] | str | None,
            Field(
                description="Changes of any parameter, applied together: a list of {parameter, value, start"
                ', end?}, e.g. [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": '
                '"2025-01-01"}], or the text asp.poverty_line.rate=0.8@2025-01-01. Not with `reform`.'
            ),
        ] = None,
        lang: Annotated[
            str, Field(description="Language of messages and warnings.", json_schema_extra=LANGUAGE_SCHEMA)
        ] = "en",
    ) -> dict[str, Any]:
        try:
            return helper.calculate(situation, reform=reform, reform_parameters=reform_parameters, lang=lang)
        except AssistantError as error:
            raise _refused(error) from None

    @server.tool(
        description=(
            "Explain a family's ASP for one month, step by step, in Kazakh (kk), Russian (ru) or English "
            "(en), as POST /explain: who counts as family, the income of the reference quarter, the "
            "per-capita income, the poverty line and its source, the type of assistance, the amount, the "
            "child supplement and the months assigned; each step with its values, the parameters used "
            "and the legal references (title and adilet.zan.kz link). `result` has the amounts, "
            "`summary` one line per step, `warnings` any doubtful input. "
            f"`period` is the month asked (YYYY-MM, {FIRST_MONTH} to {LAST_MONTH}); incomes in the "
            f"situation are for its reference quarter (for {EXAMPLE_MONTH}: {reference_period()}). "
            f"{SITUATION_HELP}"
        ),
        annotations=READ_ONLY,
    )
    def explain(
        situation: Annotated[dict[str, Any], Field(description=SITUATION_HELP)],
        period: Annotated[str, Field(description="The month asked, YYYY-MM, e.g. 2024-03.")],
        *,
        lang: Annotated[
            str, Field(description="Language of the explanation.", json_schema_extra=LANGUAGE_SCHEMA)
        ] = "en",
        household: Annotated[
            str | None, Field(description="Id of the household to explain (only when there are several).")
        ] = None,
        reform: Annotated[str | None, Field(description="A named reform (see `reforms`).")] = None,
        reform_parameters: Annotated[
            list[dict[str, Any]] | str | None,
            Field(description="Changes of any parameter, as for `calculate`. Not with `reform`."),
        ] = None,
    ) -> dict[str, Any]:
        try:
            return helper.explain(
                situation,
                period,
                household=household,
                lang=lang,
                reform=reform,
                reform_parameters=reform_parameters,
            )
        except AssistantError as error:
            raise _refused(error) from None

    @server.tool(
        description=(
            "The history of one parameter of the rules (e.g. asp.poverty_line.rate, "
            "asp.child_supplement.amount_mrp, general.mrp): every value it took, newest first, each with "
            "the date it applies from and its legal source (reference title and link; `set_by` is the "
            "act that set it when that act was later repealed). A wrong name gets the nearest names."
        ),
        annotations=READ_ONLY,
    )
    def parameter_history(
        parameter: Annotated[
            str, Field(description="The parameter's dotted name, e.g. asp.poverty_line.rate")
        ],
        lang: Annotated[
            str, Field(description="Language of the labels.", json_schema_extra=LANGUAGE_SCHEMA)
        ] = "en",
    ) -> dict[str, Any]:
        try:
            return helper.parameter_history(parameter, lang=lang)
        except AssistantError as error:
            raise _refused(error) from None

    @server.tool(
        description=(
            "What to ask a family before calculating: every input by entity (persons, households) with "
            "its label, type, allowed values, default and `how_to_give` (its period), the income kinds "
            "(main ones first), the outputs to ask for, the months covered and an example situation. "
            f"{QUARTER}"
        ),
        annotations=READ_ONLY,
    )
    def family_inputs(
        lang: Annotated[
            str, Field(description="Language of the labels.", json_schema_extra=LANGUAGE_SCHEMA)
        ] = "en",
    ) -> dict[str, Any]:
        try:
            return helper.family_inputs(lang=lang)
        except AssistantError as error:
            raise _refused(error) from None

    @server.tool(
        description=(
            "The named reforms a calculation may use (`reform` of `calculate` and `explain`), each "
            "described, and how to change any parameter from a date instead (`reform_parameters`)."
        ),
        annotations=READ_ONLY,
    )
    def reforms(
        lang: Annotated[
            str,
            Field(description="Language of the example's description.", json_schema_extra=LANGUAGE_SCHEMA),
        ] = "en",
    ) -> dict[str, Any]:
        try:
            return helper.reforms(lang=lang)
        except AssistantError as error:
            raise _refused(error) from None

    return server


def run(*, http: bool = False, host: str = "127.0.0.1", port: int = 8000, path: str = "/mcp") -> None:
    """Serve over stdio (the default), or streamable HTTP at ``http://host:port{path}``."""
    server = build_server()
    if http:
        server.run("streamable-http", host=host, port=port, streamable_http_path=path)
    else:
        server.run("stdio")


__all__ = ["INSTRUCTIONS", "NAME", "build_server", "run"]
