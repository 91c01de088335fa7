"""Shared fixtures for the API tests: one tax-benefit system and one Flask app per session."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from openfisca_kz_asp import CountryTaxBenefitSystem
from openfisca_kz_asp.situation_examples import EXAMPLES


@pytest.fixture(scope="session")
def tbs() -> CountryTaxBenefitSystem:
    return CountryTaxBenefitSystem()


@pytest.fixture(scope="session")
def app(tbs):
    from openfisca_kz_asp.api import create_app  # noqa: PLC0415 - imported lazily: Flask is heavy

    application = create_app(tbs)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def example():
    def get(name: str = "single_mother_two_children") -> dict[str, Any]:
        return copy.deepcopy(EXAMPLES[name])

    return get
