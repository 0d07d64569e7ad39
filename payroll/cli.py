"""`payroll` command line: thin adapters over payroll.run and payroll.ledger (sqlite-utils style).

Every input error becomes one line `Error: file, sheet, row, column: message` and exit code 3, as in
`roster` (where 1 means violations found and 2 rules that cannot all hold); nothing is written unless
every input checks out.
"""
from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import click

from payroll.ledger import Ledger, LedgerError, month_key
from roster.calendar import parse_month
from roster.errors import InputError

DEFAULT_DB = "payroll-ledger.sqlite"
EXIT_INPUT = 3          # the same code as `roster` for an input error


class InputProblem(click.ClickException):
    """One line `Error: ...` and exit code 3."""

    exit_code = EXIT_INPUT


def _errors(fn):
    """Turn the library's own exceptions into one line `Error: ...` and exit code 3."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (InputError, LedgerError) as exc:
            raise InputProblem(str(exc)) from None
        except sqlite3.DatabaseError as exc:   # --db names a file that is not a SQLite ledger
            name = Path(kwargs["db"]).name if kwargs.get("db") else "ledger"
            raise InputProblem(f"{name}: not a payroll ledger ({exc})") from None
        except OSError as exc:                 # e.g. --out names a file, or no permission to write there
            name = Path(exc.filename).name if exc.filename else "output"
            raise InputProblem(f"{name}: {exc.strerror or exc}") from None
    return wrapper


def db_option(fn):
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
        envvar="PAYROLL_LEDGER",
        help="The SQLite pay ledger (history for later months, cumulative income tax). Default: "
             f"./{DEFAULT_DB} in the current directory, or $PAYROLL_LEDGER; pass the same --db to run, "
             "close and reopen.")(fn)


def month_option(fn):
    return click.option("--month", required=True, metavar="YYYY-MM", help="The month paid, e.g. 2026-11.")(fn)


def _month(text: str) -> str:
    return month_key(*parse_month(text))


@click.group()
@click.version_option(package_name="cs-roster-payroll")
def main() -> None:
    """Pay for customer-service teams: attendance + KPI sheet -> pay ledger and finance workbook.

    \b
    Exit codes: 0 success; 3 an input error (one line naming file, sheet, row and column) or the
    ledger refusing the month (closed, or an earlier month still open) -- the same code as `roster`
    for an input error; 2 a command-line usage error (unknown or missing option).
    """


@main.command()
@click.option("--team", required=True, type=click.Path(path_type=Path), help="Team workbook (sheet 员工).")
@click.option("--policy", required=True, type=click.Path(path_type=Path), help="Policy TOML ([payroll]).")
@click.option("--kpi", required=True, type=click.Path(path_type=Path), help="Monthly KPI workbook (月度考核).")
@click.option("--attendance", required=True, type=click.Path(path_type=Path),
              help="The month's roster: long CSV (employee_id,date,code,duty) or grid workbook.")
@month_option
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Directory for payroll-YYYY-MM.xlsx, .csv and -lines.csv.")
@db_option
@click.option("--opening-ytd", "opening_ytd", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Opening year-to-date per employee (.xlsx or .csv: 工号, 累计收入, 累计专项扣除, 累计专项附加扣除, "
                   "累计其他扣除, 累计已扣税, 已计月数) when adopting the tool mid-year; used for the income tax of "
                   "employees with no closed month of the year in the ledger.")
@_errors
def run(team, policy, kpi, attendance, month, out, db, opening_ytd):
    """Compute a month's pay, record it in the ledger (open) and write the finance workbook and CSVs.

    \b
    Example:
        payroll run --team team.xlsx --policy policy.toml --kpi kpi-2026-11.xlsx \\
            --attendance roster-2026-11.csv --month 2026-11 --out out --db out/payroll-ledger.sqlite

    An open month can be run again (its lines are replaced); a closed month refuses until reopened.
    The first month of a company adopting the tool mid-year adds --opening-ytd opening-2026.xlsx;
    later months take the year-to-date from the ledger's closed months.
    """
    from payroll.run import RunInputs, output_paths, run_month

    if out.exists() and not out.is_dir():      # an input error (exit 3), not a usage error
        raise InputError("--out names a file; give a directory", file=out)
    result = run_month(RunInputs(team, policy, kpi, attendance, opening_ytd), _month(month), db, out)
    t = result.register.totals
    for path in output_paths(out, result.month).values():
        click.echo(f"wrote {path}")
    click.echo(f"{result.month}: {len(result.register.rows)} employees, gross {t.gross:,.2f}, "
               f"social insurance {t.social_insurance:,.2f}, income tax {t.income_tax:,.2f}, net {t.net:,.2f}")
    if result.warnings:
        click.echo(f"{len(result.warnings)} statutory warning(s) (see sheet 人事预警)")
    if result.review:
        click.echo(f"{len(result.review)} review item(s) in 人事预警")
    for n in result.notices:
        click.echo(f"notice: {n}", err=True)
    click.echo(f"ledger {db}: {result.month} is open; freeze it with `payroll close --month {result.month}"
               f"{'' if str(db) == DEFAULT_DB else f' --db {db}'}`")


@main.command()
@month_option
@db_option
@_errors
def close(month, db):
    """Freeze a month in the ledger; later months build on it. Closing twice is harmless.

    \b
    Example:
        payroll close --month 2026-11 --db out/payroll-ledger.sqlite
    """
    month = _month(month)
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db}; run the month first (or pass --db)")
    with Ledger(db) as ledger:
        changed = ledger.close(month)
    click.echo(f"{month} closed" if changed else f"{month} was already closed; nothing changed")


@main.command()
@month_option
@click.option("--reason", required=True, help="Why the closed month must change (logged).")
@db_option
@_errors
def reopen(month, reason, db):
    """Open a closed month again — the only way to change it; the reason is logged.

    \b
    Example:
        payroll reopen --month 2026-11 --reason "KF008 annual leave entered as personal leave"
    """
    month = _month(month)
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db} (pass --db)")
    with Ledger(db) as ledger:
        ledger.reopen(month, reason)
    click.echo(f"{month} reopened (logged: {reason}); run it again, then close it")


if __name__ == "__main__":
    main()
