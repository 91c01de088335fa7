"""The API's error type and JSON error body: ``{"error": first message, "errors": [...]}``."""

from __future__ import annotations

from typing import Any

from openfisca_kz_asp.i18n_texts import text


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON body for a list of ``{"path", "code", "message"}`` errors."""
    first = errors[0] if errors else {"path": "", "message": ""}
    where = f"{first['path']}: " if first.get("path") else ""
    return {"error": where + first["message"], "errors": errors}


class ApiError(Exception):
    """An error answered with ``status`` and a message from the i18n templates."""

    def __init__(self, status: int, path: str, code: str, lang: str = "en", /, **params: object) -> None:
        self.status = status
        message = text(f"errors.{code}", lang, **params)
        self.body = error_body([{"path": path, "code": code, "message": message}])
        super().__init__(message)
