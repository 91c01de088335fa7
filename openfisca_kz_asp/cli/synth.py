"""``openfisca-kz-asp synth``: write a SYNTHETIC household sample (Parquet)."""

from __future__ import annotations

import argparse

from openfisca_kz_asp.cli import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write a SYNTHETIC household sample of N households",
        description=(
            "Write a SYNTHETIC sample (never real survey data) into the folder PATH, its weights "
            "calibrated to the published aggregates (population, income, and poverty by region, "
            "rural areas and household size; each target with its status A/B/C/U): in one file when "
            "it fits in one chunk, chunk by chunk as Parquet parts otherwise (so a full-population "
            "file needs little memory)."
        ),
    )
    parser.add_argument("--households", type=int, required=True, metavar="N")
    parser.add_argument("--output", required=True, metavar="PATH", help="folder to write into")
    parser.add_argument("--seed", type=int, default=None, metavar="S")
    parser.add_argument("--chunk", type=int, default=None, metavar="N", help="households per Parquet part")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import Progress  # noqa: PLC0415

    from openfisca_kz_asp.microsim import synth  # noqa: PLC0415

    if args.households < 1:
        raise UserError("--households must be at least 1.")
    if args.chunk is not None and args.chunk < 1:
        raise UserError("--chunk must be at least 1.")
    seed = synth.DEFAULT_SEED if args.seed is None else args.seed
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("writing parts", total=None)
        try:
            info = synth.write_sample(
                args.households,
                args.output,
                seed=seed,
                chunk=args.chunk or synth.CHUNK_HOUSEHOLDS,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise UserError(str(error)) from None
    how = {
        True: "calibrated (see synthetic_calibration.md)",
        "pilot": f"{info['parts']} Parquet parts, weighted with a pilot sample's raking coefficients "
        "corrected on the whole file (see synthetic_calibration.csv and .md)",
    }[info["calibrated"]]
    print(
        f"Wrote a SYNTHETIC sample of {info['households']:,} households and {info['persons']:,} persons "
        f"into {args.output} ({how}; seed {seed})."
    )
    return 0
