"""The `roster` command: thin click adapters over the library (solve, check, repair).

Each command parses its options, calls the library (policy, team, monthly instance, solver,
validator, roster files) and turns the library's InputError into one line `Error: <file, sheet,
row, column: message>`. Exit codes: 0 success; 1 violations found (check, or a roster that breaks a
hard rule); 2 the hard rules cannot all hold (solve, repair); 3 an input error; 4 no roster found
within the time limit (the rules may still hold: try a longer --time-limit).
"""
from __future__ import annotations

import functools
import os
import sys
from datetime import date
from pathlib import Path

import click

from roster.calendar import build_days, parse_month
from roster.errors import InputError, RulesConflict

EXIT_VIOLATIONS, EXIT_CONFLICT, EXIT_INPUT, EXIT_NO_SOLUTION = 1, 2, 3, 4


class InputProblem(click.ClickException):
    exit_code = EXIT_INPUT


def reports_input_errors(fn):
    """Every InputError (and a RulesConflict raised early) becomes one line, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as err:
            raise InputProblem(str(err)) from None
        except RulesConflict as err:
            click.echo(str(err), err=True)
            sys.exit(EXIT_CONFLICT)
        except OSError as err:                             # e.g. --out names a file, or no permission
            raise InputProblem(f"{Path(err.filename).name if err.filename else 'output'}: "
                               f"{err.strerror or err}") from None
    return wrapper


# ------------------------------------------------------------------ shared options
def team_policy_options(fn):
    fn = click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path),
                      help="Policy file (TOML with [team] and [roster]).")(fn)
    fn = click.option("--team", "team_path", required=True, type=click.Path(path_type=Path),
                      help="Team workbook (sheets 员工 and 请假与偏好).")(fn)
    return fn


def solver_options(fn):
    fn = click.option("--workers", type=click.IntRange(1, 64), default=min(8, os.cpu_count() or 2),
                      show_default="this machine's cores, at most 8", help="Solver threads.")(fn)
    fn = click.option("--seed", type=int, default=0, show_default=True, help="Solver random seed.")(fn)
    fn = click.option("--time-limit", "time_limit", type=click.FloatRange(0.1), default=20.0, show_default=True,
                      help="Seconds the solver may search.")(fn)
    return fn


def previous_option(fn):
    return click.option("--previous", "previous_path", type=click.Path(path_type=Path), default=None,
                        help="Last month's roster (.csv or .xlsx): runs of work, C → A and blocks "
                             "continue across the month boundary.")(fn)


# ------------------------------------------------------------------ library plumbing
def _load(team_path: Path, policy_path: Path):
    from roster.policy import load_policy
    from roster.team import read_team

    policy = load_policy(policy_path)
    team = read_team(team_path, policy.team, tuple(policy.roster.shifts))
    return policy, team


def _instance(policy, team, year: int, month: int, previous_path: Path | None):
    from roster.monthly import build_month_instance
    from roster.roster_file import previous_codes, read_roster

    previous = None
    if previous_path is not None:
        table = read_roster(previous_path, tuple(policy.roster.shifts))
        expected = (year - 1, 12) if month == 1 else (year, month - 1)
        if (table.year, table.month) != expected:
            raise InputError(f"--previous is the roster of {table.year:04d}-{table.month:02d}, not of the month "
                             f"before {year:04d}-{month:02d}", file=previous_path)
        previous = previous_codes(table)
    return build_month_instance(policy, team, year, month, previous)


def _run_info(policy, team_path, policy_path, previous_path, year, month, command):
    from roster.excel import RunInfo, day_labels

    cal = policy.roster.calendar
    days = build_days(year, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove),
                      tuple(cal.promotion_days))
    return RunInfo(
        month=f"{year:04d}-{month:02d}", command=command, policy_file=policy_path, team_file=team_path,
        previous_file=previous_path, day_names=day_labels(days, cal.country),
        role_names={rid: r.name for rid, r in policy.team.roles.items()},
        shift_names={sid: f"{s.name + ' ' if s.name else ''}{s.start}–{s.end}" for sid, s in policy.roster.shifts.items()})


def _params(time_limit, workers, seed):
    from roster.solve import SolveParams

    return SolveParams(time_limit_s=time_limit, workers=workers, seed=seed, log_progress=True)


def _explain_and_exit(instance, params, result, what: str) -> None:
    """The hard rules cannot all hold (exit 2), or no roster was found in time (exit 4)."""
    if result.status == "INFEASIBLE":
        click.echo(f"{what}: the hard rules cannot all hold. Nothing was written.")
        from roster.explain import explain_infeasible

        for line in explain_infeasible(instance, params).lines:
            click.echo(f"  {line}")
        sys.exit(EXIT_CONFLICT)
    click.echo(f"{what}: no roster found within {params.time_limit_s:g} s (solver status {result.status}). "
               "Nothing was written; try a longer --time-limit.")
    sys.exit(EXIT_NO_SOLUTION)


def _echo_penalties(report) -> None:
    by_rule = report.penalty_by_rule()
    if by_rule:
        parts = ", ".join(f"{rule} {amount}" for rule, amount in sorted(by_rule.items(), key=lambda x: -x[1]))
        click.echo(f"soft penalty {report.total_penalty}: {parts}")
    else:
        click.echo("soft penalty 0")


def _echo_violations(report) -> None:
    for v in report.violations:
        click.echo(str(v))
    rules = report.violated_rules()
    click.echo(f"{len(report.violations)} violation(s) of {len(rules)} hard rule(s): {', '.join(rules)}")


# ------------------------------------------------------------------ commands
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Rosters for e-commerce customer-service teams: A/B/C shifts, 4 rest days a month, a daily
    on-duty person 值班, statutory holidays.

    \b
    Exit codes: 0 success; 1 violations found (check); 2 the hard rules cannot all hold
    (solve, repair); 3 an input error (one line naming file, sheet, row and column); 4 no roster
    found within the time limit.
    """


