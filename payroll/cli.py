"""`payroll` command line: thin adapters over payroll.run and payroll.ledger (sqlite-utils style).

Everything it prints is for HR and finance clerks, Chinese first, in the `roster` command's style
(`已写出 …`). Every input error becomes one line `错误：文件，工作表 X，第 N 行，C 列（列名）：…` and exit
code 3, as in `roster` (where 1 means violations found and 2 rules that cannot all hold); nothing is
written unless every input checks out. A wrong command line is one line `错误：<选项>…` and exit code 3 too
(kefu.cli_common); a file that cannot be written or a ledger that cannot be opened or written names the
file and the cause (磁盘空间不足, 没有写入权限); "不是工资账本" is only said of a file that is not one. Figures, file names, months, employee ids and the commands to
run are printed as they are.
"""
from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from decimal import Decimal
from pathlib import Path

import click

from kefu.calendar import parse_month
from kefu.cli_common import Commands, FilePath, Folder, Month, help_option, os_problem, sqlite_problem, version_option
from kefu.errors import InputError
from payroll.ledger import Ledger, LedgerError, month_key

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
        except sqlite3.Error as exc:           # storage (read-only, disk full) or a file that is not a ledger
            raise InputProblem(sqlite_problem(exc, kwargs.get("db") or DEFAULT_DB)) from None
        except OSError as exc:                 # no permission to write, disk full, ...
            raise InputProblem(os_problem(exc)) from None
    return wrapper


def db_option(fn):
    return click.option(
        "--db", "db", type=FilePath(), default=DEFAULT_DB, show_default=True,
        envvar="PAYROLL_LEDGER",
        help=f"SQLite 工资账本，默认 ./{DEFAULT_DB}（当前文件夹）或环境变量 $PAYROLL_LEDGER；以后各月的历史和"
             "累计预扣个税都从这里取，run、close、reopen 请用同一个 --db。")(fn)


def month_option(fn):
    return click.option("--month", required=True, type=Month("2026-11"), help="发薪月份，如 2026-11。")(fn)


def _month(text: str) -> str:
    try:
        return month_key(*parse_month(text))
    except InputError as err:
        raise InputError(err.message, zh=f"月份应写成 2026-11 这样，现为“{text}”") from None


def _counts(keys, names: dict[str, str]) -> str:
    """'低于最低工资 17，过失扣款超过上限 1': how many of each kind, most first."""
    return "，".join(f"{names.get(k, k)} {n}" for k, n in Counter(keys).most_common())


@click.group(cls=Commands)
@help_option
@version_option
def main() -> None:
    """电商客服工资：考勤 + 月度考核表 → 工资账本和给财务的工资工作簿。

    \b
    退出码：0 成功；3 输入有误（一行说明文件、工作表、行和列），或账本拒绝该月（已结账，或更早的月份还没结账），
            或命令行用法有误（一行说明哪个选项），或无法写出文件、打开账本（说明文件和原因），与 roster 同一退出码
            （roster 的 2 表示硬约束无法同时满足，payroll 不用）；
            已结账月份的数据被改动过（封存不符）也是 3。
    """


@main.command()
@help_option
@click.option("--team", required=True, type=click.Path(path_type=Path), help="团队工作簿（工作表 员工）。")
@click.option("--policy", required=True, type=click.Path(path_type=Path), help="策略文件（TOML，含 [payroll] 表）。")
@click.option("--kpi", required=True, type=click.Path(path_type=Path), help="月度考核表（工作表 月度考核）。")
@click.option("--attendance", required=True, type=click.Path(path_type=Path),
              help="当月考勤：排班长表 CSV（employee_id,date,code,duty）或排班表工作簿。")
@month_option
@click.option("--out", required=True, type=Folder(),
              help="输出文件夹，写入 payroll-YYYY-MM.xlsx、.csv 与 -lines.csv。")
@db_option
@click.option("--opening-ytd", "opening_ytd", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="年中开始使用本工具时，每名员工本年的期初累计数（.xlsx 或 .csv：工号、累计收入、累计专项扣除、"
                   "累计专项附加扣除、累计其他扣除、累计已扣税、已计月数）；账本中本年还没有已结账月份的员工，"
                   "个税从这些数接着累计。")
