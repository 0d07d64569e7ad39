"""One month's pay run: load and check every input, call the pay rules and the statutory layer, build the
pay lines, and (on request) record them in the ledger. No pay rule lives here — only the order of calls.

    result = compute_month(inputs, month, ledger_path)   # reads only; every input error is raised here
    record_month(result, ledger_path)                     # one ledger transaction
    run_month(...)                                        # both

Order per employee (the statutory layer comes after every earning, reward and deduction is known):
base salary, leave (each leave type by its pay), unused annual leave paid (payroll.annual_leave), pay
for the hours beyond the standard (`payroll.working_hours` measures them by the `[working_time]` regime:
extended, rest-day and statutory-holiday hours, or comprehensive hours over the period's standard), duty
allowance, commission, project rewards and
negative incentives, HR's other items; then the statutory steps of `payroll.withholding`: the
fault-deduction cap (20 % of the wage, excess carried to the next month); the minimum-wage guard; social
insurance and housing fund; income tax on 应发 (cumulative, from the ledger's year-to-date of closed
months; for an employee with no closed month this year, the opening year-to-date imported with
`opening_ytd` when the company adopts the tool mid-year); the working hours against the overtime limit.
A social-insurance period the policy marks provisional (or carries past a year) becomes a notice.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from payroll.annual_leave import AnnualLeaveBalance, annual_leave_payout, month_balance
from payroll.attendance import Attendance, month_attendance
from payroll.clock_in import ClockInMonth, holiday_absence_notice, match_roster, read_clock_in
from payroll.history import MonthFacts
from payroll.kpi import KpiSheet, read_kpi
from payroll.ledger import EmployeeState, InputFile, Ledger, LedgerHistory, month_key, read_history
from payroll.ledger_codec import local_time, shift_month
from payroll.lines import LevelChange, PayLine
from payroll.money import ZERO, fmt_figure
from payroll.policy import PayrollPolicy, load_payroll_policy
from payroll.register import Register, build_register
from payroll.review import ReviewItem, month_facts, review_list
from payroll.rules.allowances import commission, duty_allowance, other_items
from payroll.rules.base_salary import base_salary, grade_monthly, leave_pay
from payroll.rules.context import agents_for
from payroll.rules.overtime import OvertimeBase, holiday_overtime, overtime, overtime_base, rest_day_overtime
from payroll.rules.negative_net import recovery, settle
from payroll.rules.projects import project_lines
from payroll.rules.punctuality import minimum_wage_share as absent_share, punctuality_lines
from payroll.scorecard import appraisals
from payroll.statutory import StatutoryPolicy, StatutoryPolicyError
from payroll.statutory.income_tax import OPENING_COLUMNS, TaxYTD, read_opening_ytd
from kefu.backups import Written, writing
from kefu.calendar import build_days, parse_month
from kefu.errors import InputError
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from roster.policy import Policy, load_policy
from roster.roster_file import read_roster
from kefu.text_files import read_text
from kefu.team import Employee, Team, read_team
from payroll.withholding import PayWarning, employed_share, guards, social_insurance, withholdings
from payroll.working_hours import (HoursToPay, hour_warnings, hours_to_pay, overtime_why, rest_day_why,
                                   settlement_overtime)
from kefu.working_time import MonthHours, WorkingTimePolicy

# the base salary after leave deductions: what a month of 旷工 can take away at most (payroll.rules.punctuality)
UNPAID_BASE_RULES = ("base_salary", "unpaid_leave", "sick_leave", "partly_paid_leave")



# what each input file is, as HR calls it (RunInputs.files() roles)
FILE_NAMES_ZH = {"team": "团队工作簿", "policy": "策略文件", "KPI": "考核表", "attendance": "考勤（排班表）",
                 "opening YTD": "期初累计表", "clock-in": "打卡表"}


@dataclass(frozen=True)
class RunInputs:
    team: Path
    policy: Path
    kpi: Path
    attendance: Path
    opening_ytd: Path | None = None     # opening year-to-date per employee (adopting mid-year), optional
    clock_in: Path | None = None        # first in / last out per employee and day (迟到、早退、旷工), optional

    def files(self) -> tuple[tuple[str, Path], ...]:
        """(role, path) of every input file given, in the order they are checked and listed."""
        files = (("team", self.team), ("policy", self.policy), ("KPI", self.kpi), ("attendance", self.attendance))
        files += (("opening YTD", self.opening_ytd),) if self.opening_ytd is not None else ()
        return files + ((("clock-in", self.clock_in),) if self.clock_in is not None else ())


@dataclass(frozen=True)
class MonthResult:
    """Everything a month's run produced; the outputs are views of `lines`."""

    month: str
    lines: tuple[PayLine, ...]
    register: Register
    attendance: dict[str, Attendance]
    facts: dict[str, MonthFacts]
    ytd: dict[str, Any]                       # employee -> TaxYTD after this month
    state: dict[str, EmployeeState]
    level_changes: tuple[LevelChange, ...]
    review: tuple[ReviewItem, ...]
    warnings: tuple[PayWarning, ...]
    notices: tuple[str, ...]
    inputs: tuple[InputFile, ...]
    policy_text: str
    employees: tuple[Employee, ...] = field(repr=False, default=())
    computed_at: str = ""
    hours: dict[str, MonthHours] = field(default_factory=dict)   # working time, kept for period settlements
    working_time: str = ""                    # the regime the hours were paid by, in words (说明)
    annual_leave: dict[str, AnnualLeaveBalance] = field(default_factory=dict)   # balance after the month

    def net(self, employee_id: str) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.employee_id == employee_id), ZERO)


