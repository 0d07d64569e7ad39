"""Every overtime line of `payroll run` recomputed independently from the roster CSV, the shifts' paid hours
and the policy: hours × multiplier × hourly base, to the fen — standard hours, comprehensive hours by the
month, months with a statutory holiday worked, and a comprehensive-hours quarter settled through the ledger.

`expected_lines` below reads the CSV, the policy TOML and the team sheet itself and applies the law's
definitions directly; it calls neither kefu.working_time nor payroll's rules. The calendar facts come from
the State Council's holiday notices, written here by hand: November and December 2026 have no statutory
holiday; 1 January 2027 is one (元旦, one day); 25 September 2026 is one (中秋), and Sunday 20 September
2026 is a working day (调休 for National Day). Legal working days are Monday to Friday less those holidays,
plus that Sunday. Every grade's base (3,000 / 4,000 / 5,000) is above the Shanghai minimum wage (2,740), so
the hourly base is the grade's base ÷ 174.
"""
from __future__ import annotations

import csv
import functools
import shutil
import tempfile
import tomllib
from calendar import monthrange
from collections import defaultdict
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from payroll.cli import main
from workbook_reading import slips_by_employee

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@functools.cache
def any_month_kpi() -> Path:
    """The example KPI figures under a name without a month (a KPI file named for November is refused
    for other months)."""
    path = Path(tempfile.mkdtemp()) / "kpi.xlsx"
    shutil.copy(EXAMPLES / "kpi-2026-11.xlsx", path)
    return path
DATA = Path(__file__).resolve().parent / "data"
D = Decimal
STATUTORY = {date(2027, 1, 1), date(2026, 9, 25)}
WEEKEND_WORKDAYS = {date(2026, 9, 20)}
LEAVE = {"AL", "PL", "SL"}
HOURS_RULES = ("overtime", "rest_day_overtime", "holiday_overtime")
COMPREHENSIVE = 'regime = "comprehensive"\nperiod = "{period}"\napproval = "沪人社综〔2026〕1号（测试）"'
LONG_SHIFT = ('[roster.shifts.L]\nname = "长班"\nstart = "09:00"\nend = "20:00"\nbreak_minutes = 60\n\n'
              "[roster.calendar]")


# --- the independent recomputation ---------------------------------------------------------------------