@main.command()
@team_policy_options
@click.option("--month", required=True, help="The month to plan, e.g. 2026-12.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for roster-YYYY-MM.xlsx and roster-YYYY-MM.csv.")
@previous_option
@solver_options
@reports_input_errors
def solve(team_path, policy_path, month, out_dir, previous_path, time_limit, seed, workers):
    """Plan a month: write DIR/roster-YYYY-MM.xlsx (grid) and DIR/roster-YYYY-MM.csv.

    \b
    Example:
        roster solve --team examples/team.xlsx --policy examples/policy.toml --month 2026-12 --out out --time-limit 20

    Runs the independent validator on the result: exit 0 when every hard rule holds. When the hard
    rules cannot all hold, exit 2 naming the conflicting rules and the days, shifts and roles that
    are short, and write nothing. Solver progress goes to stderr.
    """
    from roster.excel import write_roster_files
    from roster.split import solve_by_groups
    from roster.validate import check

    year, mon = parse_month(month)
    policy, team = _load(team_path, policy_path)
    instance = _instance(policy, team, year, mon, previous_path)
    params = _params(time_limit, workers, seed)
    click.echo(f"solving {year:04d}-{mon:02d}: {len(instance.people)} people, {instance.n_days} days, "
               f"time limit {time_limit:g} s", err=True)
    result = solve_by_groups(instance, params)
    if not result.ok:
        _explain_and_exit(instance, params, result, f"roster {year:04d}-{mon:02d}")
    report = check(instance, result.assignment)
    info = _run_info(policy, team_path, policy_path, previous_path, year, mon, "solve")
    info.status, info.objective, info.bound = result.status, result.objective, result.bound
    info.gap, info.wall_time = result.gap, result.wall_time
    paths = write_roster_files(out_dir, instance, result.assignment, report, info)
    click.echo(f"roster {info.month}: {result.status} in {result.wall_time:.1f} s, soft penalty "
               f"{report.total_penalty} (solver objective {result.objective}, bound {result.bound:.0f})")
    _echo_penalties(report)
    for path in paths:
        click.echo(f"wrote {path}")
    if not report.ok:
        _echo_violations(report)
        sys.exit(EXIT_VIOLATIONS)
    click.echo("every hard rule holds")


@main.command(name="check")
@click.argument("roster_path", metavar="ROSTER", type=click.Path(path_type=Path))
@team_policy_options
@click.option("--month", default=None, help="The roster's month, e.g. 2026-12 (default: read from the roster).")
@previous_option
@reports_input_errors
def check_command(roster_path, team_path, policy_path, month, previous_path):
    """Check a roster (.csv or the .xlsx grid, hand edits welcome) against every rule.

    \b
    Example:
        roster check out/roster-2026-12.xlsx --team examples/team.xlsx --policy examples/policy.toml

    Lists every violated hard rule with employee, day and figures (exit 1), or exit 0 when clean;
    soft penalties are summarised by rule.
    """
    from roster.roster_file import assignment_from_table, read_roster
    from roster.validate import check

    policy, team = _load(team_path, policy_path)
    table = read_roster(roster_path, tuple(policy.roster.shifts))
    year, mon = (table.year, table.month) if month is None else parse_month(month)
    if (table.year, table.month) != (year, mon):
        raise InputError(f"the roster is for {table.year:04d}-{table.month:02d}, not {year:04d}-{mon:02d}",
                         file=roster_path)
    instance = _instance(policy, team, year, mon, previous_path)
    report = check(instance, assignment_from_table(instance, table))
    if report.ok:
        click.echo(f"{roster_path.name}: every hard rule holds")
        _echo_penalties(report)
        return
    _echo_violations(report)
    _echo_penalties(report)
    sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("roster_path", metavar="ROSTER", type=click.Path(path_type=Path))
