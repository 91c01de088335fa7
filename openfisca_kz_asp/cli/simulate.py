"""``openfisca-kz-asp simulate``: budget impact of ASP on microdata (the SYNTHETIC sample by default)."""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openfisca_kz_asp.microsim.results import Results
    from openfisca_kz_asp.microsim.takeup import TakeUp

from openfisca_kz_asp.cli import UserError, add_language_option, add_parameter_change_option


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number >= 1, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number >= 1, not {text!r}")
    return value


def rate(text: str) -> float:
    """An argparse type: a share from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number from 0 to 1, not {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a number from 0 to 1, not {text!r}")
    return value


def year(text: str) -> int:
    """An argparse type: a calendar year such as 2024."""
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise argparse.ArgumentTypeError(f"a year such as 2024, not {text!r}")
    return int(text)


def check_output_folder(path: Path) -> None:
    """The outputs can be written into ``path`` (an existing folder, or one that can be made)."""
    if path.exists():
        if not path.is_dir():
            raise UserError(f"--output {path}: exists and is not a folder; give a folder for the outputs.")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UserError(f"--output {path}: the folder is not writable.")
        return
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UserError(f"--output {path}: {parent} is a file, not a folder; give a folder for the outputs.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"--output {path}: cannot create it, {parent} is not writable.")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="budget impact on survey microdata (embedded SYNTHETIC sample by default)",
        description=(
            "Simulate ASP (baseline and reforms) on microdata over a month, quarter or year; print the "
            "summary table and write summary.json, one CSV per table and report.html into --output."
        ),
    )
    parser.add_argument(
        "--data", help="dataset folder (households + persons tables); default: embedded SYNTHETIC sample"
    )
    parser.add_argument("--period", default="2024", help="2024 (year), 2024-Q2 (quarter) or 2024-05 (month)")
    parser.add_argument(
        "--reform",
        action="append",
        default=[],
        metavar="NAME",
        help="registry reform, e.g. caregiver_threshold_7_years or poverty_line_share:0.8 (repeatable)",
    )
    add_parameter_change_option(parser)
    parser.add_argument(
        "--reform-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a reform of parameter changes in YAML (name, description, changes: see docs/microsim.md); "
        "repeatable, one scenario per file",
    )
    parser.add_argument("--output", default="asp-simulation", metavar="DIR", help="folder for the outputs")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)"
    )
    parser.add_argument("--take-up-unconditional", type=rate, default=None, metavar="RATE")
    parser.add_argument("--take-up-conditional", type=rate, default=None, metavar="RATE")
    parser.add_argument("--no-uprating", action="store_true", help="use survey-year incomes for every year")
    parser.add_argument(
        "--income-year",
        type=year,
        default=None,
        metavar="YEAR",
        help="year of the data's incomes (wins over metadata.json and the Parquet metadata)",
    )
    parser.add_argument(
        "--assume-zero",
        action="append",
        default=[],
        metavar="COLUMN",
        help="take this income column as 0 where the data lacks it or leaves cells blank (repeatable)",
    )
    parser.add_argument(
        "--partition-households",
        type=positive_int,
        default=None,
        metavar="N",
        help="households per task (whole number >= 1)",
    )
    parser.add_argument(
        "--processes",
        type=positive_int,
        default=None,
        metavar="N",
        help="local engine: worker processes (default one per processor as the memory available "
        "allows, at most one per task; 1: all in this process); the figures are the same whatever N",
    )
    parser.add_argument("--no-html", action="store_true", help="skip the HTML report (CSV and JSON only)")
    add_language_option(parser, "language of the report and the summary")
    parser.add_argument(
        "--replicates",
        type=int,
        default=None,
        metavar="N",
        help="bootstrap replicates over households for the 90%% intervals (0: none; default 100)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    from openfisca_kz_asp.microsim import api, build, engine  # noqa: PLC0415
    from openfisca_kz_asp.microsim.loader import MicrodataError, find_parts, resolve_options  # noqa: PLC0415
    from openfisca_kz_asp.microsim.processes import WorkerDiedError  # noqa: PLC0415
    from openfisca_kz_asp.microsim.report import print_summary  # noqa: PLC0415
    from openfisca_kz_asp.microsim.takeup import TakeUp  # noqa: PLC0415
    from openfisca_kz_asp.parametric_reform import (  # noqa: PLC0415
        ParameterChangeError,
        command_line_message,
        from_command_line,
    )
    from openfisca_kz_asp.reform_registry import UnknownReformError  # noqa: PLC0415

    if args.scheduler and args.engine != "dask":
        raise UserError("--scheduler needs --engine dask.")
    if args.processes is not None and args.engine != "local":
        raise UserError("--processes applies to --engine local; a Dask cluster's workers are its own.")
    defaults = TakeUp()
    try:
        take_up = TakeUp(
            unconditional=defaults.unconditional
            if args.take_up_unconditional is None
            else args.take_up_unconditional,
            conditional=defaults.conditional
            if args.take_up_conditional is None
            else args.take_up_conditional,
        )
    except ValueError as error:
        raise UserError(str(error)) from None
    out = Path(args.output)
    check_output_folder(out)
    try:  # fail fast, before the progress bar is drawn
        months = engine.months_of(args.period)
        reforms = [*args.reform, *from_command_line(args.set_parameters, args.reform_file)]
        api.check_reforms(reforms)
        root = args.data or api.EMBEDDED_SAMPLE
        options = resolve_options(
            root, find_parts(root), assume_zero=args.assume_zero, income_year=args.income_year
        )
        build.uprating_statement(
            options.income_year, options.income_year_source, months[0].start.year, uprate=not args.no_uprating
        )
    except ParameterChangeError as error:
        raise UserError(command_line_message(error)) from None
    except (UnknownReformError, ValueError) as error:
        raise UserError(str(error)) from None
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("simulating", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            results = api.simulate(
                args.data,
                period=args.period,
                reforms=reforms,
                take_up=take_up,
                engine_name=args.engine,
                scheduler=args.scheduler,
                uprate=not args.no_uprating,
                partition_households=args.partition_households or api.PARTITION_HOUSEHOLDS,
                replicates=engine.REPLICATES if args.replicates is None else args.replicates,
                assume_zero=args.assume_zero,
                income_year=args.income_year,
                progress=progress,
                processes=args.processes,
            )
        except (MicrodataError, UnknownReformError, ValueError, OSError, WorkerDiedError) as error:
            raise UserError(str(error)) from None
    print_summary(results, Console(), lang=args.lang)
    try:
        written = results.write(out)
        if not args.no_html:
            written.append(_write_report(results, out / "report.html", args, take_up))
    except OSError as error:
        raise UserError(f"--output {out}: cannot write the outputs ({error}).") from None
    Console().print(
        f"Wrote {len(written)} files into {out}/ (summary.json, CSV tables"
        f"{', report.html' if not args.no_html else ''})."
    )
    return 0


def _write_report(results: Results, path: Path, args: argparse.Namespace, take_up: TakeUp) -> Path:
    """report.html, with the validation runs the data is small enough for (same data options)."""
    from openfisca_kz_asp.microsim.report import write_html  # noqa: PLC0415
    from openfisca_kz_asp.microsim.report_validation import cheap_validation_runs  # noqa: PLC0415
    from openfisca_kz_asp.microsim.validation import cheap_regional_tables  # noqa: PLC0415

    same = {
        "uprate": not args.no_uprating,
        "take_up": take_up,
        "assume_zero": args.assume_zero,
        "income_year": args.income_year,
    }
    runs = cheap_validation_runs(results, args.data, **same)
    regional = cheap_regional_tables(results, args.data, **same)
    return write_html(results, path, lang=args.lang, runs=runs, validation=regional)