def minutes_of(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def team() -> dict[str, tuple[str, date, date | None]]:
    """工号 -> (薪资档, hired, left), read straight from the team sheet."""
    ws = load_workbook(EXAMPLES / "team.xlsx", read_only=True)["员工"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    day = lambda v: v.date() if isinstance(v, datetime) else v   # noqa: E731
    return {r[col["工号"]]: (r[col["薪资档"]], day(r[col["入职日期"]]), day(r[col["离职日期"]]))
            for r in rows[1:] if r[col["工号"]]}


def legal_working_days(year: int, month: int) -> set[date]:
    days = [date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1)]
    return {d for d in days if (d.weekday() < 5 or d in WEEKEND_WORKDAYS) and d not in STATUTORY}


def month_figures(roster: Path, policy: dict, year: int, month: int) -> dict[str, dict[str, int]]:
    """Per employee, in minutes: standard, credited (ordinary time, each day capped at 8 h under standard
    hours, + 8 h per day of leave on a working day), extended, holiday."""
    shifts = {k: (minutes_of(s["end"]) - minutes_of(s["start"])) % (24 * 60) - s.get("break_minutes", 0)
              for k, s in policy["roster"]["shifts"].items()}
    day = int(policy["working_time"]["hours_per_day"]) * 60
    capped = policy["working_time"]["regime"] == "standard"
    people = team()
    legal = legal_working_days(year, month)
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with roster.open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            d, code, f = date.fromisoformat(r["date"]), r["code"], out[r["employee_id"]]
            if code in shifts and d in STATUTORY:
                f["holiday"] += shifts[code]
            elif code in shifts:
                f["credited"] += min(shifts[code], day) if capped else shifts[code]
                f["extended"] += max(0, shifts[code] - day) if capped else 0
            elif code in LEAVE and d in legal:
                f["credited"] += day
    for eid, f in out.items():
        _, hired, left = people[eid]
        f["standard"] = day * sum(1 for d in legal if hired <= d and (left is None or d <= left))
    return out


def pay(policy: dict, grade: str, minutes: int, rate_key: str) -> Decimal:
    monthly = D(policy["payroll"]["base_salary"]["grades"][grade])
    hourly = monthly / D(policy["payroll"]["wage"]["standard_monthly_hours"])
    rate = D(str(policy["payroll"][rate_key]["rate"]))
    return (D(minutes) / 60 * hourly * rate).quantize(D("0.01"), ROUND_HALF_UP)


def expected_lines(policy_path: Path, months: list[tuple[Path, int, int]]) -> dict[tuple[str, str], Decimal]:
    """(employee, rule_id) -> amount for the last of `months`; the earlier ones are the rest of a
    comprehensive-hours period (their ordinary time and standard add up; their holidays were paid then)."""
    policy = tomllib.loads(policy_path.read_text(encoding="utf-8"))
    regime = policy["working_time"]["regime"]
    figures = [month_figures(roster, policy, y, m) for roster, y, m in months]
    grades = {eid: g for eid, (g, _, _) in team().items()}
    out = {}
    for eid, f in figures[-1].items():
        def add(rule_id: str, minutes: int) -> None:
            if minutes > 0:
                out[(eid, rule_id)] = pay(policy, grades[eid], minutes, rule_id)
        add("holiday_overtime", f["holiday"])
        if regime == "standard":
            add("overtime", f["extended"])
            add("rest_day_overtime", f["credited"] - f["standard"])
        else:
            period = [fs[eid] for fs in figures if eid in fs]
            add("overtime", sum(p["credited"] for p in period) - sum(p["standard"] for p in period))
    return out


# --- the runs -------------------------------------------------------------------------------------------

def policy_variant(tmp: Path, period: str | None = None, long_shift: bool = False) -> Path:
    text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
    if period:
        text = text.replace('regime = "standard"', COMPREHENSIVE.format(period=period), 1)
    if long_shift:
        text = text.replace("[roster.calendar]", LONG_SHIFT, 1)
    path = tmp / f"policy-{period or 'standard'}{'-D' if long_shift else ''}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def synthetic_roster(path: Path, year: int, month: int, long_shift: bool = False) -> Path:
    """Everyone employed, with a deterministic mix: rest every 7th day (some people twice as often, so under
    the standard), half of them working the statutory holidays, days of annual, personal and sick leave, and
    (with `long_shift`) some 10-h days."""
    people = team()
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        for i, (eid, (_, hired, left)) in enumerate(sorted(people.items())):
            for n in range(1, monthrange(year, month)[1] + 1):
                d = date(year, month, n)
                if d < hired or (left is not None and d > left):
                    continue
                if d in STATUTORY:
                    code = "B" if i % 2 == 0 else "HOL"
                elif (n + i) % 7 == 0 or (i % 3 == 1 and (n + i) % 7 == 3):
                    code = "OFF"
                elif i % 5 == 2 and n == 14:
                    code = "AL"
                elif i % 5 == 3 and n in (15, 16):
                    code = "PL"
                elif i % 7 == 4 and n == 20:
                    code = "SL"
                elif long_shift and i % 4 == 0 and n % 3 == 0:
                    code = "L"
                else:
                    code = "ABC"[(n + i) % 3]
                w.writerow([eid, d.isoformat(), code, 0])
    return path


def run(policy: Path, roster: Path, month: str, out: Path, db: Path) -> dict[tuple[str, str], Decimal]:
    res = CliRunner().invoke(main, [
        "run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(policy),
        "--kpi", str(any_month_kpi()), "--attendance", str(roster), "--month", month,
        "--out", str(out), "--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    with open(out / f"payroll-{month}-lines.csv", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["rule_id"] in HOURS_RULES]
    got = {(r["employee_id"], r["rule_id"]): D(r["amount"]) for r in rows}
    assert len(got) == len(rows)                       # one line per employee and rate
    return got


def close(month: str, db: Path) -> None:
    res = CliRunner().invoke(main, ["close", "--month", month, "--db", str(db)], catch_exceptions=False)
    assert res.exit_code == 0, res.output


MONTHS = {
    "2026-11": lambda tmp, long: EXAMPLES / "roster-2026-11.csv",
    "2026-12": lambda tmp, long: DATA / "roster-2026-12.csv",     # solved by `roster solve`, 20 s; joiner, leaver
    "2027-01": lambda tmp, long: synthetic_roster(tmp / "roster-2027-01.csv", 2027, 1, long),
}


class TestEveryOvertimeLineRecomputed:
    @pytest.mark.parametrize("month", list(MONTHS))
    @pytest.mark.parametrize("period", [None, "month"], ids=["standard", "comprehensive-month"])
    def test_to_the_fen(self, tmp_path, month, period):
        long = month == "2027-01"
        policy = policy_variant(tmp_path, period, long_shift=long)
        roster = MONTHS[month](tmp_path, long)
        got = run(policy, roster, month, tmp_path / "out", tmp_path / "ledger.sqlite")
        year, mon = (int(p) for p in month.split("-"))
        expected = expected_lines(policy, [(roster, year, mon)])
        assert got == expected
        rules = {r for _, r in expected}
        # the cases are really there: rest-day work everywhere under standard hours, holiday work and 10-h
        # days in January
        assert rules >= ({"rest_day_overtime"} if period is None else {"overtime"})
        if long:
            assert "holiday_overtime" in rules and (period or "overtime" in rules)


class TestQuarterThroughTheLedger:
    """Comprehensive hours by the quarter, July–September 2026: July and August are run and closed and pay
    only their holiday work (none); September pays the quarter's ordinary time over the quarter's standard,
    summed from the ledger, and its own holiday (25 September)."""

    def test_the_third_month_pays_the_quarters_sum(self, tmp_path):
        policy = policy_variant(tmp_path, "quarter")
        db = tmp_path / "ledger.sqlite"
        months = []
        for mon in (7, 8, 9):
            roster = synthetic_roster(tmp_path / f"roster-2026-{mon:02d}.csv", 2026, mon)
            months.append((roster, 2026, mon))
            got = run(policy, roster, f"2026-{mon:02d}", tmp_path / f"out-{mon}", db)
            if mon < 9:
                assert got == {}          # no holiday in July or August, nothing over the standard until September
                close(f"2026-{mon:02d}", db)
        assert got == expected_lines(policy, months)
        over = {eid for eid, rule in got if rule == "overtime"}
        assert over and {"holiday_overtime"} <= {rule for _, rule in got}
        # the sum differs from September alone for someone: the period, not the month, was settled
        alone = expected_lines(policy, months[-1:])
        assert any(got.get((eid, "overtime")) != alone.get((eid, "overtime")) for eid in over)

    def test_a_month_before_the_last_says_when_it_settles(self, tmp_path):
        policy = policy_variant(tmp_path, "quarter")
        roster = synthetic_roster(tmp_path / "roster-2026-07.csv", 2026, 7)
        res = CliRunner().invoke(main, [
            "run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(policy),
            "--kpi", str(any_month_kpi()), "--attendance", str(roster), "--month", "2026-07",
            "--out", str(tmp_path / "out"), "--db", str(tmp_path / "ledger.sqlite")], catch_exceptions=False)
        assert "超出标准的工时在 2026-09 按整个周期合计结算" in res.output


def test_lines_are_in_words_in_the_workbook(tmp_path):
    """奖罚明细 lists the overtime lines; each slip carries them in words under the figures."""
    policy = policy_variant(tmp_path)
    run(policy, EXAMPLES / "roster-2026-11.csv", "2026-11", tmp_path / "out", tmp_path / "ledger.sqlite")
    wb = load_workbook(tmp_path / "out" / "payroll-2026-11.xlsx", read_only=True)
    details = [r for r in wb["奖罚明细"].iter_rows(values_only=True) if r[4] == "休息日加班费"]
    # the example roster gives KF001 25 days of 8 h against 21 working days: 32 h, 5,000 × 32 × 2 ÷ 174
    kf001 = next(r for r in details if r[0] == "KF001")
    assert kf001[5] == "加班工资" and D(str(kf001[6])).quantize(D("0.01")) == D("1839.08")
    assert kf001[7].startswith("休息日加班 32 小时 × 小时工资 28.74（5,000 ÷ 174）× 200 %")
    assert kf001[8] == "加班 32 小时，计薪基数 5,000.00，基数来源 基本工资，小时工资 28.74，倍率 200 %"
    words = [w for slip in slips_by_employee(wb["工资条"]).values() for w in slip["依据"]]
    assert len(words) == len(details) and words[0].startswith("休息日加班费：休息日加班 32 小时")
    assert not [r for r in wb["人事预警"].iter_rows(values_only=True) if r and r[2] == "加班超过每月上限"]
    # KF001 made to work one of their rest days too (26 days): 40 h of overtime is 4 h over the 36-h cap,
    # said in words against the calendar's standard (not 174 h)
    text = (EXAMPLES / "roster-2026-11.csv").read_text(encoding="utf-8-sig")
    first_off = next(line for line in text.splitlines() if line.startswith("KF001,") and ",OFF," in line)
    over = tmp_path / "roster-over.csv"
    over.write_text(text.replace(first_off, first_off.replace(",OFF,", ",A,")), encoding="utf-8")
    run(policy, over, "2026-11", tmp_path / "over", tmp_path / "over.sqlite")
    wb = load_workbook(tmp_path / "over" / "payroll-2026-11.xlsx", read_only=True)
    warned = {r[0]: r[3] for r in wb["人事预警"].iter_rows(values_only=True) if r and r[2] == "加班超过每月上限"}
    assert warned["KF001"] == ("本月加班 40 小时（工作 208 小时，标准 168 小时（21 个工作日）：休息日 40 小时，延长工作时间 "
                               "0 小时，法定节假日 0 小时），超过上限 36 小时 4 小时（劳动法第四十一条）")


def test_the_regime_is_named_and_an_unapproved_comprehensive_regime_is_flagged(tmp_path):
    text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8").replace(
        'regime = "standard"', 'regime = "comprehensive"\nperiod = "month"', 1)
    policy = tmp_path / "policy.toml"
    policy.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, [
        "run", "--team", str(EXAMPLES / "team.xlsx"), "--policy", str(policy),
        "--kpi", str(any_month_kpi()), "--attendance", str(EXAMPLES / "roster-2026-11.csv"),
        "--month", "2026-11", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "ledger.sqlite")],
        catch_exceptions=False)
    assert "综合计算工时制（以月为周期）须经劳动保障行政部门批准" in res.output
    about = dict(r[:2] for r in load_workbook(tmp_path / "out" / "payroll-2026-11.xlsx", read_only=True)["说明"]
                 .iter_rows(values_only=True) if r and r[0])
    assert about["工时制度 working time"].startswith("综合计算工时制（以月为周期）：每日 8 小时")
