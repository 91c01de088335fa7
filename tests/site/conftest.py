"""Shared fixtures of the law-beside-code checks: the coverage and one built site per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from openfisca_kz_asp.provisions.coverage import Coverage, build_coverage

TESTS_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def coverage() -> Coverage:
    return build_coverage(TESTS_DIR)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, coverage: Coverage) -> Path:
    from openfisca_kz_asp.site import build_site  # noqa: PLC0415

    out = tmp_path_factory.mktemp("site")
    build_site(out, coverage=coverage)
    return out