@click.option("--clock-in", "clock_in", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="打卡表（.xlsx 或 .csv，UTF-8 或 GBK）：每人每天一行，工号、日期、上班打卡、下班打卡；列名按策略 "
                   "[payroll.clock_in.columns]，钉钉、企业微信导出的考勤表可直接用。与排班对照算迟到、早退、旷工。")
@_errors
def run(team, policy, kpi, attendance, month, out, db, opening_ytd, clock_in):
    """算一个月的工资：记入账本（未结账），写出给财务的工作簿和两个 CSV。

    \b
    示例：
        payroll run --team team.xlsx --policy policy.toml --kpi kpi-2026-11.xlsx --attendance roster-2026-11.csv --month 2026-11 --out out --db out/payroll-ledger.sqlite

    未结账的月份可以重新运行（原来的明细被替换；输出文件夹里已有的同名文件先另存为带日期的备份，如 payroll-2026-11.备份-20261204-1630.xlsx）；已结账的月份要先用 payroll reopen 重新打开。

    年中开始使用本工具的公司，第一个月加 --opening-ytd opening-2026.xlsx；以后各月的个税累计数取自账本中已结账的月份。
    """
    from payroll.excel import KIND_LABELS
    from payroll.run import RunInputs, compute_month, publish_month

    result = compute_month(RunInputs(team, policy, kpi, attendance, opening_ytd, clock_in), _month(month), db)
    written = publish_month(result, out, db)
    t = result.register.totals
    for backup in written.backups:
        click.echo(backup.words())
    for path in written.paths:
        click.echo(f"已写出 {path}")
    click.echo(f"工资 {result.month}：{len(result.register.rows)} 人，应发合计 {t.gross:,.2f}，"
               f"社保公积金 {t.social_insurance:,.2f}，个人所得税 {t.income_tax:,.2f}，实发合计 {t.net:,.2f}")
    if clock_in is not None:
        click.echo(_clock_in_summary(result.lines))
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


def _clock_in_summary(lines) -> str:
    """'打卡核对：迟到 3 次 −70.00，早退 2 次 −40.00，旷工 1.5 天 −310.34' from the month's lines."""
    parts = []
    for rule_id, name in (("late_arrival", "迟到"), ("early_leave", "早退"), ("absence", "旷工")):
        own = [ln for ln in lines if ln.rule_id == rule_id]
        total = sum((ln.amount for ln in own), Decimal(0))
        count = (f"{sum((Decimal(str(ln.figures['days'])) for ln in own), Decimal(0)).normalize():f} 天"
                 if rule_id == "absence" else f"{len(own)} 次")
        parts.append(f"{name} {count} {total:,.2f}")
    return "打卡核对：" + "，".join(parts) + "（迟到、早退扣款计入 20 % 扣款上限，见工作表 奖罚明细）"


@main.command()
@help_option
@month_option
@click.option("--out", "out_dir", type=Folder(), default=None,
              help="最终工作簿 payroll-YYYY-MM.xlsx 写到这个文件夹（默认：该月最后一次 run 的 --out 文件夹）。")
@db_option
@_errors
def close(month, out_dir, db):
    """结账：冻结并封存账本中的一个月（哈希链），以后各月以它为历史；重写该月工作簿为最终版（已结账）。

    \b
    示例：
        payroll close --month 2026-11 --db out/payroll-ledger.sqlite

    结账前先核对账本中已结账的月份没有被改动过。最终工作簿的 说明 页写明结账时间（北京时间）、封存摘要、
    链头和该月的重新打开记录。重复结账不改动账本，只重写最终工作簿。
    """
    from payroll.month_report import close_month

    month = _month(month)
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db}; run the month first (or pass --db)",
                          zh=f"找不到账本 {db}；请先运行该月（或用 --db 指定账本）")
    changed, seal, head, written = close_month(db, month, out_dir)
    for path in written:
        click.echo(f"已写出 {path}（最终工资表，已结账）")
    if not changed:
        click.echo(f"{month} 此前已结账，账本未作改动")
        return
    click.echo(f"{month} 已结账，封存 sha256 {seal.digest}")
    if not written:
        click.echo(f"提示：账本里没有 {month} 工作簿的输出文件夹，未写出最终工作簿（可加 --out）", err=True)
    click.echo(f"链头 {head.month} sha256 {head.digest}：请把它抄到账本以外保存（如发给财务）；"
               "有人连同封存记录一起改写账本时，只有这份外部副本能发现")


