"""Microsimulation benchmark: OpenFisca against a hand-written numpy computation of the same amounts.

    python benchmarks/bench_microsim.py                       # 1,000,000 households, everything
    python benchmarks/bench_microsim.py --households 100000 --repeat 3

Part 1 (one month, baseline + reform ``caregiver_threshold_7_years``): for each repetition,
build the simulations by filling the populations directly, compute asp_amount,
asp_child_supplement and asp_type, and compute the same amounts with numpy on the same arrays;
check they agree (allclose) and print medians. Part 2 (a fresh process): a full year, 12 months,
baseline + reform, through the whole pipeline (``simulate``: inputs, OpenFisca, float64
aggregates) with its default tasks of 250,000 households (``--partition-households`` to change)
on its default processes, one per processor (``--processes`` to change), with its wall time, the
CPU seconds of all its processes and their peak memory (the largest sum of their proportional set
sizes, PSS, sampled every 0.2 s; at least this process's ru_maxrss). Data: SYNTHETIC households from
openfisca_kz_asp.microsim.synth (uniform weights). Aggregates are summed in float64.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

import numpy as np
from openfisca_core import periods

from openfisca_kz_asp import subsistence_minimum
from openfisca_kz_asp.enums import AspType, DisabilityGroup, Region, Sex
from openfisca_kz_asp.formula_helpers import reference_quarter
from openfisca_kz_asp.microsim import engine, synth, validate_frames
from openfisca_kz_asp.microsim.build import Inputs, new_simulation, prepare
from openfisca_kz_asp.microsim.format import PERSON_COLUMNS
from openfisca_kz_asp.microsim.takeup import TakeUp

REFORM = "caregiver_threshold_7_years"
MONTH = "2024-05"


def make_data(n_households: int, seed: int = 1):
    households, persons = synth.generate(n_households, seed=seed)
    households["household_weight"] = 5.6e6 / n_households
    return validate_frames(households, persons, is_synthetic=True, income_year=synth.INCOME_YEAR)


def numpy_line(parameters, month: periods.Period) -> np.ndarray:
    """The poverty line of each region: published for region and quarter; else the single national
    line (2019); else the rate × the region's statistical minimum of the reference quarter (the data
    have no median income)."""
    p = parameters(month.start)
    published = np.array([p.asp.poverty_line.published[r.name] for r in Region], dtype=np.float64)
    minimums = subsistence_minimum.table(parameters)
    base = minimums.quarterly[:, minimums.quarter_column(str(reference_quarter(month).start)[:7])]
    by_rule = np.floor(p.asp.poverty_line.rate * base + 0.5 + 1e-9)
    national = float(p.asp.poverty_line.national_single_line)
    return np.where(published > 0, published, national if national > 0 else by_rule)


def numpy_asp(inputs: Inputs, month: periods.Period, threshold: float, parameters) -> dict[str, np.ndarray]:
    """ASP amount, child supplement and type, by hand, for the rules that matter on this data."""
    p = parameters(month.start)
    hh = inputs.person_household
    n_h = inputs.n_households
    age = inputs.person["age"]
    female = np.asarray(inputs.person["sex"]) == Sex.female.index
    group = np.asarray(inputs.value("disability_group"))
    group_12 = (group == DisabilityGroup.group_1.index) | (group == DisabilityGroup.group_2.index)
    flag = {  # the person flags of the microdata format (as given, else the model's default)
        column.name: inputs.value(column.name) for column in PERSON_COLUMNS if column.kind == "bool"
    }
    lives = flag["lives_with_family"]

    # Pension age reached (whole-year ages): 12 × age against this year's limit in months, or, at the
    # end of last December, against last year's (a limit once reached stays reached).
    def limit_months(year: int) -> np.ndarray:
        ages = parameters(f"{year}-12-01").general.pension_age
        return np.round(12 * np.where(female, ages.women, ages.men))

    months = 12 * age
    reached = (months >= limit_months(month.start.year)) | (
        months - month.start.month >= limit_months(month.start.year - 1)
    )
    # Art. 1 sp.1-4: able-bodied from 16 to the pension age, not group I/II, no long illness
    able = (
        (age >= p.asp.eligibility.able_bodied_min_age) & ~reached & ~group_12 & ~flag["has_long_term_illness"]
    )
    # Art. 4 p.1: family members
    fam = p.asp.family
    excluded = (
        flag["is_on_full_state_support"]
        | flag["is_in_conscript_service"]
        | flag["is_imprisoned_or_in_compulsory_treatment"]
    )
    away_student = flag["is_full_time_student"] & (age >= fam.child_max_age) & (age < fam.student_max_age)
    member = ~excluded & (
        lives | (flag["works_away_from_family"] & able) | flag["studies_at_boarding_school"] | away_student
    )
    size = np.bincount(hh, weights=member, minlength=n_h)
    # countable income of the reference quarter (incomes are the same each month of the quarter)
    counted = p.asp.income.counted
    counted_kinds = {kind for kind in counted if counted[kind]}
    income = np.zeros(inputs.n_persons)
    ref_year = month.start.year if month.start.month > 3 else month.start.year - 1
    for name, values in inputs.income(ref_year).items():
        if name in counted_kinds:
            income += values.astype(np.float64) * 3
    total = np.bincount(hh, weights=income * member, minlength=n_h)
    pci = np.where(size > 0, total / np.maximum(size, 1) / 3, 0)
    pci = pci.astype(np.float32).astype(np.float64)  # OpenFisca's float variables are float32: same halves
    line = numpy_line(parameters, month)[np.asarray(inputs.household["region"])]
    # below the line; from July 2023 (Social Code Art. 128 sp.1) only income above it is refused
    low = pci <= line if p.asp.eligibility.income_at_line_is_low_income else pci < line
    # Art. 2 p.4: unconditional if no able-bodied member, or the only one cares for a dependant (outside
    # care counts for an elderly person: one who has reached the pension age)
    elderly = (
        reached
        if p.asp.eligibility.elderly_from_pension_age
        else age >= p.asp.eligibility.exemption.elderly_min_age
    )
    dependant = (
        ((age >= 0) & (age < threshold))
        | flag["is_disabled_child"]
        | group_12
        | (elderly & flag["needs_outside_care"])
    )
    has_dependant = np.bincount(hh, weights=dependant & member, minlength=n_h) > 0
    n_able = np.bincount(hh, weights=able & member, minlength=n_h)
    unconditional = (n_able == 0) | ((n_able == 1) & has_dependant)
    loan_bar = bool(p.asp.eligibility.bars.non_mortgage_loan_applies) & inputs.value("has_non_mortgage_loan")
    eligible = (size > 0) & low & ~loan_bar
    kind = np.where(
        eligible,
        np.where(unconditional, AspType.unconditional.index, AspType.conditional.index),
        AspType.none.index,
    )
    each = np.maximum(line - pci, 0)  # each member's amount, rounded half up to the tenge
    each = np.floor(each + 0.5 + 1e-9) if p.asp.amount.rounded_to_tenge else each
    amount = np.where(eligible, each * size, 0.0)
    sup = p.asp.child_supplement
    kids = np.bincount(hh, weights=(age >= sup.age_from) & (age <= sup.age_to) & member, minlength=n_h)
    supplement = np.where(eligible, kids * sup.amount_mrp * p.general.mrp, 0.0)
    return {"asp_amount": amount, "asp_child_supplement": supplement, "asp_type": kind}


def openfisca_asp(
    system, inputs: Inputs, month: periods.Period
) -> tuple[dict[str, np.ndarray], float, float]:
    t0 = time.perf_counter()
    simulation = new_simulation(system, inputs, month)
    t1 = time.perf_counter()
    out = {
        "asp_amount": simulation.calculate("asp_amount", month),
        "asp_child_supplement": simulation.calculate("asp_child_supplement", month),
        "asp_type": np.asarray(simulation.calculate("asp_type", month)),
    }
    t2 = time.perf_counter()
    return out, t1 - t0, t2 - t1


def stock_builder_seconds(system, inputs: Inputs) -> float:
    """Time OpenFisca's own array path (SimulationBuilder declare/join) on the same ids, once."""
    from openfisca_core.simulations import SimulationBuilder  # noqa: PLC0415

    t0 = time.perf_counter()
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", inputs.person_ids)
    households = builder.declare_entity("household", inputs.household_ids)
    roles = np.where(inputs.roles, "applicant", "member")
    builder.join_with_persons(households, inputs.person_household, roles)
    builder.build(system)
    return time.perf_counter() - t0


