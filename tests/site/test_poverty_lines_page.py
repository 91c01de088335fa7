"""The site's table of poverty lines by region and quarter (issue 8): every cell, its basis, its sources."""

from __future__ import annotations

import re
from pathlib import Path


def test_the_page_has_every_quarter_and_region_with_a_basis(site_dir: Path) -> None:
    html = (site_dir / "poverty_lines.html").read_text(encoding="utf-8")
    # 36 application quarters (2018-Q1 … 2026-Q4) × 21 columns (20 regions and "region unknown").
    assert len(re.findall(r"<tr><th>20\d\d-Q[1-4]</th>", html)) == 36
    cells = re.findall(r'<td class="num b-(\w+)"', html)
    assert len(cells) == 36 * 21
    assert set(cells) == {"published", "national_2019", "regional_minimum", "estimated", "projected"}
    # Astana, Q1 2026: 0.7 × (66,605 + 60,551 + 60,922) / 3 = 43,884.87 → 43,885, on its own minimum,
    # with the Bureau's October value among its sources.
    entry = re.search(r'<li id="astana-2026-Q1">(.*?)</li>', html, re.S)
    assert entry is not None
    assert "43,885" in entry.group(1) and "b-regional_minimum" in entry.group(1)
    assert "66 605" in entry.group(1)


def test_every_page_links_to_the_poverty_lines(site_dir: Path) -> None:
    assert 'href="poverty_lines.html"' in (site_dir / "index.html").read_text(encoding="utf-8")
