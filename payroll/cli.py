"""`payroll` command line: thin adapters over payroll.run and payroll.ledger (sqlite-utils style).

Everything it prints is for HR and finance clerks, Chinese first, in the `roster` command's style
(`已写出 …`). Every input error becomes one line `错误：文件，工作表 X，第 N 行，C 列（列名）：…` and exit
code 3, as in `roster` (where 1 means violations found and 2 rules that cannot all hold); nothing is
written unless every input checks out. Figures, file names, months, employee ids and the commands to
run are printed as they are.
"""
from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from pathlib import Path

import click

from payroll.ledger import Ledger, LedgerError, month_key
from roster.calendar import parse_month
from roster.cli import OS_PROBLEMS
from roster.errors import InputError

DEFAULT_DB = "payroll-ledger.sqlite"
EXIT_INPUT = 3          # the same code as `roster` for an input error
# statutory checks that fired (PayWarning.rule_id), as the run's summary line names them
WARNING_NAMES = {"minimum_wage": "低于最低工资", "fault_deduction_cap": "过失扣款超过上限",
                 "overtime_monthly_limit": "加班超过每月上限"}


class InputProblem(click.ClickException):
    """One line on stderr, 错误：…, and exit code 3."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", file=file, err=file is None)


def _errors(fn):
    """Turn the library's own exceptions into one line `错误：...` and exit code 3."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            raise InputProblem(exc.chinese()) from None
        except LedgerError as exc:
            raise InputProblem(exc.zh) from None
        except sqlite3.DatabaseError as exc:   # --db names a file that is not a SQLite ledger
            name = Path(kwargs["db"]).name if kwargs.get("db") else "账本"
            raise InputProblem(f"{name}：不是工资账本（{exc}）") from None
        except OSError as exc:                 # e.g. --out names a file, or no permission to write there
            name = Path(exc.filename).name if exc.filename else "输出"
            raise InputProblem(f"{name}：{OS_PROBLEMS.get(exc.errno, exc.strerror or exc)}") from None
    return wrapper


def help_option(fn):
    return click.help_option("-h", "--help", help="显示本帮助并退出。")(fn)


def db_option(fn):
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
        envvar="PAYROLL_LEDGER",
        help=f"SQLite 工资账本，默认 ./{DEFAULT_DB}（当前文件夹）或环境变量 $PAYROLL_LEDGER；以后各月的历史和"
             "累计预扣个税都从这里取，run、close、reopen 请用同一个 --db。")(fn)


def month_option(fn):
    return click.option("--month", required=True, metavar="YYYY-MM", help="发薪月份，如 2026-11。")(fn)


def _month(text: str) -> str:
    try:
        return month_key(*parse_month(text))
    except InputError as err:
        raise InputError(err.message, zh=f"月份应写成 2026-11 这样，现为“{text}”") from None


def _counts(keys, names: dict[str, str]) -> str:
    """'低于最低工资 17，过失扣款超过上限 1': how many of each kind, most first."""
    return "，".join(f"{names.get(k, k)} {n}" for k, n in Counter(keys).most_common())


@click.group()
@help_option
@click.version_option(package_name="cs-roster-payroll", help="显示版本并退出。", message="%(prog)s 版本 %(version)s")
def main() -> None:
    """电商客服工资：考勤 + 月度考核表 → 工资账本和给财务的工资工作簿。

    \b
    退出码：0 成功；3 输入有误（一行说明文件、工作表、行和列），或账本拒绝该月（已结账，或更早的月份还没结账），
            与 roster 的输入错误同一退出码；2 命令行用法错误（未知或缺少选项）。
    """


@main.command()
@help_option
@click.option("--team", required=True, type=click.Path(path_type=Path), help="团队工作簿（工作表 员工）。")
@click.option("--policy", required=True, type=click.Path(path_type=Path), help="策略文件（TOML，含 [payroll] 表）。")
@click.option("--kpi", required=True, type=click.Path(path_type=Path), help="月度考核表（工作表 月度考核）。")
@click.option("--attendance", required=True, type=click.Path(path_type=Path),
              help="当月考勤：排班长表 CSV（employee_id,date,code,duty）或排班表工作簿。")
