"""The calculator's short path, its chart and variants, the link, print, the phone and axe-core
(issue 12), in headless Chromium (see conftest.py).

The families of ``SHORT_FAMILIES`` are typed in through the questions shown first, with income as
the family's totals; the amounts are compared with the Python API run on a situation written
independently in Python, with each member's own income.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
from calc_families import SHORT_FAMILIES, Family, Member, expected
from calc_page import LANGS, CalculatorPage, parse_money
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

MAX_INTERACTIONS = 20  # a family of four with wages only, from the page's opening to the result
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_source() -> str:
    """axe-core's axe.min.js, from the axe-playwright-python package (scripts/install_browser.sh)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-core is missing: run scripts/install_browser.sh (pip install axe-playwright-python)")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def _serious_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _check_short_result(calc: CalculatorPage, family: Family) -> None:
    want = expected(family)  # each member's own income, through SimulationBuilder
    for name in ("asp_amount", "asp_child_supplement", "asp_total", "poverty_line"):
        text = calc.output_text(name).split("(")[0].strip()
        assert parse_money(text, calc.lang) == pytest.approx(want[name], abs=0.01), name
    expect(calc.page.locator("#out-asp_type")).to_have_attribute("data-value", want["asp_type"])
    months = want["asp_assignment_months"]
    expect(calc.page.locator("#out-asp_assignment_months")).to_have_attribute("data-value", str(months))
    assert calc.money_prefix("period_total") == pytest.approx(months * want["asp_total"], abs=0.01)
    for n, amount in enumerate(want["persons"], start=1):
        assert calc.member_amount(n) == pytest.approx(amount, abs=0.01), f"member {n}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("family", SHORT_FAMILIES, ids=lambda f: f.key)
def test_short_path_matches_the_python_api(page: Page, server: str, family: Family, lang: str) -> None:
    calc = CalculatorPage(page, server, lang).open()
    calc.fill(family, totals=True)
    calc.calculate()
    _check_short_result(calc, family)
    # The citizen's words: no person id, no register id, no "2026-03" in the result and its reasons.
    shown = page.locator("#results").inner_text()
    assert not re.search(r"person_\d|\b20\d\d-\d\d\b|law246\.|code224\.", shown), shown[:800]
    if family.key == "couple_two_children_wages":
        # Region, month, 3 × add, 4 ages, 2 sexes, wages, calculate: 13.
        assert calc.interactions < MAX_INTERACTIONS, calc.interactions
        assert calc.interactions == 13, calc.interactions
    # Nothing of the family's answers was opened on demand: the folded sections stay closed.
    assert page.locator("details.member-more[open]").count() == 0


def test_chart_and_variants_come_from_the_api(page: Page, server: str) -> None:
    """One /calculate with an axis draws the chart; the variants are households of one more request."""
    family = SHORT_FAMILIES[0]
    requests: list[dict[str, Any]] = []
    page.on(
        "request",
        lambda r: requests.append(r.post_data_json) if r.url.endswith("/calculate") else None,
    )
    calc = CalculatorPage(page, server, "en").open()
    calc.fill(family, totals=True)
    calc.calculate()
    expect(page.locator("#change[data-ready=true]")).to_have_count(1)
    axes = [body for body in requests if "axes" in body]
    assert len(axes) == 1, "the chart is one request with an axis"
    chart = page.get_by_role("img", name="Monthly ASP against the family's income of the quarter")
    expect(chart).to_be_visible()
    assert "Your family: income ₸210,000" in chart.evaluate("svg => svg.querySelector('desc').textContent")
    rows = page.locator("#chart-table tbody tr")
    expect(rows).to_have_count(41)
    # The first point (no income) against the Python API.
    nothing = Family(
        key="no_income",
        region=family.region,
        month=family.month,
        members=tuple(Member(m.age, sex=m.sex) for m in family.members),
    )
    first = rows.first.locator("td")
    zero = expected(nothing)
    assert parse_money(first.nth(0).text_content() or "", "en") == pytest.approx(zero["asp_amount"], abs=0.01)
    assert parse_money(first.nth(1).text_content() or "", "en") == pytest.approx(
        zero["asp_child_supplement"], abs=0.01
    )
    # The lines: the youngest child turning 3 and the income at which ASP stops, computed.
    whatif = page.locator("#whatif")
    older = Family(
        key="child3",
        region=family.region,
        month=family.month,
        members=(*family.members[:3], Member(3)),
    )
    text = whatif.locator("[data-key=child3]").inner_text()
    assert text.startswith("When Member 4, the youngest child, turns 3: "), text
    amount = re.search(r"₸[\d,]+(?:\.\d+)?", text)
    assert amount, text
    shown = parse_money(amount.group(0), "en")
    assert shown == pytest.approx(expected(older)["asp_total"], abs=0.01)
    want = expected(family)
    threshold = want["poverty_line"] * 3 * want["household_size"]
    above = Family(
        key="above",
        region=family.region,
        month=family.month,
        members=(
            Member(34, income=(("wage_income", int(threshold) + 1),)),
            *(Member(m.age, sex=m.sex) for m in family.members[1:]),
        ),
    )
    assert expected(above)["asp_amount"] == 0
    expect(whatif.locator("[data-key=above]")).to_have_text(
        f"With income of the quarter above ₸{threshold:,.0f}: no ASP."
    )