ACTIONS_ZH = {"run": "运行", "close": "结账", "reopen": "重新打开", "seal": "封存"}


@main.command(name="log")
@help_option
@click.option("--month", default=None, metavar="YYYY-MM", help="只列这个月的记录（默认全部）。")
@click.option("--head", "kept_head", default=None, metavar="SHA256",
              help="核对在账本以外保存的链头（payroll close 打印的 sha256）：它还在链中则无误，否则退出码 3。")
@db_option
@_errors
def log_command(month, kept_head, db):
    """账本日志：每次运行、结账、重新打开，何时（北京时间）、由谁（操作系统用户）、原因；最后是链头。

    \b
    示例：
        payroll log --db out/payroll-ledger.sqlite
        payroll log --head 5f0c…（结账时抄下的链头） --db out/payroll-ledger.sqlite

    链头能发现账本内部核对不出的改写（有人连同封存摘要一起重算）：请把每次结账打印的链头保存在账本以外。
    """
    from payroll.ledger_codec import local_time

    month = _month(month) if month else None
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db} (pass --db)", zh=f"找不到账本 {db}（请用 --db 指定账本）")
    with Ledger(db) as ledger:
        entries = ledger.log(month)
        head = ledger.chain_head()
        chain = ledger.seals()
        broken = None
        try:
            ledger.check_sealed()
        except LedgerError as exc:
            broken = exc.zh
    click.echo("月份\t时间（北京时间）\t操作\t用户\t说明")
    for e in entries:
        click.echo(f"{e.month}\t{local_time(e.at)}\t{ACTIONS_ZH.get(e.action, e.action)}\t{e.user or '—'}\t"
                   f"{e.detail}")
    if head is not None:
        click.echo(f"链头 {head.month} sha256 {head.digest}")
    if broken:
        raise InputProblem(broken)
    if kept_head is not None:
        click.echo(_kept_head(kept_head, chain))


def _kept_head(kept: str, chain) -> str:
    """Whether a head kept outside the ledger is still a link of its chain; InputProblem when it is not."""
    digest = kept.strip().lower().removeprefix("sha256").strip()
    found = next((s for s in chain if s.digest == digest), None)
    if found is None:
        raise InputProblem(f"账本中没有封存摘要 {digest}：这个链头所在的月份此后重新打开过（见上面的日志，"
                           "请改用重新结账后打印的链头），或者账本连同封存摘要被改写过——请从备份恢复")
    later = [s.month for s in chain if s.month > found.month]
    return (f"链头核对无误：{digest} 是 {found.month} 的封存摘要"
            + (f"，其后又结账了 {'、'.join(later)}" if later else "，仍是链头"))


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


@main.command()
@help_option
@month_option
@click.option("--team", "team_path", required=True, type=click.Path(path_type=Path),
              help="团队工作簿（工作表 员工：银行账号取自这里）。")
@click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path),
              help="策略文件（[payroll.bank_files] 里的代发文件格式）。")
@click.option("--bank", "template_id", default="generic", show_default=True,
              help="代发文件格式：策略 [payroll.bank_files] 里的名称，如 generic、icbc、ccb。")
@click.option("--pay-date", "pay_date", default=None, metavar="YYYY-MM-DD", help="发薪日期（默认今天）。")
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入 bank-<格式>-YYYY-MM.csv 或 .xlsx。")
@db_option
@_errors
def bank(month, team_path, policy_path, template_id, pay_date, out_dir, db):
    """代发文件：已结账月份的实发工资，按银行网银的批量代发格式写出（完整银行账号只出现在这里）。

    \b
    示例：
        payroll bank --month 2026-11 --team examples/team.xlsx --policy examples/policy.toml --bank icbc --out out --db out/payroll-ledger.sqlite

    金额就是工资表的实发，到分；笔数与合计写在文件里（格式要求时）。未结账的月份、缺少或有误的
    银行账号、实发不大于 0 都会拒绝，并指出员工表的行。
    """
    from payroll.finance_files import bank_file

    day = _date(pay_date) if pay_date else _today()
    path, batch = bank_file(db, _month(month), team_path, policy_path, template_id, day, out_dir)
    click.echo(f"已写出 {path}（{batch.template.name}）：{batch.count} 笔，合计 {batch.total:,.2f} 元")
    if batch.carried:
        names = "、".join(f"{e.employee_id} {e.name}" for e in batch.carried)
        click.echo(f"提示：{names} 本月实发为 0（负实发已按策略结转到下月扣回），不在代发文件中")