@month_option
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="输出文件夹，写入 payroll-YYYY-MM.xlsx、.csv 与 -lines.csv。")
@db_option
@click.option("--opening-ytd", "opening_ytd", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="年中开始使用本工具时，每名员工本年的期初累计数（.xlsx 或 .csv：工号、累计收入、累计专项扣除、"
                   "累计专项附加扣除、累计其他扣除、累计已扣税、已计月数）；账本中本年还没有已结账月份的员工，"
                   "个税从这些数接着累计。")
@_errors
def run(team, policy, kpi, attendance, month, out, db, opening_ytd):
    """算一个月的工资：记入账本（未结账），写出给财务的工作簿和两个 CSV。

    \b
    示例：
        payroll run --team team.xlsx --policy policy.toml --kpi kpi-2026-11.xlsx --attendance roster-2026-11.csv --month 2026-11 --out out --db out/payroll-ledger.sqlite

    未结账的月份可以重新运行（原来的明细被替换）；已结账的月份要先用 payroll reopen 重新打开。

    年中开始使用本工具的公司，第一个月加 --opening-ytd opening-2026.xlsx；以后各月的个税累计数取自账本中已结账的月份。
    """
    from payroll.excel import KIND_LABELS
    from payroll.run import RunInputs, output_paths, run_month

    if out.exists() and not out.is_dir():      # an input error (exit 3), not a usage error
        raise InputError("--out names a file; give a directory", file=out, zh="这是一个文件，--out 要给一个文件夹")
    result = run_month(RunInputs(team, policy, kpi, attendance, opening_ytd), _month(month), db, out)
    t = result.register.totals
    for path in output_paths(out, result.month).values():
        click.echo(f"已写出 {path}")
    click.echo(f"工资 {result.month}：{len(result.register.rows)} 人，应发合计 {t.gross:,.2f}，"
               f"社保公积金 {t.social_insurance:,.2f}，个人所得税 {t.income_tax:,.2f}，实发合计 {t.net:,.2f}")
    if result.warnings:
        click.echo(f"法定检查提示 {len(result.warnings)} 条（{_counts((w.rule_id for w in result.warnings), WARNING_NAMES)}），"
                   "见工作表 人事预警")
    if result.review:
        click.echo(f"人事预警 {len(result.review)} 项（{_counts((r.kind for r in result.review), KIND_LABELS)}），"
                   "见工作表 人事预警")
    for n in result.notices:
        click.echo(f"提示：{n}", err=True)
    click.echo(f"账本 {db}：{result.month} 尚未结账；核对无误后运行 `payroll close --month {result.month}"
               f"{'' if str(db) == DEFAULT_DB else f' --db {db}'}` 结账")


@main.command()
@help_option
@month_option
@db_option
@_errors
def close(month, db):
    """结账：冻结账本中的一个月，以后各月以它为历史。重复结账不会改动任何东西。

    \b
    示例：
        payroll close --month 2026-11 --db out/payroll-ledger.sqlite
    """
    month = _month(month)
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db}; run the month first (or pass --db)",
                          zh=f"找不到账本 {db}；请先运行该月（或用 --db 指定账本）")
    with Ledger(db) as ledger:
        changed = ledger.close(month)
    click.echo(f"{month} 已结账" if changed else f"{month} 此前已结账，未作改动")


@main.command()
@help_option
@month_option
@click.option("--reason", required=True, help="为什么要改已结账的月份（记入日志）。")
@db_option
@_errors
def reopen(month, reason, db):
    """重新打开已结账的月份：这是修改它的唯一途径，原因记入日志。

    \b
    示例：
        payroll reopen --month 2026-11 --reason "KF008 的年假误录为事假" --db out/payroll-ledger.sqlite
    """
    month = _month(month)
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db} (pass --db)", zh=f"找不到账本 {db}（请用 --db 指定账本）")
    with Ledger(db) as ledger:
        ledger.reopen(month, reason)
    click.echo(f"{month} 已重新打开（原因已记录：{reason}）；请重新运行该月，核对后再结账")


if __name__ == "__main__":
    main()