def test_link_reopens_the_family_and_print(browser: Browser, page: Page, server: str) -> None:
    family = SHORT_FAMILIES[2]
    calc = CalculatorPage(page, server, "kk").open()
    calc.fill(family, totals=True)
    calc.calculate()
    link = page.get_by_label(calc.s["share.label"], exact=True).input_value()
    assert "#f=" in link and "?" in link
    total = calc.output_text("asp_total")
    # The answers travel in the fragment only: no request carries them.
    other = browser.new_context(viewport={"width": 1024, "height": 900})
    try:
        second = other.new_page()
        sent: list[str] = []
        second.on("request", lambda r: sent.append(r.url))
        second.goto(link)
        again = CalculatorPage(second, server, "kk")
        again.wait_for_result()
        expect(second.locator("#out-asp_total")).to_have_text(total)
        expect(again.member(4).get_by_label(again.s["m.age"] + " *", exact=True)).to_have_value("10")
        assert not any("#" in url or "f=" in url.split("?")[-1] for url in sent), sent
    finally:
        other.close()
    # Print: the answers, the result, the reasons with references, the date and the disclaimer.
    page.emulate_media(media="print")
    expect(page.locator("#asp-form")).to_be_hidden()
    expect(page.locator(".share")).to_be_hidden()
    expect(page.locator("#answers")).to_be_visible()
    expect(page.locator("#printed")).to_be_visible()
    expect(page.locator(".disclaimer")).to_be_visible()
    expect(page.locator("#steps")).to_be_visible()
    assert page.locator("#steps a[href^='https://adilet.zan.kz']").count() >= 3
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_violations(page: Page, server: str, lang: str) -> None:
    """axe-core (WCAG 2.0/2.1 A and AA): no serious or critical violation on the form and the result."""
    calc = CalculatorPage(page, server, lang).open()
    for details in page.locator("details").all():
        details.evaluate("d => { d.open = true; }")
    page.get_by_label(calc.s["form.income_person"], exact=True).check()
    assert _serious_violations(page) == []
    page.get_by_label(calc.s["form.income_family"], exact=True).check()
    calc.fill(SHORT_FAMILIES[0], totals=True)
    calc.calculate()
    expect(page.locator("#change[data-ready=true]")).to_have_count(1)
    assert _serious_violations(page) == []


# Visible options wider than their list (cut off), and controls less than 44 px high.
CHECK_PHONE = """() => {
    const out = [];
    const canvas = document.createElement("canvas").getContext("2d");
    for (const select of document.querySelectorAll("select")) {
        if (!select.offsetParent) continue;
        const style = getComputedStyle(select);
        canvas.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        for (const option of select.options) {
            if (canvas.measureText(option.text).width > room) out.push("cut: " + option.text);
        }
    }
    const targets = "button, select, input:not([type=checkbox]):not([type=radio]), summary, .check";
    for (const el of document.querySelectorAll(targets)) {
        if (!el.offsetParent) continue;
        const box = el.getBoundingClientRect();
        const name = el.id || el.textContent.trim().slice(0, 40);
        if (box.height < 44) out.push("small: " + name + " " + box.height);
    }
    return out;
}"""


def test_phone_390(browser: Browser, server: str) -> None:
    """On a 390 px phone: nothing scrolls sideways (the member table stacks), no option text is cut
    off, every control is at least 44 px high."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        for lang in ("en", "ru"):  # every option fits in each language (kk below, with a result)
            other = CalculatorPage(page, server, lang).open()
            page.get_by_role("button", name=other.s["form.add_member"], exact=True).click()
            for details in page.locator("details").all():
                details.evaluate("d => { d.open = true; }")
            page.locator("[data-var=age]").first.fill("40")
            assert page.evaluate(CHECK_PHONE) == [], lang
        calc = CalculatorPage(page, server, "kk").open()
        calc.fill(SHORT_FAMILIES[2], totals=True)
        for details in page.locator("details").all():
            details.evaluate("d => { d.open = true; }")
        calc.calculate()
        expect(page.locator("#change[data-ready=true]")).to_have_count(1)
        _check_short_result(calc, SHORT_FAMILIES[2])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        table = page.locator("#members-table").bounding_box()
        assert table is not None and table["x"] + table["width"] <= 390
        # No table of the result (members, the chart's figures) scrolls sideways inside its box either.
        wide = page.evaluate(
            "() => [...document.querySelectorAll('#results .table-wrap')]"
            ".filter((w) => w.offsetParent && w.scrollWidth > w.clientWidth + 1)"
            ".map((w) => w.innerText.slice(0, 40))"
        )
        assert wide == []
        problems = page.evaluate(CHECK_PHONE)
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["1 month", "2 months", "5 months", "21 months", "March 2024", "1 March 2026", "2 children"]),
        (
            "ru",
            ["1 месяц", "2 месяца", "5 месяцев", "21 месяц", "март 2024", "1 марта 2026 г.", "2 человека"],
        ),
        ("kk", ["1 ай", "2 ай", "5 ай", "21 ай", "2024 жылғы наурыз", "2026 жылғы 1 наурыз", "2 адам"]),
    ],
)
def test_months_and_plurals_in_words(page: Page, server: str, lang: str, words: list[str]) -> None:
    CalculatorPage(page, server, lang).open()
    got = page.evaluate(
        """() => {
            const c = window.aspCalculator;
            return [1, 2, 5, 21].map((n) => c.plural("plural.months", n)).concat([
                c.monthWords("2024-03"), c.dateWords(2026, 3, 1),
                c.plural(document.documentElement.lang === "en" ? "plural.children" : "plural.people", 2),
            ]);
        }"""
    )
    assert got == words
