"""Drives the calculator page the way a person does: through its visible labels and buttons.

Every control is found by its label in the page's current language (the strings come from the
page's own ``i18n/*.json``), never by CSS class, so a test fails if a label goes missing.
Displayed results are read as text and parsed back into numbers.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from calc_families import Family
from playwright.sync_api import Locator, Page, expect

import openfisca_kz_asp

STATIC = Path(openfisca_kz_asp.__file__).parent / "api" / "static"
LANGS = ("kk", "ru", "en")
DISABILITY_KEYS = {"none": "m.dis_none", "group_1": "m.dis_1", "group_2": "m.dis_2", "group_3": "m.dis_3"}


@cache
def strings(lang: str) -> dict[str, Any]:
    """The page's UI strings for ``lang``."""
    return json.loads((STATIC / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def parse_money(text: str, lang: str) -> float:
    """'₸41,155' (en), '41 155 ₸' (ru, kk), '13 718,33 ₸' -> float."""
    assert "₸" in text, f"no tenge sign in {text!r}"
    number = re.sub(r"[^\d,.-]", "", text)
    number = number.replace(",", "") if lang == "en" else number.replace(".", "").replace(",", ".")
    return float(number)


class CalculatorPage:
    def __init__(self, page: Page, base_url: str, lang: str) -> None:
        self.page = page
        self.base_url = base_url
        self.lang = lang
        self.s = strings(lang)

    def open(self) -> CalculatorPage:
        self.page.goto(f"{self.base_url}/?lang={self.lang}")
        expect(self.page.locator("body[data-ready=true]")).to_have_count(1)
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        return self

    def member_title(self, n: int) -> str:
        return (
            self.s["form.applicant_title"] if n == 1 else self.s["form.member_title"].replace("{n}", str(n))
        )

    def member(self, n: int) -> Locator:
        return self.page.get_by_role("group", name=self.member_title(n), exact=True)

    def month_field(self) -> Locator:
        return self.page.get_by_label(self.s["form.month"] + " *", exact=True)

    @staticmethod
    def _reveal(scope: Locator, control: Locator, summary: str) -> None:
        """Opens the <details> holding ``control`` by clicking its summary, if it is closed."""
        if not control.is_visible():
            scope.get_by_text(summary, exact=True).click()
        expect(control).to_be_visible()

    def fill(self, family: Family) -> None:
        s, page = self.s, self.page
        page.get_by_label(s["form.region"], exact=True).select_option(label=s["regions"][family.region])
        self.month_field().fill(family.month)
        for flag in family.household_flags:
            box = page.get_by_label(s[f"hh.{flag}"], exact=True)
            self._reveal(page.locator("body"), box, s["form.circumstances"])
            box.check()
        for n, member in enumerate(family.members, start=1):
            if n > 1:
                page.get_by_role("button", name=s["form.add_member"], exact=True).click()
            group = self.member(n)
            group.get_by_label(s["m.age"] + " *", exact=True).fill(str(member.age))
            group.get_by_label(s["m.sex"], exact=True).select_option(label=s[f"m.sex_{member.sex}"])
            group.get_by_label(s["m.disability_group"], exact=True).select_option(
                label=s[DISABILITY_KEYS[member.disability_group]]
            )
            for flag in member.flags:
                box = group.get_by_label(s[f"m.{flag}"], exact=True)
                self._reveal(group, box, s["m.situations"])
                box.check()
            for kind, amount in member.income:
                field = group.get_by_label(s[f"inc.{kind}"], exact=True)
                self._reveal(group, field, s["m.more_income"])
                field.fill(str(amount))

    def calculate(self) -> None:
        self.page.get_by_role("button", name=self.s["form.calculate"], exact=True).click()
        self.wait_for_result()

    def wait_for_result(self) -> None:
        done = self.s["status.done"].split("{")[0]
        expect(self.page.locator("#status")).to_contain_text(done, timeout=30_000)
        expect(self.page.get_by_role("heading", name=self.s["res.heading"], exact=True)).to_be_visible()

    # ---- reading the result ----
    def output_text(self, name: str) -> str:
        return self.page.locator(f"#out-{name}").inner_text().strip()

    def money(self, name: str) -> float:
        return parse_money(self.output_text(name), self.lang)

    def member_amount(self, n: int) -> float:
        row = self.page.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=self.member_title(n), exact=True)
        )
        return parse_money(row.get_by_role("cell").last.inner_text(), self.lang)