@main.command()
@help_option
@month_option
@click.option("--team", "team_path", required=True, type=click.Path(path_type=Path),
              help="团队工作簿（工资条密码按策略取自身份证号等）。")
@click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path),
              help="策略文件（[payroll.slips] 的密码规则）。")
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入 slips-YYYY-MM/工资条-YYYY-MM-工号.xlsx，每人一个。")
@db_option
@_errors
def slips(month, team_path, policy_path, out_dir, db):
    """每人一个加密的工资条文件（已结账的月份）：每项收入和扣款、各项社保、本年累计个税、实发，与工资表一致。

    \b
    示例：
        payroll slips --month 2026-11 --team examples/team.xlsx --policy examples/policy.toml --out out --db out/payroll-ledger.sqlite

    打开文件要输入密码；密码规则在策略 [payroll.slips]（默认身份证号后六位，末位 X 大写）。
    """
    from payroll.finance_files import pay_slips

    written = pay_slips(db, _month(month), team_path, policy_path, out_dir)
    click.echo(f"已写出 {written.count} 个工资条到 {written.folder}（打开需密码：{written.password_words}）")


def _date(text: str):
    from datetime import date
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--pay-date must look like 2026-12-10, got {text!r}",
                         zh=f"--pay-date 应写成 2026-12-10 这样，现为“{text}”") from None


def _today():
    """Today in China (Asia/Shanghai), whatever the machine's zone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@main.command()
@help_option
@month_option
@click.option("--team", "team_path", required=True, type=click.Path(path_type=Path),
              help="团队工作簿（按它预填每人的工号和姓名）。")
@click.option("--policy", "policy_path", required=True, type=click.Path(path_type=Path), help="策略文件。")
@click.option("--out", "out_dir", required=True, type=Folder(),
              help="输出文件夹，写入 kpi-YYYY-MM.xlsx、opening-ytd-YYYY.xlsx（和 clock-in-YYYY-MM.xlsx）。")
@click.option("--force", is_flag=True, help="覆盖输出文件夹里已有的同名文件。")
@_errors
def template(month, team_path, policy_path, out_dir, force):
    """写出该月的空白考核表 kpi-YYYY-MM.xlsx（已按团队表填好工号、姓名）、期初累计表 opening-ytd-YYYY.xlsx，
    策略有 [payroll.clock_in] 时还有打卡表 clock-in-YYYY-MM.xlsx（每人每天一行）。

    \b
    示例：
        payroll template --month 2026-11 --team examples/team.xlsx --policy examples/policy.toml --out myshop

    已有的同名文件不会被覆盖（除非加 --force）。
    """
    from payroll.finance_files import read_team_with_policy
    from payroll.templates import write_payroll_templates

    from payroll.policy import load_payroll_policy

    year, mon = parse_month(month)
    clock_in = load_payroll_policy(policy_path).clock_in
    names = [f"kpi-{year:04d}-{mon:02d}.xlsx", f"opening-ytd-{year:04d}.xlsx"]
    names += [f"clock-in-{year:04d}-{mon:02d}.xlsx"] if clock_in is not None else []
    for name in names:
        if (Path(out_dir) / name).exists() and not force:
            raise InputError("already exists; give --force to overwrite it", file=Path(out_dir) / name,
                             zh="已经存在，不会覆盖（确要覆盖请加 --force）")
    _, team = read_team_with_policy(team_path, policy_path)
    for path in write_payroll_templates(team, year, mon, out_dir, clock_in):
        click.echo(f"已写出 {path}")


if __name__ == "__main__":
    main()
