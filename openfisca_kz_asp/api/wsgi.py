"""WSGI entry point for gunicorn: ``gunicorn 'openfisca_kz_asp.api.wsgi:application'``."""

from __future__ import annotations

from openfisca_kz_asp.api.app import create_app

application = create_app()