@dataclass(frozen=True)
class _Loaded:
    policy: Policy
    payroll: PayrollPolicy
    statutory: StatutoryPolicy
    team: Team
    kpi: KpiSheet
    attendance: dict[str, Attendance]
    opening_ytd: dict[str, TaxYTD] = field(default_factory=dict)
    clock_in: ClockInMonth | None = None


@contextmanager
def _from_file(path: Path) -> Iterator[None]:
    """A rule's InputError about a cell of this file (it knows sheet and row) gets the file's name."""
    try:
        yield
    except InputError as exc:
        if exc.file is None:
            exc.file = path
        raise
    except StatutoryPolicyError as exc:
        raise InputError(str(exc), file=path, zh=exc.zh) from None


def load_inputs(inputs: RunInputs, year: int, month: int) -> _Loaded:
    """Read and check every input file; the first problem is an InputError naming its cell."""
    for what, path in inputs.files():
        if not Path(path).is_file():
            raise InputError(f"{what} file not found", file=path, zh=f"找不到{FILE_NAMES_ZH[what]}")
    policy = load_policy(inputs.policy)
    with _from_file(inputs.policy):
        payroll = load_payroll_policy(inputs.policy).for_month(month_key(year, month))
    if payroll.statutory is None:
        raise InputError("missing table [payroll.statutory] (social insurance, minimum wage, income tax)",
                         file=inputs.policy, zh="缺少表 [payroll.statutory]（社保公积金、最低工资、个人所得税）")
    shift_ids = tuple(policy.roster.shifts)
    team = read_team(inputs.team, policy.team, shift_ids)
    kpi = read_kpi(inputs.kpi, team, (year, month))
    roster = read_roster(inputs.attendance, shift_ids, policy.team.leave)
    attendance = month_attendance(roster, team, policy.roster, year, month)
    opening = _opening_ytd(inputs.opening_ytd, team, year, month) if inputs.opening_ytd is not None else {}
    clock_in = _clock_in(inputs, policy, payroll, team, roster, attendance, year, month)
    return _Loaded(policy, payroll, payroll.statutory, team, kpi, attendance, opening, clock_in)


def _clock_in(inputs: RunInputs, policy: Policy, payroll: PayrollPolicy, team: Team, roster, attendance,
              year: int, month: int) -> ClockInMonth | None:
    """The clock-in sheet matched against the roster's shifts (None without --clock-in)."""
    if inputs.clock_in is None:
        return None
    if payroll.clock_in is None:
        raise InputError("--clock-in needs the table [payroll.clock_in] (columns, grace minutes, amounts)",
                         file=inputs.policy, zh="给了 --clock-in，但策略文件没有表 [payroll.clock_in]"
                                                "（列名、宽限分钟、扣款金额）")
    sheet = read_clock_in(inputs.clock_in, payroll.clock_in, team, year, month)
    return match_roster(sheet, roster.entries, policy.roster.shifts, payroll.clock_in, list(attendance))


