"""The web API and the calculator page (``openfisca-kz-asp serve``)."""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """``openfisca_kz_asp.api.app.create_app``, imported on first use (Flask is slow to import)."""
    from openfisca_kz_asp.api.app import create_app as create  # noqa: PLC0415

    return create(*args, **kwargs)


__all__ = ["create_app"]
