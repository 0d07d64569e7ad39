"""`payroll run --clock-in`: the lines CSV holds the matching late, early and absence lines, the fines stay
inside the 20 % fault-deduction guard (the cap shown when they would exceed it), and a bad clock-in
file stops the run before anything is written."""
from __future__ import annotations

import csv
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from test_cli_payroll import inputs, invoke, run_args, team  # noqa: F401  (inputs is a fixture)

D = Decimal
GRADES = {"一档": D(3000), "二档": D(4000), "三档": D(5000)}     # the example policy's grades
FAULTS = ("exam", "typing", "items_per_customer", "monthly_summary", "other_deduction", "late_arrival",
          "early_leave")
NOT_WAGE = ("fault_deduction_cap", "fault_deduction_carry", "minimum_wage", "social_insurance", "income_tax")
NORMAL = {"A": ("08:55", "18:03"), "C": ("14:55", "00:05")}          # C ends 24:00: out the next morning


def fen(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def roster(path: Path) -> list[tuple[str, date, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [(r["employee_id"], date.fromisoformat(r["date"]), r["code"]) for r in csv.DictReader(fh)]


def write_clock_in(path: Path, attendance: Path, special: dict) -> Path:
    """Every shift day on time; `special[(eid, day)] = (first, last)` overrides a day."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "日期", "上班1打卡时间", "下班1打卡时间"])
        for eid, d, code in roster(attendance):
            first, last = special.get((eid, d), NORMAL.get(code, ("", "")))
            w.writerow([eid, d.isoformat(), first, last])
    return path


def lines_of(out: Path) -> list[dict]:
    with open(out / "payroll-2026-11-lines.csv", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def monthly(eid: str) -> Decimal:
    return GRADES[next(e.grade for e in team().employees if e.employee_id == eid)]


def test_run_with_clock_in_writes_the_matching_lines(inputs, tmp_path):
    d = lambda n: date(2026, 11, n)  # noqa: E731
    special = {("KF003", d(2)): ("09:17", "18:00"),     # late 17 min: 16-30 tier, -50
               ("KF003", d(3)): ("09:05", "18:00"),     # on the 5-minute grace: nothing
               ("KF004", d(4)): ("08:50", "17:40"),     # early 20 min: -50
               ("KF002", d(6)): ("14:50", "23:50"),     # C shift, early 10 min: -20
               ("KF005", d(5)): ("", ""),               # no punch: a day absent
               ("KF006", d(9)): ("10:15", "18:00"),     # late 75 min: half a day absent
               ("KF007", d(7)): ("10:00", "12:00")}     # a rest day (OFF every 7th): ignored
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"], special)
    res = invoke(run_args(inputs) + ["--clock-in", str(clock)])
    assert res.exit_code == 0, res.output
    got = sorted((ln["employee_id"], ln["rule_id"], D(ln["amount"])) for ln in lines_of(inputs["out"])
                 if ln["rule_id"] in ("late_arrival", "early_leave", "absence"))
    assert got == sorted([("KF003", "late_arrival", D(-50)), ("KF004", "early_leave", D(-50)),
                          ("KF002", "early_leave", D(-20)),
                          ("KF005", "absence", -fen(monthly("KF005") / D("21.75"))),
                          ("KF006", "absence", -fen(monthly("KF006") * D("0.5") / D("21.75")))])
    reasons = {ln["reason"] for ln in lines_of(inputs["out"])}
    assert "11-02 迟到 17 分钟（上班 09:00，打卡 09:17，宽限 5 分钟）扣 50.00（16 分钟及以上档）" in reasons
    assert "打卡核对：迟到 1 次 -50.00，早退 2 次 -70.00" in res.output
    assert "KF007 11-07（休）" in res.output                   # the rest-day punch, as a notice
    wb = load_workbook(inputs["out"] / "payroll-2026-11.xlsx", read_only=True)
    details = [str(c) for row in wb["奖罚明细"].iter_rows(values_only=True) for c in row if c]
    assert any(c.startswith("11-04 早退 20 分钟") for c in details)


def test_fines_above_20_percent_are_capped(inputs, tmp_path):
    days = [d for eid, d, code in roster(inputs["attendance"]) if eid == "KF008" and code == "A"]
    special = {("KF008", d): ("09:45", "18:00") for d in days}     # 45 min late every day: -100 each
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"], special)
    res = invoke(run_args(inputs) + ["--clock-in", str(clock)])
    assert res.exit_code == 0, res.output
    own = [ln for ln in lines_of(inputs["out"]) if ln["employee_id"] == "KF008"]
    fines = [D(ln["amount"]) for ln in own if ln["rule_id"] == "late_arrival"]
    assert fines == [D(-100)] * len(days)
    wage = sum(D(ln["amount"]) for ln in own if ln["rule_id"] not in NOT_WAGE
               and not (ln["rule_id"] in FAULTS and D(ln["amount"]) < 0))
    faults = -sum(D(ln["amount"]) for ln in own if ln["rule_id"] in FAULTS and D(ln["amount"]) < 0)
    cap = fen(wage * D("0.20"))
    assert faults > cap
    (give_back,) = [ln for ln in own if ln["rule_id"] == "fault_deduction_cap"]
    assert D(give_back["amount"]) == faults - cap                       # what is taken this month is the cap
    assert f"超过上限 20% × 工资 {wage:,.2f} = {cap:,.2f}" in give_back["reason"]
    assert "过失扣款超过上限 1" in res.output


def test_fines_inside_the_cap_are_not_touched(inputs, tmp_path):
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"],
                           {("KF008", date(2026, 11, 2)): ("09:45", "18:00")})
    assert invoke(run_args(inputs) + ["--clock-in", str(clock)]).exit_code == 0
    own = [ln for ln in lines_of(inputs["out"]) if ln["employee_id"] == "KF008"]
    assert [D(ln["amount"]) for ln in own if ln["rule_id"] == "late_arrival"] == [D(-100)]
    assert not [ln for ln in own if ln["rule_id"] == "fault_deduction_cap"]


@pytest.mark.parametrize("row, where", [
    (["KF999", "2026-11-03", "09:00", "18:00"], "第 {n} 行，A 列（工号）：工号 KF999 不在员工表中"),
    (["KF001", "2026-10-31", "09:00", "18:00"], "第 {n} 行，B 列（日期）：日期 2026-10-31 不在 2026-11 内"),
    (["KF001", "2026-11-01", "09:00", "18:00"], "第 {n} 行，B 列（日期）：KF001 在 2026-11-01 有两行打卡"),
    (["KF001", "2026-11-02", "9:00 AM", "18:00"], "第 {n} 行，C 列（上班1打卡时间）：应填时间"),
])
def test_bad_clock_in_writes_nothing(inputs, tmp_path, row, where):
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"], {})
    with clock.open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(row)
    n = len(roster(inputs["attendance"])) + 2
    res = invoke(run_args(inputs) + ["--clock-in", str(clock)])
    assert res.exit_code == 3
    assert res.output.startswith(f"错误：clock-in.csv，{where.format(n=n)}")
    assert len(res.output.strip().splitlines()) == 1
    assert not inputs["out"].exists()


def test_out_of_order_on_a_day_shift(inputs, tmp_path):
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"],
                           {("KF003", date(2026, 11, 2)): ("09:00", "08:30")})
    res = invoke(run_args(inputs) + ["--clock-in", str(clock)])
    assert res.exit_code == 3
    assert "D 列（下班1打卡时间）：KF003 在 2026-11-02 的下班打卡 08:30 早于上班打卡 09:00（A 班 09:00–18:00 不跨夜）" \
        in res.output
    assert not inputs["out"].exists()


def test_clock_in_needs_the_policy_table(inputs, tmp_path):
    text = Path(inputs["policy"]).read_text(encoding="utf-8")
    start = text.index("[payroll.clock_in]")
    end = text.index("# ----", start)
    stripped = tmp_path / "no-clock-in.toml"
    stripped.write_text(text[:start] + text[end:], encoding="utf-8")
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"], {})
    res = invoke(run_args(inputs, policy=stripped) + ["--clock-in", str(clock)])
    assert res.exit_code == 3 and "没有表 [payroll.clock_in]" in res.output
    assert invoke(run_args(inputs, policy=stripped)).exit_code == 0      # without --clock-in it is not needed


def test_every_shift_day_is_checked(inputs, tmp_path):
    """A clean month writes no lines; an employee whose rows are all blank is absent on every shift day
    of the roster (and on no rest day)."""
    shift_days = [d for eid, d, code in roster(inputs["attendance"]) if eid == "KF010" and code in NORMAL]
    clean = write_clock_in(tmp_path / "clean.csv", inputs["attendance"], {})
    assert invoke(run_args(inputs) + ["--clock-in", str(clean)]).exit_code == 0
    assert not [ln for ln in lines_of(inputs["out"]) if ln["rule_id"] in ("late_arrival", "early_leave", "absence")]
    blank = {("KF010", d): ("", "") for eid, d, _ in roster(inputs["attendance"]) if eid == "KF010"}
    clock = write_clock_in(tmp_path / "clock-in.csv", inputs["attendance"], blank)
    assert invoke(run_args(inputs) + ["--clock-in", str(clock)]).exit_code == 0
    absent = [ln for ln in lines_of(inputs["out"]) if ln["rule_id"] == "absence"]
    assert {ln["employee_id"] for ln in absent} == {"KF010"}
    # a day's wage each, in roster order, until the month's base is used up (more shift days than
    # 21.75 would take more than a month's pay)
    daily = fen(monthly("KF010") / D("21.75"))
    k = min(len(shift_days), int((monthly("KF010") / daily).to_integral_value(rounding=ROUND_CEILING)))
    assert [ln["reason"][:5] for ln in absent] == [f"{d:%m-%d}" for d in shift_days[:k]]
    assert sum(D(ln["amount"]) for ln in absent) == -min(monthly("KF010"), daily * len(shift_days))
    rest = {d for eid, d, code in roster(inputs["attendance"]) if eid == "KF010" and code not in NORMAL}
    assert rest and not {ln["reason"][:5] for ln in absent} & {f"{d:%m-%d}" for d in rest}


def on_grade_one(source: Path, path: Path, eid: str) -> Path:
    """A copy of the team workbook with `eid` on 一档 (3,000): in Shanghai below the minimum wage once SI/HF
    on the city floor are taken off (the example team, a lawful shop, has nobody on it)."""
    wb = load_workbook(source)
    ws = wb["员工"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("工号")].value == eid)
    row[header.index("薪资档")].value = "一档"
    wb.save(path)
    return path


def test_absence_lowers_the_minimum_wage_due(inputs, tmp_path):
    """A day absent provides no normal hours: the minimum-wage top-up does not pay the deduction back,
    it shrinks by the day's wage less the day's share of the minimum (2,740 ÷ 21.75 in Shanghai)."""
    inputs = {**inputs, "team": on_grade_one(inputs["team"], tmp_path / "team.xlsx", "KF010")}
    clean = write_clock_in(tmp_path / "clean.csv", inputs["attendance"], {})
    assert invoke(run_args(inputs) + ["--clock-in", str(clean)]).exit_code == 0
    before = {ln["rule_id"]: D(ln["amount"]) for ln in lines_of(inputs["out"]) if ln["employee_id"] == "KF010"}
    absent = write_clock_in(tmp_path / "absent.csv", inputs["attendance"], {("KF010", date(2026, 11, 2)): ("", "")})
    assert invoke(run_args(inputs) + ["--clock-in", str(absent)]).exit_code == 0
    after = {ln["rule_id"]: D(ln["amount"]) for ln in lines_of(inputs["out"]) if ln["employee_id"] == "KF010"}
    daily = fen(GRADES["一档"] / D("21.75"))
    minimum = D(2740)                                      # [[payroll.statutory.cities."上海".minimum_wage]]
    assert before["base_salary"] == D(3000) and before["minimum_wage"] > 0 and after["absence"] == -daily
    assert after["minimum_wage"] - before["minimum_wage"] == daily - (minimum - fen(minimum * (1 - 1 / D("21.75"))))