def _opening_ytd(path: Path, team: Team, year: int, month: int) -> dict[str, TaxYTD]:
    """The opening year-to-date file, checked against the team and the month paid.

    Its cells are checked by read_opening_ytd (file, sheet, row, column); here: every 工号 is in the
    team sheet, and no one counts more months than have passed this year before `month`.
    """
    opening = read_opening_ytd(path)
    employees = team.by_id()
    id_column, months_column = OPENING_COLUMNS["employee_id"][0], OPENING_COLUMNS["months"][0]
    for eid, ytd in opening.items():
        if eid not in employees:
            raise InputError(f"unknown 工号 {eid}: not in the team sheet", file=path, column=id_column,
                             zh=f"工号 {eid} 不在员工表中")
        if ytd.months > month - 1:
            raise InputError(f"{eid} counts {ytd.months} months, but only {month - 1} months of {year} come "
                             f"before {month_key(year, month)}", file=path, column=months_column,
                             zh=f"{eid} 的已计月数为 {ytd.months}，但 {year} 年在 {month_key(year, month)} 之前"
                                f"只有 {month - 1} 个月")
    return opening


def compute_month(inputs: RunInputs, month_text: str, ledger_path: str | Path | None = None) -> MonthResult:
    """The month's pay from its inputs and the ledger's closed history; writes nothing."""
    year, mon = parse_month(month_text)
    month = month_key(year, mon)
    loaded = load_inputs(inputs, year, mon)
    history = read_history(ledger_path, month, facts_type=MonthFacts)
    return compute_from(loaded, inputs, month, history)