def bench_month(n_households: int, repeat: int) -> dict[str, object]:
    t = time.perf_counter()
    data = make_data(n_households)
    inputs = prepare(data)
    setup = time.perf_counter() - t
    month = periods.period(MONTH)
    systems = {"baseline": engine.system(), REFORM: engine.system(REFORM)}
    threshold = {
        "baseline": float(
            systems["baseline"].parameters(month.start).asp.eligibility.caregiver_child_max_age
        ),
        REFORM: 7.0,
    }
    rows = []
    for _ in range(repeat):
        row = {"build": 0.0, "openfisca": 0.0, "numpy": 0.0}
        for name, system in systems.items():
            t0 = time.perf_counter()
            expected = numpy_asp(inputs, month, threshold[name], system.parameters)
            row["numpy"] += time.perf_counter() - t0
            got, build, calc = openfisca_asp(system, inputs, month)
            row["build"] += build
            row["openfisca"] += calc
            for key in expected:
                assert np.allclose(got[key], expected[key], rtol=1e-5, atol=0.05), (name, key)
            row[f"cost_{name}"] = float(
                np.sum(
                    data.households["household_weight"].to_numpy()
                    * (got["asp_amount"].astype(np.float64) + got["asp_child_supplement"].astype(np.float64))
                )
            )
        rows.append(row)
    stock = stock_builder_seconds(systems["baseline"], inputs)
    kept = rows[1:] if len(rows) > 2 else rows  # the first repetition warms caches
    med = {k: statistics.median(r[k] for r in kept) for k in ("build", "openfisca", "numpy")}
    return {
        "households": inputs.n_households,
        "persons": inputs.n_persons,
        "repetitions": len(kept),
        "setup_seconds": setup,
        "median_build_seconds": med["build"],
        "median_openfisca_seconds": med["openfisca"],
        "median_numpy_seconds": med["numpy"],
        "openfisca_over_numpy": med["openfisca"] / med["numpy"],
        "build_over_openfisca": med["build"] / med["openfisca"],
        "stock_simulation_builder_seconds_one_scenario": stock,
        "monthly_cost_baseline_kzt": rows[-1]["cost_baseline"],
        "monthly_cost_reform_kzt": rows[-1][f"cost_{REFORM}"],
        "agree": True,
    }


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended (the
    simulation's worker processes, waited for when it returns): exact, unlike sampling."""
    own, ended = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


def bench_year(
    n_households: int, partition_households: int | None = None, processes: int | None = None
) -> dict[str, object]:
    """The year through ``simulate``, in tasks of ``partition_households`` households on
    ``processes`` processes (None: the package's defaults, what users get)."""
    import psutil  # noqa: PLC0415
    from _usage import Usage  # noqa: PLC0415

    from openfisca_kz_asp.microsim import simulate  # noqa: PLC0415

    data = make_data(n_households)
    options: dict[str, int] = {}
    if partition_households is not None:
        options["partition_households"] = partition_households
    if processes is not None:  # not passed otherwise: revisions before the option (--same-script) run too
        options["processes"] = processes
    usage = Usage([psutil.Process()])
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    results = simulate(data, period="2024", reforms=[REFORM], take_up=TakeUp(), **options)
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    peak, _ = usage.stop()
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # GiB, this process alone
    return {
        "households": data.n_households,
        "persons": data.n_persons,
        "processes": results.summary.get("processes", 1),
        "year_seconds_baseline_plus_reform": seconds,
        "cpu_seconds": cpu,
        # the largest summed PSS of this process and its workers, sampled every 0.2 s during the run
        "peak_gib": max(peak, own_peak),
        "peak_rss_gib": own_peak,
        "cost_annual_baseline_kzt": results.summary["baseline"]["cost_annual"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--part", choices=["all", "month", "year"], default="all")
    parser.add_argument(
        "--partition-households",
        type=int,
        help="year: households per task (default: the package's, as users run it)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        help="year: the local engine's processes (default: the package's, one per processor)",
    )
    args = parser.parse_args()
    if args.part == "month":
        print(json.dumps(bench_month(args.households, args.repeat)))
        return 0
    if args.part == "year":
        print(json.dumps(bench_year(args.households, args.partition_households, args.processes)))
        return 0
    results = {}
    for part in ("month", "year"):  # each in a fresh process, for clean timings and peak memory
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--part",
                part,
                "--households",
                str(args.households),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results[part] = json.loads(out.stdout.strip().splitlines()[-1])
    m, y = results["month"], results["year"]
    print(
        f"SYNTHETIC data: {m['households']:,} households, {m['persons']:,} persons; one month ({MONTH}), "
        f"baseline + {REFORM}, median of {m['repetitions']} runs"
    )
    print(f"  numpy (hand-written, same arrays)  {m['median_numpy_seconds']:.3f} s")
    print(
        f"  OpenFisca compute                  {m['median_openfisca_seconds']:.3f} s   "
        f"ratio {m['openfisca_over_numpy']:.2f} (issue 13: <= 1.25)"
    )
    print(
        f"  OpenFisca build (direct fill)      {m['median_build_seconds']:.4f} s   "
        f"{m['build_over_openfisca']:.3f} of compute (target <= 0.25)"
    )
    print(
        f"  (stock SimulationBuilder declare/join, one scenario, once: "
        f"{m['stock_simulation_builder_seconds_one_scenario']:.3f} s)"
    )
    print("  amounts agree (allclose): yes")
    print(
        "Full year 2024 (12 months), baseline + reform, whole pipeline: "
        f"{y['year_seconds_baseline_plus_reform']:.1f} s "
        f"(issue 13: <= 8 s) on {y['processes']} process(es), {y['cpu_seconds']:.1f} CPU s, "
        f"peak memory {y['peak_gib']:.2f} GiB (PSS of all processes; issue 13: < 3 GiB)"
    )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
