"""Takes the screenshots of docs/calculator.md from a running server (not a test).

openfisca-kz-asp serve --port 5055 &
python tests/browser/make_screenshots.py http://127.0.0.1:5055 docs/img
"""

from __future__ import annotations

import sys
from pathlib import Path

from calc_families import FAMILIES
from calc_page import CalculatorPage
from conftest import CHROMIUM_FLAGS, _chromium
from playwright.sync_api import Page, sync_playwright


def _page_box(page: Page, selector: str) -> dict[str, float]:
    """The element's box in page coordinates (``bounding_box`` is relative to the viewport)."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(selector).bounding_box()
    assert box is not None
    return box


def main(base_url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
        desktop = browser.new_context(viewport={"width": 1100, "height": 1000})
        page = desktop.new_page()
        calc = CalculatorPage(page, base_url, "en").open()
        calc.fill(FAMILIES[0])
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=out / "calculator_form_en.png")
        calc.calculate()
        box = _page_box(page, "#results")
        page.screenshot(
            path=out / "calculator_result_en.png",
            full_page=True,
            clip={"x": 0, "y": box["y"] - 10, "width": 1100, "height": 1500},
        )

        page = desktop.new_page()
        calc = CalculatorPage(page, base_url, "ru").open()
        calc.fill(FAMILIES[1])
        calc.calculate()
        box = _page_box(page, "#results")
        page.screenshot(
            path=out / "calculator_result_ru.png",
            full_page=True,
            clip={"x": 0, "y": box["y"] - 10, "width": 1100, "height": 1100},
        )

        phone = browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        page = phone.new_page()
        calc = CalculatorPage(page, base_url, "kk").open()
        calc.fill(FAMILIES[0])
        calc.calculate()
        page.evaluate("document.getElementById('results').scrollIntoView()")
        page.screenshot(path=out / "calculator_phone_kk.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
