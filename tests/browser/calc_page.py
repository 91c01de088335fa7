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

from calc_families import Family, Member, family_totals
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
        self.interactions = 0

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

    def act(self) -> None:
        """Counts one interaction (a click, a fill or a choice in a list)."""
        self.interactions += 1

    def fill(self, family: Family, *, totals: bool = False) -> None:
        """Types ``family`` in; with ``totals``, income as the family's totals (the short path),
        else per person. Every click, fill and choice is counted in ``self.interactions``."""
        s, page = self.s, self.page
        region = page.get_by_label(s["form.region"], exact=True)
        if region.input_value() != family.region:
            region.select_option(label=s["regions"][family.region])
            self.act()
        self.month_field().fill(family.month)
        self.act()
        for flag in family.household_flags:
            box = page.get_by_label(s[f"hh.{flag}"], exact=True)
            self._reveal(page.locator("body"), box, s["form.circumstances"])
            box.check()
            self.act()
        if not totals:
            page.get_by_label(s["form.income_person"], exact=True).check()
            self.act()
        for n, member in enumerate(family.members, start=1):
            if n > 1:
                page.get_by_role("button", name=s["form.add_member"], exact=True).click()
                self.act()
            self._fill_member(n, member, with_income=not totals)
        if totals:
            section = page.locator("#income-section")
            for kind, amount in family_totals(family).items():
                field = section.get_by_label(s[f"inc.{kind}"], exact=True)
                if not field.is_visible():
                    section.get_by_text(s["m.more_income"], exact=True).click()
                    self.act()
                field.fill(str(amount))
                self.act()

    def _fill_member(self, n: int, member: Member, *, with_income: bool) -> None:
        s = self.s
        group = self.member(n)
        group.get_by_label(s["m.age"] + " *", exact=True).fill(str(member.age))
        self.act()
        sex = group.get_by_label(s["m.sex"], exact=True)
        if member.age >= 16:  # sex is asked from 16 (it sets the pension age)
            sex.select_option(label=s[f"m.sex_{member.sex}"])
            self.act()
        else:
            expect(sex).to_be_hidden()
        if member.disability_group != "none":
            group.get_by_label(s["m.disability_group"], exact=True).select_option(
                label=s[DISABILITY_KEYS[member.disability_group]]
            )
            self.act()
        for flag in member.flags:
            box = group.get_by_label(s[f"m.{flag}"], exact=True)
            if not box.is_visible():
                group.get_by_text(s["m.more"], exact=True).click()
                self.act()
            expect(box).to_be_visible()
            box.check()
            self.act()
        for kind, amount in member.income if with_income else ():
            field = group.get_by_label(s[f"inc.{kind}"], exact=True)
            if not field.is_visible():
                group.get_by_text(s["m.more_income"], exact=True).click()
                self.act()
            field.fill(str(amount))
            self.act()

    def calculate(self) -> None:
        self.page.get_by_role("button", name=self.s["form.calculate"], exact=True).click()
        self.act()
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

    def money_prefix(self, name: str) -> float:
        """The first amount of an output that says more ("₸94,629 for 1 month, …")."""
        text = self.output_text(name)
        match = re.match(r"^(₸?[\d\s\u00a0\u202f,.]+(?:\s?₸)?)", text)
        assert match, text
        return parse_money(match.group(1).strip(), self.lang)

    def member_amount(self, n: int) -> float:
        row = self.page.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=self.member_title(n), exact=True)
        )
        return parse_money(row.get_by_role("cell").last.inner_text(), self.lang)
