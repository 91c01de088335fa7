"""The static site builds, every provision page exists and every internal link resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from openfisca_kz_asp.cli import main
from openfisca_kz_asp.provisions.coverage import Coverage
from openfisca_kz_asp.site import parameter_page, provision_page, variable_page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_provision_parameter_and_variable_has_a_page(site_dir: Path, coverage: Coverage):
    missing = [
        page
        for page in (
            [provision_page(pid) for pid in coverage.register]
            + [parameter_page(name) for name in coverage.parameters]
            + [variable_page(name) for name in coverage.variables]
            + ["index.html", "parameters/index.html", "variables/index.html", "tests/index.html"]
        )
        if not (site_dir / page).is_file()
    ]
    assert missing == []


def test_every_internal_link_and_anchor_resolves(site_dir: Path):
    pages = sorted(site_dir.rglob("*.html"))
    parsed = {page.resolve(): _parse(page) for page in pages}
    broken = []
    for page, links in parsed.items():
        for tag, _, url in links.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto"):
                assert tag == "a", (
                    f"{page.name}: <{tag}> loads {url} from the network (the site must work offline)"
                )
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir.resolve())}: {url}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site_dir.resolve())}: {url} (no such anchor)")
    assert broken == [], f"{len(broken)} broken links, e.g. {broken[:10]}"
    assert len(pages) > 200


def test_the_index_shows_the_coverage(site_dir: Path, coverage: Coverage):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    summary = coverage.summary()
    assert f"{summary['tested']} / {summary['encoded'] + summary['partly_encoded']}" in html
    assert "Закон рядом с кодом" in html and "The law beside the code" in html
    for pid in coverage.register:
        assert f'href="{provision_page(pid)}"' in html, pid


def test_a_provision_page_has_the_law_the_code_and_the_tests(site_dir: Path, coverage: Coverage):
    html = (site_dir / provision_page("law246.a2.p6.sp4")).read_text(encoding="utf-8")
    assert "престарелыми старше восьмидесяти лет" in html  # the Russian text
    assert "English rendering (unofficial)" in html
    assert "is_exempt_carer" in html  # an implementing variable
    assert "asp.eligibility.exemption.child_max_age" in html  # an implementing parameter
    tests = coverage.by_provision["law246.a2.p6.sp4"].tests
    if tests:
        assert tests[0].anchor in html and "Expected result" in html


def test_a_parameter_page_has_history_references_and_chart(site_dir: Path):
    html = (site_dir / parameter_page("asp.poverty_line.rate")).read_text(encoding="utf-8")
    assert "<svg" in html and "2019-04-01" in html and "Приказ МТСЗН № 160" in html


def test_a_law_provision_page_says_how_it_is_cited_after_june_2023(site_dir: Path):
    html = (site_dir / provision_page("law246.a2.p2.sp1")).read_text(encoding="utf-8")
    # Until 30 June 2023 the Law; from 1 July 2023 the Social Code's Art. 128 sp.1 (legal_gaps.md §2.1).
    assert "Law 246-II, Art. 2 p.2 sp.1" in html and "Social Code, Art. 128 sp.1" in html
    assert "Социальный кодекс, ст. 128 пп. 1" in html and "Әлеуметтік кодекс, 128-бап 1-тармақша" in html
    assert 'href="https://adilet.zan.kz/rus/docs/K2300000224"' in html
    amount = (site_dir / provision_page("law246.a7")).read_text(encoding="utf-8")
    assert "Social Code, article not identified (formerly Law 246-II, Art. 7)" in amount
    assert "adilet.zan.kz/rus/docs/Z010000246_" in amount  # the act itself


def test_a_variable_page_cites_its_provisions_under_both_acts(site_dir: Path):
    html = (site_dir / variable_page("asp_ineligibility_reason")).read_text(encoding="utf-8")
    assert "Law 246-II, Art. 2 p.2" in html and "Social Code, Art. 128" in html


def test_confidence_is_shown_apart_from_the_source_title(site_dir: Path):
    html = (site_dir / parameter_page("asp.poverty_line.published.astana")).read_text(encoding="utf-8")
    assert "[достоверность" not in html
    assert "confidence</span>" in html and ": medium)" in html


def test_the_command_builds_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "site"
    assert main(["site", "--output", str(out)]) == 0
    assert (out / "index.html").is_file() and (out / "static" / "style.css").is_file()
    assert "pages into" in capsys.readouterr().out


def test_the_command_rejects_a_file_as_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "a_file"
    target.write_text("x")
    assert main(["site", "--output", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