def compute_from(loaded: _Loaded, inputs: RunInputs, month: str, history: LedgerHistory) -> MonthResult:
    year, mon = (int(p) for p in month.split("-"))
    pol, stat, team, att = loaded.payroll, loaded.statutory, loaded.team, loaded.attendance
    employees = [e for e in team.employees if e.employee_id in att]
    notices = (list(loaded.team.notices) + list(loaded.kpi.notices)
               + list(loaded.clock_in.notices if loaded.clock_in else ()))
    if loaded.clock_in is not None:
        notices += filter(None, [holiday_absence_notice(loaded.clock_in, {k: a.statutory_dates_worked
                                                                          for k, a in att.items()},
                                                        Path(inputs.clock_in).name)])
    for eid in loaded.kpi.records:
        if eid not in att:
            notices.append(f"{Path(inputs.kpi).name}：{eid} 有考核行，但 {month} 不在职；已忽略")
    for e in employees:
        if e.employee_id not in loaded.kpi.records:
            notices.append(f"{Path(inputs.kpi).name}：没有 {e.employee_id} {e.name} 的考核行；不计项目奖罚")
    notices += _approval_notice(loaded.policy.working_time)
    start_of_year = _start_of_year(loaded.opening_ytd, history, [e.employee_id for e in employees])
    notices += _missing_year_to_date(employees, start_of_year, year, mon)
    in_ledger = sorted(eid for eid in loaded.opening_ytd if history.tax_ytd(eid).months > 0)
    if in_ledger:
        notices.append(f"{Path(inputs.opening_ytd).name}：账本中已有 {'、'.join(in_ledger)} 在 {year} 年已结账的月份，"
                       "个税按账本的累计数计算，不用期初累计表的数字")

    # Group rules (ranks, averages) see everyone at once; levels come from the ledger after demotions.
    channels = {sid: s.channel for sid, s in loaded.policy.team.shops.items()}
    levels = {e.employee_id: history.level(e.employee_id, e.level) for e in employees}
    kpi = KpiSheet(loaded.kpi.path, loaded.kpi.sheet,
                   {k: v for k, v in loaded.kpi.records.items() if k in att}, loaded.kpi.notices)
    with _from_file(inputs.kpi):
        agents = agents_for(team, kpi, channels, {k: a.days_worked for k, a in att.items()}, levels)
        projects = project_lines(agents, month, history, pol)
        appraisal = appraisals(agents, pol)
        facts = month_facts(agents, month, appraisal, projects.completion, projects.level_changes, pol)
        review = review_list(agents, month, facts, history, appraisal, projects.completion, pol)

    project_by_emp: dict[str, list[PayLine]] = {}
    for ln in projects.lines:
        project_by_emp.setdefault(ln.employee_id, []).append(ln)
    changes = {c.employee_id: c for c in projects.level_changes}
    days = build_days(year, mon)
    first = date(year, mon, 1)

    lines: list[PayLine] = []
    warnings: list[PayWarning] = []
    ytd: dict[str, Any] = {}
    state: dict[str, EmployeeState] = {}
    hours: dict[str, MonthHours] = {}
    balances: dict[str, AnnualLeaveBalance] = {}
    for e in employees:
        a, record = att[e.employee_id], kpi.records.get(e.employee_id)
        with _from_file(inputs.team):
            monthly = grade_monthly(e, pol)
        with _from_file(inputs.policy):
            base = overtime_base(monthly, e.grade, stat.minimum_wage_for(e.city, first).monthly, pol)
        worked = hours_to_pay(e, a, loaded.policy.working_time, loaded.policy.roster.calendar, history, year, mon)
        hours[e.employee_id] = worked.hours
        notices += _period_notices(e, worked, notices)
        paid_days = sum(1 for d in days if e.employed_on(d.date) and (d.date.weekday() < 5 or d.statutory))
        own = _attendance_lines(e, a, monthly, paid_days, pol, base, worked, team.leave)
        if pol.annual_leave is not None:
            balances[e.employee_id] = month_balance(
                e, year, mon, a.annual_leave_days, history.annual_leave_taken(e.employee_id),
                history.annual_leave_left_last_year(e.employee_id), pol.annual_leave)
            own += annual_leave_payout(e, monthly, balances[e.employee_id], year, mon, pol)
        if loaded.clock_in is not None:
            base_left = sum((ln.amount for ln in own if ln.rule_id in UNPAID_BASE_RULES), ZERO)
            own += punctuality_lines(loaded.clock_in.days.get(e.employee_id, ()), monthly, pol, base_left)
        if record is not None:
            own += commission(e.employee_id, e.role, record.sales, pol)
            own += project_by_emp.get(e.employee_id, [])
            own += other_items(record)
        try:
            with _from_file(inputs.policy):
                si = social_insurance(e, monthly, record, stat, first)
                employed = employed_share(a, paid_days, pol)
                if loaded.clock_in is not None:
                    employed = absent_share(employed, loaded.clock_in.days.get(e.employee_id, ()),
                                            pol.wage.paid_days_per_month)
                own, carry, guard_warnings = guards(e, a, own, history.fault_carry(e.employee_id), si.total,
                                                    stat, first, employed)
                own, tax_ytd = withholdings(e, own, si, record, start_of_year[e.employee_id], stat)
                notice = stat.period_notice(e.city, first)
        except ValueError as exc:   # a statutory function refusing its inputs (negative override ...)
            raise InputError(f"{e.employee_id}: {exc}", file=inputs.kpi,
                             zh=f"{e.employee_id}：计算社保公积金、扣款上限或个税时数据不可用（{exc}）") from None
        if notice and notice not in notices:
            notices.append(notice)
        own += recovery(e.employee_id, history.negative_net_carried(e.employee_id), shift_month(month, -1))
        own += settle(e.employee_id, e.name, own, pol.negative_net, month)
        warnings += guard_warnings + hour_warnings(e.employee_id, worked)
        lines += own
        ytd[e.employee_id] = tax_ytd
        change = changes.get(e.employee_id)
        state[e.employee_id] = EmployeeState(e.level, change.level_to if change else levels[e.employee_id], carry)

    role_names = {k: r.name for k, r in loaded.policy.team.roles.items()}
    register = build_register(month, lines, team.employees, att, role_names, balances)
    policy_text = read_text(inputs.policy, "策略文件", "the policy file")    # GBK or UTF-8 with BOM, as load_policy
    files = tuple(InputFile.of(role.lower().replace(" ", "_"), path) for role, path in inputs.files())
    return MonthResult(month, tuple(lines), register, att, facts, ytd, state, tuple(projects.level_changes),
                       tuple(review), tuple(warnings), tuple(notices), files, policy_text, tuple(team.employees),
                       datetime.now(timezone.utc).isoformat(timespec="seconds"), hours,
                       _regime_text(loaded.policy.working_time), balances)


def _attendance_lines(e: Employee, a: Attendance, monthly: Decimal, paid_days: int, pol: PayrollPolicy,
                      base: OvertimeBase, worked: HoursToPay, leave: LeaveTypes = DEFAULT_LEAVE) -> list[PayLine]:
    eid = e.employee_id
    out = base_salary(eid, monthly, a.days_in_month, a.employed_days, pol, paid_days)
    out += leave_pay(eid, monthly, a.leave, pol, leave)
    out += overtime(eid, settlement_overtime(worked), base, pol, comprehensive=worked.comprehensive,
                    why=overtime_why(worked))
    out += rest_day_overtime(eid, worked.rest_day, base, pol, why=rest_day_why(worked))
    dates = "、".join(f"{d:%m-%d}" for d in a.statutory_dates_worked)
    out += holiday_overtime(eid, worked.holiday, base, pol, why=f"{dates} 上班" if dates else "",
                            dates=[str(d) for d in a.statutory_dates_worked])
    out += duty_allowance(eid, a.duty_days, pol)
    return out


