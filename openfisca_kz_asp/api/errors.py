"""The API's error type and JSON error body: ``{"error": every message, "errors": [...]}``."""

from __future__ import annotations

from typing import Any

from openfisca_kz_asp.i18n_texts import shown, text

MAX_LISTED = 20  # problems spelt out in the top-level ``error`` string; ``errors`` has them all


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON body for a list of ``{"path", "code", "message"}`` errors.

    ``error`` lists every problem (``path: message``, separated by ``; ``), so that a client that
    shows only that string still shows them all; past ``MAX_LISTED`` it ends with ``… (+N)``.
    """
    if not errors:
        errors = [{"path": "", "code": "internal", "message": text("errors.internal", "en", ref="-")}]
    listed = [
        f"{problem['path']}: {problem['message']}" if problem.get("path") else str(problem["message"])
        for problem in errors[:MAX_LISTED]
    ]
    if len(errors) > MAX_LISTED:
        listed.append(f"… (+{len(errors) - MAX_LISTED})")
    return {"error": "; ".join(listed), "errors": errors}


class ApiError(Exception):
    """An error answered with ``status`` and a message from the i18n templates.

    ``headers`` go with the answer (``Allow`` on a 405).
    """

    def __init__(self, status: int, path: str, code: str, lang: str = "en", /, **params: object) -> None:
        self.status = status
        self.headers: dict[str, str] = {}
        message = text(f"errors.{code}", lang, **params)
        self.body = error_body([{"path": path, "code": code, "message": message}])
        super().__init__(message)

    @classmethod
    def listing(cls, status: int, errors: list[dict[str, Any]]) -> ApiError:
        """Several problems found in one request (each ``{"path", "code", "message"}``), one status."""
        error = cls.__new__(cls)
        Exception.__init__(error, "; ".join(str(e["message"]) for e in errors))
        error.status = status
        error.headers = {}
        error.body = error_body(errors)
        return error

    def with_headers(self, **headers: str) -> ApiError:
        """The same error with these response headers (``Allow="POST"``)."""
        self.headers.update(headers)
        return self


def problem(path: str, code: str, lang: str = "en", /, **params: object) -> dict[str, Any]:
    """One ``{"path", "code", "message"}`` entry, its message from the i18n templates."""
    return {"path": path, "code": code, "message": text(f"errors.{code}", lang, **params)}


__all__ = ["MAX_LISTED", "ApiError", "error_body", "problem", "shown"]  # shown: from i18n_texts