@click.option("--from", "from_text", required=True, help="First day to re-plan, e.g. 2026-12-10.")
@team_policy_options
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the new roster-YYYY-MM.xlsx and .csv.")
@previous_option
@solver_options
@reports_input_errors
def repair(roster_path, from_text, team_path, policy_path, out_dir, previous_path, time_limit, seed, workers):
    """Re-plan a month from a day on (someone fell sick or quit): days before it stay as they are.

    \b
    Example:
        roster repair out/roster-2026-12.csv --from 2026-12-10 --team examples/team.xlsx --policy examples/policy.toml --out out

    Update the team workbook first (new leave in 请假与偏好, a 离职日期). The new roster changes as
    few cells from --from on as possible and reports how many changed. Exit 2 (nothing written)
    when the hard rules cannot all hold with the days before --from kept.
    """
    from roster.excel import write_roster_files
    from roster.roster_file import assignment_from_table, read_roster
    from roster.solve import solve as solve_instance
    from roster.validate import check

    policy, team = _load(team_path, policy_path)
    table = read_roster(roster_path, tuple(policy.roster.shifts))
    year, mon = table.year, table.month
    try:
        start = date.fromisoformat(from_text.strip())
    except ValueError:
        raise InputError(f"--from must be a date like 2026-12-10, got {from_text!r}") from None
    instance = _instance(policy, team, year, mon, previous_path)
    days = [d.date for d in instance.days]
    if start not in days:
        raise InputError(f"--from {start} is not in the roster's month {year:04d}-{mon:02d}", file=roster_path)
    frozen = days.index(start)
    baseline = assignment_from_table(instance, table, fill_from=frozen)
    params = _params(time_limit, workers, seed)
    click.echo(f"repairing {year:04d}-{mon:02d} from {start}: {len(instance.people)} people, "
               f"time limit {time_limit:g} s", err=True)
    result = solve_instance(instance, params, baseline=baseline, freeze_before=frozen)
    if not result.ok:
        _explain_and_exit(instance, params, result, f"repair of {year:04d}-{mon:02d} from {start}")
    new = result.assignment
    changed = sum(1 for p in range(len(instance.people)) for d in range(frozen, instance.n_days)
                  if new.codes[p][d] != baseline.codes[p][d])
    duty_changed = sum(1 for d in range(frozen, instance.n_days)
                       if sorted(new.duty[d]) != sorted(baseline.duty[d] if d < len(baseline.duty) else []))
    if any(new.codes[p][d] != baseline.codes[p][d] for p in range(len(instance.people)) for d in range(frozen)):
        raise click.ClickException("internal error: the solver changed a day before --from; nothing written")
    report = check(instance, new)
    past = [v for v in report.violations if isinstance(v.day, date) and v.day < start]
    future = [v for v in report.violations if v not in past]
    info = _run_info(policy, team_path, policy_path, previous_path, year, mon, "repair")
    info.status, info.objective, info.bound = result.status, result.objective, result.bound
    info.gap, info.wall_time = result.gap, result.wall_time
    info.notes = [f"repaired from {start} (input {roster_path}): {changed} cell(s) changed, "
                  f"on-duty person changed on {duty_changed} day(s)"]
    paths = write_roster_files(out_dir, instance, new, report, info)
    click.echo(f"roster {info.month} repaired from {start}: {changed} cell(s) changed, on-duty person changed "
               f"on {duty_changed} day(s); {result.status} in {result.wall_time:.1f} s")
    _echo_penalties(report)
    for path in paths:
        click.echo(f"wrote {path}")
    for v in past:
        click.echo(f"before --from, kept as it was: {v}")
    if future:
        for v in future:
            click.echo(str(v))
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"every hard rule holds from {start} on")


if __name__ == "__main__":
    main()
