"""The ``openfisca-kz-asp`` command.

Each subcommand lives in its own module of this package and exposes
``register(subparsers) -> None``, which adds its parser and sets ``func`` (a callable taking the
parsed arguments and returning an exit code). Modules are discovered, so adding a subcommand
touches no other file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from openfisca_kz_asp.contract.languages import DEFAULT_LANGUAGE, LANGUAGES


class UserError(Exception):
    """A problem with what the user gave: printed as one clear message, exit code 2."""


def add_language_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--lang``: the package's languages (one home, ``openfisca_kz_asp.contract.languages``)."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=f"{what} (default {DEFAULT_LANGUAGE})"
    )


def add_parameter_change_option(parser: argparse.ArgumentParser) -> None:
    """``--set PATH=VALUE@DATE`` (repeatable): changes of any parameter, read by ``parametric_reform``."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        dest="set_parameters",
        metavar="PATH=VALUE@DATE",
        help="change any parameter from a date, e.g. asp.poverty_line.rate=0.8@2025-01-01 (add ..END "
        "to end it: @2025-01-01..2025-12-31); repeatable, all --set together make one reform",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered subcommand."""
    parser = argparse.ArgumentParser(
        prog="openfisca-kz-asp",
        description="Kazakhstan's targeted social assistance (ASP) as code: calculate, simulate, serve.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``openfisca-kz-asp`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        print(f"openfisca-kz-asp {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
