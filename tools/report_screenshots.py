"""Screenshots of the microsimulation report for docs/microsim.md, in headless Chromium.

Runs the command of issue 11's "Done when" in each language on the embedded SYNTHETIC sample,

    openfisca-kz-asp simulate --period 2025 --set asp.poverty_line.rate=0.8@2025-01-01 --lang LANG

and writes docs/img/microsim_report_{en,ru,kk}.png (the top 1280 × 4000 pixels of the page),
microsim_report_map_en.png (the regions section) and microsim_report_sample_ru.png (the section on
the sample beside official figures). Needs the browser of scripts/install_browser.sh.

    .venv/bin/python tools/report_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
COMMAND = ["simulate", "--period", "2025", "--set", "asp.poverty_line.rate=0.8@2025-01-01"]
LANGUAGES = ("en", "ru", "kk")
WIDTH, HEIGHT = 1280, 4000
CHROMIUM = "/usr/bin/chromium"


def report(lang: str, folder: Path) -> Path:
    """The report of the issue's command in ``lang``, written into ``folder``."""
    cli = Path(sys.executable).parent / "openfisca-kz-asp"
    out = folder / lang
    subprocess.run([str(cli), *COMMAND, "--lang", lang, "--output", str(out)], check=True)
    return out / "report.html"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = {lang: report(lang, Path(tmp)) for lang in LANGUAGES}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for lang, path in pages.items():
            page.goto(path.as_uri())
            page.screenshot(path=IMG / f"microsim_report_{lang}.png")
            if lang == "en":
                page.locator("section#regions").screenshot(path=IMG / "microsim_report_map_en.png")
            if lang == "ru":
                page.locator("section#sample").screenshot(path=IMG / "microsim_report_sample_ru.png")
        browser.close()
    print(f"wrote the screenshots into {IMG}")


if __name__ == "__main__":
    main()
