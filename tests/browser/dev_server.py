"""A stand-in server for the browser tests: the calculator page plus the stock OpenFisca web API.

Used only when the package has no ``openfisca-kz-asp serve`` command. It runs the package's
own app (``openfisca_kz_asp.api.app``) when it can be imported; otherwise it serves
``openfisca_kz_asp/api/static/`` at ``/`` and passes every other path to ``openfisca_web_api``'s
app (so ``/calculate`` works; ``/explain`` answers 404 and the page falls back to ``/calculate``).

Run: ``python tests/browser/dev_server.py PORT``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openfisca_web_api.app import create_app
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.serving import run_simple

import openfisca_kz_asp
from openfisca_kz_asp.system import CountryTaxBenefitSystem

STATIC = Path(openfisca_kz_asp.__file__).parent / "api" / "static"


def build_app() -> Callable[..., Iterable[bytes]]:
    """The package's own API app when it exists (it serves the page), else static files + stock API."""
    try:
        from openfisca_kz_asp.api.app import create_app as create_package_app  # noqa: PLC0415
    except ImportError:
        pass
    else:
        return create_package_app()
    api = create_app(CountryTaxBenefitSystem())
    static = SharedDataMiddleware(api, {"/": str(STATIC)})

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in ("", "/"):
            environ["PATH_INFO"] = "/index.html"
        return static(environ, start_response)

    return app


if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), build_app(), threaded=True)
