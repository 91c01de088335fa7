"""The cases the MCP tests send over both transports (imported by conftest and the tests)."""

from __future__ import annotations

import copy
from typing import Any

from openfisca_kz_asp.situation_examples import EXAMPLES

# docs/api.md, worked by hand there: Astana, March 2026, a mother with wages of 150,000 for the
# reference quarter (October-December 2025) and two children: line 43,885, per-capita income
# 150,000 / 3 months / 3 members = 16,666.67, each member 27,218, ASP 3 x 27,218 = 81,654; child
# supplement 2 x 1.5 MRP x 4,325 = 12,975; total 94,629.
ASTANA = {
    "persons": {
        "mother": {
            "age": {"2026-03": 34},
            "sex": {"ETERNITY": "female"},
            "wage_income": {"month:2025-10:3": 150000},
        },
        "son": {"age": {"2026-03": 5}},
        "daughter": {"age": {"2026-03": 2}},
    },
    "households": {
        "family": {
            "applicants": ["mother"],
            "members": ["son", "daughter"],
            "region": {"2026-03": "astana"},
            "poverty_line": {"2026-03": None},
            "asp_amount": {"2026-03": None},
            "asp_total": {"2026-03": None},
        }
    },
}
# No region: the line rests on the national minimum, and the answer warns.
NO_REGION = {
    "persons": {"a": {"age": {"2026-03": 40}}},
    "households": {"h": {"applicants": ["a"], "asp_total": {"2026-03": None}}},
}
# The mistake a generic client steers to: the income given for the month asked, not the quarter before.
MONTH_INCOME = copy.deepcopy(ASTANA)
MONTH_INCOME["persons"]["mother"]["wage_income"] = {"2026-03": 50000}
FAMILIES: dict[str, dict[str, Any]] = {
    **copy.deepcopy(EXAMPLES),
    "astana_2026": ASTANA,
    "no_region": NO_REGION,
    "income_of_the_month_asked": MONTH_INCOME,
}
CHANGES = [{"parameter": "asp.poverty_line.rate", "value": 0.8, "start": "2025-01-01"}]
# Three problems in one situation: a month written wrong, a misspelt variable, a negative age.
BAD_SITUATION = {
    "persons": {
        "a": {"age": {"2026-3": 40}, "wage_incom": {"month:2025-10:3": 1}},
        "b": {"age": {"2026-03": -1}},
    },
    "households": {"h": {"applicants": ["a"], "members": ["b"], "asp_total": {"2026-03": None}}},
}

# Over stdio every call; over HTTP the families and one refused call (the transport is what differs).
HTTP_CALLS = ("calculate:", "error:situation")
CALLS: list[tuple[str, str, dict[str, Any]]] = [
    *[(f"calculate:{name}", "calculate", {"situation": family}) for name, family in FAMILIES.items()],
    ("calculate:reform", "calculate", {"situation": ASTANA, "reform": "poverty_line_share:0.8"}),
    ("calculate:changes", "calculate", {"situation": ASTANA, "reform_parameters": CHANGES, "lang": "ru"}),
    ("explain:astana:kk", "explain", {"situation": ASTANA, "period": "2026-03", "lang": "kk"}),
    ("history:rate", "parameter_history", {"parameter": "asp.poverty_line.rate", "lang": "ru"}),
    ("inputs:en", "family_inputs", {}),
    ("reforms", "reforms", {}),
    ("error:situation", "calculate", {"situation": BAD_SITUATION}),
    ("error:reform", "calculate", {"situation": ASTANA, "reform": "poverty_line_shar:0.8"}),
    ("error:period", "explain", {"situation": ASTANA, "period": "2026-3"}),
    ("error:parameter", "parameter_history", {"parameter": "asp.poverty_line.rat"}),
    (
        "error:changes",
        "calculate",
        {
            "situation": ASTANA,
            "reform_parameters": [
                {"parameter": "asp.poverty_line.rat", "value": 0.8, "start": "2025-01-01"},
                {"parameter": "asp.poverty_line.rate", "value": 2, "start": "2025-01-01"},
            ],
        },
    ),
    (
        "error:both",
        "calculate",
        {
            "situation": {"persons": {}},
            "reform": "poverty_line_shar",
            "reform_parameters": [{"parameter": "asp.poverty_line.rat", "value": 0.8, "start": "2026-01-01"}],
        },
    ),
    ("error:lang", "explain", {"situation": {"persons": {}}, "period": "2026-03", "lang": "de"}),
]