def _regime_text(wt: WorkingTimePolicy) -> str:
    text = (f"{wt.name}：每日 {fmt_figure(wt.hours_per_day)} 小时，月标准工时 = 当月法定工作日 × "
            f"{fmt_figure(wt.hours_per_day)} 小时，加班每月不超过 {fmt_figure(wt.overtime_limit_monthly_hours)} 小时")
    return text + (f"；批准：{wt.approval}" if wt.approval else "")


def _approval_notice(wt: WorkingTimePolicy) -> list[str]:
    """Comprehensive hours need the labour bureau's approval (劳部发〔1994〕503号); say so when none is named."""
    if wt.regime != "comprehensive" or wt.approval.strip():
        return []
    return [f"{wt.name}须经劳动保障行政部门批准（劳部发〔1994〕503号）；策略 [working_time] 没有写明批准文件"
            "（approval）；未经批准，加班应按标准工时制计算，请核对"]


def _period_notices(e: Employee, worked: HoursToPay, shown: Sequence[str]) -> list[str]:
    """A comprehensive-hours quarter or year: when its hours are settled, and months it cannot see."""
    out = []
    if worked.awaiting is not None:
        text = (f"{worked.regime.name}：本月的工时记入账本（结账后生效），超出标准的工时在 {worked.awaiting} "
                "按整个周期合计结算；法定节假日加班按月支付")
        if text not in shown:
            out.append(text)
    if worked.settlement is not None and worked.settlement.missing:
        out.append(f"{e.employee_id} {e.name}：{worked.regime.name}结算缺少 {'、'.join(worked.settlement.missing)} "
                   "已结账的工时（账本中没有），只按已有月份合计；请先运行并结账这些月份")
    return out


def _missing_year_to_date(employees: Sequence[Employee], start: Mapping[str, TaxYTD], year: int, month: int
                          ) -> list[str]:
    """A notice when people employed before this month of the year have no year-to-date at all (no closed
    month in the ledger, no opening figures): their tax then counts this month as their first with the
    employer, which under-withholds if they were paid earlier this year (use --opening-ytd)."""
    first = date(year, month, 1)
    missing = [e.employee_id for e in employees if start[e.employee_id].months == 0 and month > 1
               and e.hire_date is not None and e.hire_date < first and (e.leave_date is None or e.leave_date >= first)]
    if not missing:
        return []
    shown = "、".join(missing[:5]) + (f" 等 {len(missing)} 人" if len(missing) > 5 else "")
    return [f"个税 {year}：{len(missing)} 名 {first:%Y-%m} 之前入职的员工没有本年累计数（账本中没有 {year} 年已结账的"
            f"月份，也没有给 --opening-ytd）：{shown}；其个税预扣把 {first:%Y-%m} 当作本年第一个月计算，"
            "如本年此前已发过工资，请用 --opening-ytd 导入期初累计"]


def _start_of_year(opening: Mapping[str, TaxYTD], history: LedgerHistory, employee_ids: Sequence[str]
                   ) -> dict[str, TaxYTD]:
    """Income-tax year-to-date before this month: the ledger's closed months of this year; for someone
    without one (months counted 0), the opening figures imported when the company adopted the tool."""
    out = {}
    for eid in employee_ids:
        ytd = history.tax_ytd(eid)
        out[eid] = opening.get(eid, ytd) if ytd.months == 0 else ytd
    return out


