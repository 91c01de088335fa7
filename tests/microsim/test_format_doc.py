"""docs/microsim.md shows the microdata format as the code derives it from the input contract."""

from __future__ import annotations

import re
from pathlib import Path

from openfisca_kz_asp.microsim.format import format_table_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "microsim.md"


def test_the_documented_format_is_the_generated_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- format-table:[^\n]*-->\n(.*?)<!-- /format-table -->", text, flags=re.S)
    assert found, "docs/microsim.md lost its <!-- format-table --> markers"
    assert found.group(1).strip() == format_table_markdown().strip(), (
        "docs/microsim.md's column tables differ from the contract: paste "
        "openfisca_kz_asp.microsim.format.format_table_markdown() between the markers"
    )
