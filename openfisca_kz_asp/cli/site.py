"""``openfisca-kz-asp site --output DIR``: the static law-beside-code site for reviewers."""

from __future__ import annotations

import argparse
from pathlib import Path

from openfisca_kz_asp.cli import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "site",
        help="build the static law-beside-code site (provisions, parameters, variables, tests)",
        description=(
            "Write a static HTML site into DIR: a page per provision of the law (Russian text, English "
            "rendering, status, implementing code, tests as tables), a page per parameter (dated history, "
            "references, chart) and an index with the coverage. Open DIR/index.html in a browser; no "
            "server is needed."
        ),
    )
    parser.add_argument(
        "--output", "-o", required=True, metavar="DIR", help="folder to write (created if needed)"
    )
    parser.add_argument(
        "--tests",
        metavar="DIR",
        help="folder of the YAML tests to show (default: the checkout's tests/ folder, if any)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with code 1 when the coverage checks find a problem (for CI)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openfisca_kz_asp.provisions import RegisterError  # noqa: PLC0415 (keep `--help` fast)
    from openfisca_kz_asp.provisions.coverage import build_coverage  # noqa: PLC0415
    from openfisca_kz_asp.provisions.links import default_tests_folder  # noqa: PLC0415
    from openfisca_kz_asp.site import build_site  # noqa: PLC0415

    output = Path(args.output)
    if output.exists() and not output.is_dir():
        msg = f"--output {output} is a file; give a folder"
        raise UserError(msg)
    tests = Path(args.tests) if args.tests else default_tests_folder()
    if args.tests and not Path(args.tests).is_dir():
        msg = f"--tests {args.tests}: no such folder"
        raise UserError(msg)
    try:
        coverage = build_coverage(tests)
    except (RegisterError, ValueError) as error:
        raise UserError(str(error)) from None
    try:
        report = build_site(output, coverage=coverage)
    except OSError as error:
        msg = f"cannot write the site into {output}: {error.strerror or error}"
        raise UserError(msg) from None
    s = report.summary
    implemented = s["encoded"] + s["partly_encoded"]
    print(f"Wrote {len(report.pages)} pages into {output.resolve()} (open index.html).")
    print(
        f"Provisions: {s['provisions']} — encoded {s['encoded']}, partly encoded {s['partly_encoded']}, "
        f"out of scope {s['out_of_scope']}, text not retrieved {s['not_retrieved']}."
    )
    print(
        f"Tested: {s['tested']} of {implemented} encoded or partly encoded ({s['untested']} untested); "
        f"{s['tests']} YAML tests read from {tests if tests else '(no tests folder)'}."
    )
    if tests is None:
        print("No tests/ folder found (installed package?): pass --tests DIR to show the YAML tests.")
    if report.problem_count:
        for check, items in report.problems.items():
            if items:
                print(f"Problem: {check}: {', '.join(items[:10])}{' …' if len(items) > 10 else ''}")
        return 1 if args.strict else 0
    print("No problem found.")
    return 0
