"""Takes the screenshots of docs/calculator.md from a running server (not a test).

openfisca-kz-asp serve --port 5055 &
python tests/browser/make_screenshots.py http://127.0.0.1:5055 docs/img

For each language (en, ru, kk) and each screen (a 1100 px desktop, a 390 px phone): the short
path filled in for the family of four with wages (``calculator_short_*``), the result with the
chart "How would the answer change?" (``calculator_chart_*``) and the printed result (print media,
``calculator_print_*``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from calc_families import SHORT_FAMILIES
from calc_page import LANGS, CalculatorPage
from conftest import CHROMIUM_FLAGS, _chromium
from playwright.sync_api import Browser, Page, expect, sync_playwright

LOCALES = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}
SCREENS = {"desktop": {"width": 1100, "height": 1000}, "phone": {"width": 390, "height": 844}}


def _top(page: Page, selector: str) -> float:
    """The element's top in page coordinates (``bounding_box`` is relative to the viewport)."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(selector).bounding_box()
    assert box is not None
    return box["y"]


def _shoot(page: Page, path: Path, top: float, height: float) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 1100
    full = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(
        path=path, full_page=True, clip={"x": 0, "y": top, "width": width, "height": min(height, full - top)}
    )


def shoot_language(browser: Browser, base_url: str, out: Path, lang: str, screen: str) -> None:
    phone = screen == "phone"
    context = browser.new_context(
        viewport=SCREENS[screen],
        device_scale_factor=1,
        is_mobile=phone,
        has_touch=phone,
        locale=LOCALES[lang],  # the browser's own month field follows the citizen's locale
    )
    page = context.new_page()
    calc = CalculatorPage(page, base_url, lang).open()
    calc.fill(SHORT_FAMILIES[0], totals=True)
    _shoot(page, out / f"calculator_short_{screen}_{lang}.png", 0, _top(page, "#calculate") + 70)
    calc.calculate()
    expect(page.locator("#change[data-ready=true]")).to_have_count(1)
    top = _top(page, "#results") - 10
    end = _top(page, "#explanation-heading")
    _shoot(page, out / f"calculator_chart_{screen}_{lang}.png", top, end - top)
    page.emulate_media(media="print")
    # From the top to the first two steps of the reasons, with their references.
    end = _top(page, "#steps > li:nth-child(3)")
    _shoot(page, out / f"calculator_print_{screen}_{lang}.png", 0, end)
    context.close()


def main(base_url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
        for lang in LANGS:
            for screen in SCREENS:
                shoot_language(browser, base_url, out, lang, screen)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