def record_month(result: MonthResult, ledger_path: str | Path, out_dir: str | Path | None = None) -> None:
    """Write the month to the ledger in one transaction (refused when the month is closed), with the
    workbook's snapshot and folder for the final workbook `payroll close` writes (payroll.month_report).
    A ledger this call created is removed again when the write fails (disk full, no permission), so a
    failed first run leaves no empty file that a later run would take for a ledger."""
    from payroll.month_report import snapshot

    path = Path(ledger_path)
    with writing(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    report = snapshot(result.register, result.review, result.warnings, about_rows(result, ledger_path))
    folder = str(Path(out_dir).resolve()) if out_dir is not None else None
    try:
        with Ledger(path) as ledger:
            ledger.record_run(result.month, result.lines, result.facts, result.ytd, result.inputs,
                              result.policy_text, result.state, result.hours, result.annual_leave, (folder, report))
    except BaseException:
        if created:
            for leftover in (path, path.with_name(path.name + "-journal")):
                leftover.unlink(missing_ok=True)
        raise


def output_paths(out_dir: str | Path, month: str) -> dict[str, Path]:
    out = Path(out_dir)
    return {"workbook": out / f"payroll-{month}.xlsx", "register": out / f"payroll-{month}.csv",
            "lines": out / f"payroll-{month}-lines.csv"}


def about_rows(result: MonthResult, ledger_path: str | Path | None) -> list[tuple[str, str]]:
    """The 说明 sheet: what produced the workbook, and how to read it."""
    from payroll.month_report import open_status, reopen_rows

    rows = [("月份 month", result.month), ("生成时间 computed at", local_time(result.computed_at)),
            open_status(result.month), ("账本 ledger", str(ledger_path) if ledger_path else "(none)")]
    for f in result.inputs:
        rows.append((f"{f.role} file", f"{f.name}  sha256 {f.sha256}"))
    rows += [("金额 amounts", "yuan, exact decimals rounded half-up to the fen once per pay line; values, not formulas"),
             ("符号 signs", "工资表 and 奖罚明细 show earnings and rewards positive, deductions and negative incentives "
                          "negative; 社保公积金 and 个人所得税 are shown as amounts withheld"),
             ("实发 net", "应发工资 − 社保公积金合计 − 个人所得税 − 税后扣款合计 = the sum of the employee's lines in "
                         f"payroll-{result.month}-lines.csv"),
             ("税后扣款 after tax", "其他扣款 and the 20 % cap's give-back / carry-over are taken after tax: money "
                                 "the employee pays back is not a reduction of the wage income that is taxed"),
             ("加班费 overtime pay", "hours × hourly wage (overtime base ÷ [payroll.wage] standard_monthly_hours) "
                                  "× rate, rounded once per line; the hourly wage in the words is rounded for reading"),
             ("工时制度 working time", result.working_time or "—"),
             ("隐私 privacy", "身份证号 and 银行账号 are masked (first 4 and last 4 digits shown)"),
             ("人事预警", "a review list for a human decision, never an automatic termination or promotion")]
    for c in result.level_changes:
        rows.append(("级别变动 level change", f"{c.employee_id}: {c.level_from} → {c.level_to} ({c.reason})"))
    for n in result.notices:
        rows.append(("提示 notice", n))
    if ledger_path and Path(ledger_path).is_file():      # the month's reopen history: when, who, why
        with Ledger(ledger_path) as ledger:
            rows += reopen_rows(ledger.reopen_log(result.month))
    return rows


def publish_month(result: MonthResult, out_dir: str | Path, ledger_path: str | Path) -> Written:
    """Write the workbook and CSVs to temporary files, record the ledger, then rename them into place,
    keeping a dated backup of each output a rerun replaces. A write that fails (disk full, no
    permission) is an OSError naming the output file, and leaves neither outputs nor ledger changed."""
    from payroll.csv_out import StagedFiles, write_lines_csv, write_register_csv
    from payroll.excel import write_workbook
    from payroll.register import shop_totals

    paths = output_paths(out_dir, result.month)
    with StagedFiles() as staged:
        with writing(paths["workbook"]):
            write_workbook(staged.path(paths["workbook"]), result.register, result.lines, result.review,
                           result.warnings, about_rows(result, ledger_path), shop_totals(result.register),
                           f"{result.month} 工资表", ledger_path)
        with writing(paths["register"]):
            write_register_csv(staged.path(paths["register"]), result.register)
        with writing(paths["lines"]):
            write_lines_csv(staged.path(paths["lines"]), result.lines)
        record_month(result, ledger_path, out_dir)
        with writing(Path(out_dir)):
            done = staged.commit()
        return Written(tuple(done), tuple(staged.backups))


def run_month(inputs: RunInputs, month: str, ledger_path: str | Path, out_dir: str | Path | None = None
              ) -> MonthResult:
    """The month's pay run: check every input, compute, record in the ledger and (given `out_dir`) write
    payroll-YYYY-MM.xlsx, payroll-YYYY-MM.csv and payroll-YYYY-MM-lines.csv. Nothing is written when an
    input is wrong (InputError) or the ledger refuses the month (LedgerError)."""
    result = compute_month(inputs, month, ledger_path)
    if out_dir is None:
        record_month(result, ledger_path)
    else:
        publish_month(result, out_dir, ledger_path)
    return result
