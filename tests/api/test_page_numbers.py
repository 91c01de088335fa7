"""The page reads amounts with the separators it prints (issue 9, wrong answer 6).

``150000,50`` used to become 15,000,050: the browser's number field dropped the comma. The page now
reads amounts itself with ``api/static/numbers.js``, in the language's format from ``GET /meta``.
These tests run that file under Node (skipped where Node is not installed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from openfisca_kz_asp.contract.languages import number_formats

NUMBERS_JS = Path(__file__).resolve().parents[2] / "openfisca_kz_asp" / "api" / "static" / "numbers.js"
NODE = shutil.which("node") or shutil.which("nodejs")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
NAN = "NaN"

CASES = [
    # (typed, language, value read; NaN = refused with the field's error)
    ("150000,50", "en", 150000.5),
    ("150000,50", "ru", 150000.5),
    ("150000,50", "kk", 150000.5),
    ("150 000,50", "ru", 150000.5),
    ("150\u00a0000,5", "kk", 150000.5),
    ("150,000.50", "en", 150000.5),
    ("150,000", "en", 150000),
    ("150,000", "ru", 150),
    ("150.000", "en", 150),
    ("150.000", "ru", NAN),
    ("1.500,50", "ru", NAN),
    ("150000,500", "en", NAN),
    ("", "en", 0),
    ("  ", "ru", 0),
    ("-5", "en", NAN),
    ("1e3", "en", NAN),
    ("abc", "kk", NAN),
]


def _read(cases: list[tuple[str, str]]) -> list[object]:
    script = (
        f"const n = require({json.dumps(str(NUMBERS_JS))});"
        f"const formats = {json.dumps(number_formats())};"
        f"const cases = {json.dumps(cases)};"
        "console.log(JSON.stringify(cases.map(([t, l]) => { const v = n.parseAmount(t, formats[l]);"
        " return Number.isNaN(v) ? 'NaN' : v; })));"
    )
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(done.stdout)


def test_amounts_are_read_with_the_separators_the_page_prints():
    read = _read([(typed, lang) for typed, lang, _ in CASES])
    for (typed, lang, expected), value in zip(CASES, read, strict=True):
        assert value == expected, (typed, lang)


def test_what_the_page_prints_reads_back_as_the_same_amount():
    """Intl's own formatting of 150000.5 in each language is read back exactly."""
    script = (
        f"const n = require({json.dumps(str(NUMBERS_JS))});"
        f"const formats = {json.dumps(number_formats())};"
        "const out = {}; for (const [lang, f] of Object.entries(formats)) {"
        " const shown = new Intl.NumberFormat(f.locale, {maximumFractionDigits: 2}).format(150000.5);"
        " out[lang] = [shown, n.parseAmount(shown, f)]; } console.log(JSON.stringify(out));"
    )
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=30)
    for lang, (shown, value) in json.loads(done.stdout).items():
        assert value == 150000.5, (lang, shown)
