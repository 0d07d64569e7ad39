"""The official cumulative-withholding examples (累计预扣法, 国家税务总局公告2018年第61号) through the real
product path: `payroll run` then `payroll close`, January to December 2026, each month's tax taken from
the ledger's year-to-date of the months closed before it.

The example policy with 三档 = 30,000 and 二档 = 10,000; nobody works a statutory holiday, so the leads
and aftersale agents (no project rewards) earn exactly their grade. HR gives SI + housing fund in the
KPI sheet (社保公积金个人) and the special additional deductions (专项附加扣除).

- KF022 (售后, 二档): wage 10,000, SI 1,500, special additional 1,000 → 75 every month:
  (10,000 − 5,000 − 1,500 − 1,000) × 3 % = 75; year 900.
- KF001 (主管, 三档): wage 30,000, SI 4,500, special additional 2,000 → cumulative taxable 18,500 × n:
  n = 1: 18,500 × 3 % = 555;  n = 2: 37,000 × 10 % − 2,520 = 1,180 − 555 = 625;
  n = 3..7: each month 18,500 × 10 % = 1,850;  n = 8: 148,000 × 20 % − 16,920 = 12,680 − 10,430 = 2,250;
  n = 9..12: 18,500 × 20 % = 3,700; year 27,480.
- KF023 (售后, 二档, SI 1,500): January 其他补贴 50,000 → taxable 60,000 − 5,000 − 1,500 = 53,500 →
  × 10 % − 2,520 = 2,830. February 15 days of 事假: 10,000 − 15 × 10,000/21.75 = 3,103.45 → cumulative
  taxable 63,103.45 − 10,000 − 3,000 = 50,103.45 → 2,490.35 < 2,830 already withheld → 0 (the 339.65
  over-withheld waits for the annual settlement; never a negative withholding).
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from test_cli_payroll import EXAMPLES, KPI_HEADERS, invoke, kpi_rows, policy_file, run_args, write_kpi

from kefu.calendar import build_days, working_days
from kefu.team import read_team
from payroll.ledger import Ledger
from roster.policy import load_policy

D = Decimal
YEAR = 2026
KF001_TAX = ["555", "625", "1850", "1850", "1850", "1850", "1850", "2250", "3700", "3700", "3700", "3700"]
HR_FIGURES = {"KF001": (4500, 2000), "KF022": (1500, 1000), "KF023": (1500, None)}   # SI override, special
PERSONAL_LEAVE = {("KF023", 2): 15}        # (employee, month) -> days of 事假 from the 1st


def write_attendance(path: Path, month: int) -> Path:
    """Everyone on A (the day's on-duty lead KF002 on C) on the legal working days: rest on the others and on
    statutory holidays, so nobody works beyond the standard hours."""
    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    cal = policy.roster.calendar
    days = build_days(YEAR, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove))
    legal = set(working_days(YEAR, month, cal.country, tuple(cal.statutory_add), tuple(cal.statutory_remove)))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        for e in team.employees:
            leave = PERSONAL_LEAVE.get((e.employee_id, month), 0)
            for day in days:
                d = day.date
                if not e.employed_on(d):
                    code = "NA"
                elif day.statutory:
                    code = "HOL"
                elif d.day <= leave:
                    code = "PL"
                else:
                    code = "A" if d in legal else "OFF"
                duty = e.employee_id == "KF002" and code == "A"
                w.writerow([e.employee_id, d.isoformat(), "C" if duty else code, int(duty)])
    return path


def write_month_kpi(path: Path, month: int) -> Path:
    headers = KPI_HEADERS + ["社保公积金个人", "专项附加扣除", "其他补贴"]
    rows = []
    for r in kpi_rows(YEAR, month):
        si, special = HR_FIGURES.get(r[0], (None, None))
        bonus = 50000 if (r[0], month) == ("KF023", 1) else None
        rows.append(r + [si, special, bonus])
    return write_kpi(path, rows, headers)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("year")
    policy = policy_file(tmp)
    text = policy.read_text(encoding="utf-8")
    assert '"三档" = 5000' in text and '"二档" = 4000' in text
    # unused annual leave carried over, not paid in December: the official examples hold the wage alone
    assert 'year_end = "pay"' in text
    policy.write_text(text.replace('"三档" = 5000', '"三档" = 30000').replace('"二档" = 4000', '"二档" = 10000')
                      .replace('year_end = "pay"', 'year_end = "carry_over"'), encoding="utf-8")
    out, db = tmp / "out", tmp / "out" / "ledger.sqlite"
    for m in range(1, 13):
        key = f"{YEAR}-{m:02d}"
        inputs = {"team": EXAMPLES / "team.xlsx", "policy": policy, "out": out, "db": db,
                  "kpi": write_month_kpi(tmp / f"kpi-{key}.xlsx", m),
                  "attendance": write_attendance(tmp / f"roster-{key}.csv", m)}
        res = invoke(run_args(inputs, month=key))
        assert res.exit_code == 0, res.output
        res = invoke(["close", "--month", key, "--db", str(db)])
        assert res.exit_code == 0, res.output
    return out, db


def lines(out: Path, month: int, eid: str) -> dict[str, Decimal]:
    got: dict[str, Decimal] = {}
    with open(out / f"payroll-{YEAR}-{month:02d}-lines.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            if r["employee_id"] == eid:
                got[r["rule_id"]] = got.get(r["rule_id"], D(0)) + D(r["amount"])
    return got


def register(out: Path, month: int, eid: str) -> dict[str, str]:
    with open(out / f"payroll-{YEAR}-{month:02d}.csv", encoding="utf-8-sig") as fh:
        return next(r for r in csv.DictReader(fh) if r["employee_id"] == eid)


def test_wage_10000_withholds_75_every_month(year):
    out, db = year
    for m in range(1, 13):
        got = lines(out, m, "KF022")
        assert (got["base_salary"], got["social_insurance"], got["income_tax"]) == \
            (D("10000.00"), D("-1500.00"), D("-75.00")), m
        assert D(register(out, m, "KF022")["cumulative_taxable_income"]) == D(2500 * m)
    with Ledger(db) as led:
        ytd = led.tax_ytd_after(f"{YEAR}-12")["KF022"]
    assert (ytd.months, ytd.tax_withheld, ytd.income) == (12, D("900.00"), D("120000.00"))


def test_wage_30000_month_by_month(year):
    out, db = year
    withheld = D(0)
    for m, expected in enumerate(KF001_TAX, start=1):
        got = lines(out, m, "KF001")
        assert got["base_salary"] == D("30000.00") and got["income_tax"] == -D(expected), m
        withheld += D(expected)
        row = register(out, m, "KF001")
        assert D(row["cumulative_taxable_income"]) == D(18500 * m)
        assert D(row["tax_withheld_ytd"]) == withheld
        assert D(row["net"]) == D("30000") - D("4500") - D(expected)
    assert withheld == D("27480")
    with Ledger(db) as led:
        assert led.tax_ytd_after(f"{YEAR}-12")["KF001"].tax_withheld == D("27480.00")
        assert all(led.status(f"{YEAR}-{m:02d}") == "closed" for m in range(1, 13))


def test_a_low_month_after_a_high_one_withholds_zero(year):
    out, _ = year
    jan, feb = lines(out, 1, "KF023"), lines(out, 2, "KF023")
    assert jan["other_allowance"] == D("50000.00") and jan["income_tax"] == D("-2830.00")
    assert feb["base_salary"] + feb["unpaid_leave"] == D("3103.45")
    assert feb["income_tax"] == D("0.00")                       # not +339.65 paid back to the employee
    with open(out / f"payroll-{YEAR}-02-lines.csv", encoding="utf-8-sig") as fh:
        reason = next(r["reason"] for r in csv.DictReader(fh)
                      if r["employee_id"] == "KF023" and r["rule_id"] == "income_tax")
    assert "多扣 339.65 不退" in reason
    assert D(register(out, 2, "KF023")["tax_withheld_ytd"]) == D("2830.00")
    # March, a normal month: cumulative 73,103.45 − 15,000 − 4,500 = 53,603.45 × 10 % − 2,520 = 2,840.35,
    # less the 2,830 withheld = 10.35
    assert lines(out, 3, "KF023")["income_tax"] == D("-10.35")
    for m in range(1, 13):
        with open(out / f"payroll-{YEAR}-{m:02d}-lines.csv", encoding="utf-8-sig") as fh:
            assert all(D(r["amount"]) <= 0 for r in csv.DictReader(fh) if r["rule_id"] == "income_tax")
