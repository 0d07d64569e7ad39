"""`payroll run --opening-ytd FILE`: a company adopting the tool mid-year starts the income-tax year from
imported year-to-date figures, for employees with no closed month of the year in the ledger.

The official example (国家税务总局 累计预扣法): monthly wage 30,000, social insurance and housing fund
4,500, special additional deductions 2,000; January–March withheld 3,030 in total. April:
120,000 − 20,000 − 18,000 − 8,000 = 74,000 taxable; × 10 % − 2,520 = 4,880; − 3,030 = 1,850.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_cli_payroll import EXAMPLES, KPI_HEADERS, invoke, kpi_rows, policy_file, run_args, write_kpi

from kefu.calendar import month_dates, working_days
from kefu.team import read_team
from payroll.ledger import Ledger
from roster.policy import load_policy

D = Decimal
HEADER = ["工号", "累计收入", "累计专项扣除", "累计专项附加扣除", "累计其他扣除", "累计已扣税", "已计月数"]
OFFICIAL = ["KF001", 90000, 13500, 6000, None, 3030, 3]      # January to March


def write_opening(path: Path, *rows: list, header: list = HEADER) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "期初累计"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_attendance(path: Path, year: int, month: int) -> Path:
    """Everyone on A on the legal working days, OFF on the others (no overtime to muddle the wage)."""
    policy = load_policy(EXAMPLES / "policy.toml")
    team = read_team(EXAMPLES / "team.xlsx", policy.team, tuple(policy.roster.shifts))
    legal = set(working_days(year, month))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "date", "code", "duty"])
        for e in team.employees:
            for d in month_dates(year, month):
                code = "NA" if not e.employed_on(d) else ("A" if d in legal else "OFF")
                duty = e.employee_id == "KF002" and code == "A"
                w.writerow([e.employee_id, d.isoformat(), "C" if duty else code, int(duty)])
    return path


def month_inputs(tmp: Path, month: str, policy: Path) -> dict:
    year, mon = (int(p) for p in month.split("-"))
    headers = KPI_HEADERS + ["专项附加扣除", "社保公积金个人"]
    rows = [r + ([2000, 4500] if r[0] == "KF001" else [None, None]) for r in kpi_rows(year, mon)]
    return {"team": EXAMPLES / "team.xlsx", "policy": policy,
            "kpi": write_kpi(tmp / f"kpi-{month}.xlsx", rows, headers),
            "attendance": write_attendance(tmp / f"roster-{month}.csv", year, mon),
            "out": tmp / "out", "db": tmp / "out" / "ledger.sqlite"}


@pytest.fixture
def april(tmp_path):
    """KF001 (主管, 三档) earns 30,000 a month: the example policy with 三档 set to 30,000."""
    policy = policy_file(tmp_path)
    text = policy.read_text(encoding="utf-8")
    assert '"三档" = 5000' in text
    policy.write_text(text.replace('"三档" = 5000', '"三档" = 30000'), encoding="utf-8")
    return month_inputs(tmp_path, "2026-04", policy)


def lines_of(out: Path, month: str, eid: str) -> dict[str, D]:
    with open(out / f"payroll-{month}-lines.csv", encoding="utf-8-sig") as fh:
        return {r["rule_id"]: D(r["amount"]) for r in csv.DictReader(fh) if r["employee_id"] == eid}


def run_with_opening(inp: dict, opening: Path, month: str = "2026-04"):
    return invoke(run_args(inp, month=month) + ["--opening-ytd", str(opening)])


def test_official_example_april_withholds_1850(april, tmp_path):
    res = run_with_opening(april, write_opening(tmp_path / "opening.xlsx", OFFICIAL))
    assert res.exit_code == 0, res.output
    kf001 = lines_of(april["out"], "2026-04", "KF001")
    assert kf001["base_salary"] == D("30000.00") and sum(v for v in kf001.values() if v > 0) == D("30000.00")
    assert kf001["social_insurance"] == D("-4500.00")
    assert kf001["income_tax"] == D("-1850.00")
    with Ledger(april["db"]) as led:
        ytd = led.tax_ytd_after("2026-04")["KF001"]
        info = led.run_info("2026-04")
    assert (ytd.income, ytd.special_deductions, ytd.special_additional, ytd.months, ytd.tax_withheld) == \
        (D("120000.00"), D("18000.00"), D("8000.00"), 4, D("4880.00"))
    assert [f.role for f in info.inputs][-1] == "opening_ytd"


def test_without_the_opening_figures_april_counts_as_the_first_month(april):
    res = invoke(run_args(april, month="2026-04"))
    assert res.exit_code == 0, res.output
    # 30,000 − 5,000 − 4,500 − 2,000 = 18,500 × 3 % = 555
    assert lines_of(april["out"], "2026-04", "KF001")["income_tax"] == D("-555.00")
    # ... and the run says so: everyone hired before April (KF019 joins in May) lacks a year-to-date
    notice = next(ln for ln in res.output.splitlines() if "没有本年累计数" in ln)
    assert notice.startswith("提示：个税 2026：") and "把 2026-04 当作本年第一个月" in notice and "KF001" in notice


def test_no_missing_year_to_date_notice_with_the_opening_figures_or_in_january(april, tmp_path):
    res = run_with_opening(april, write_opening(tmp_path / "opening.xlsx", OFFICIAL))
    notice = next(ln for ln in res.output.splitlines() if "没有本年累计数" in ln)
    assert "KF001" not in notice and "KF002" in notice           # KF001's opening figures were given
    (tmp_path / "jan").mkdir()
    res = invoke(run_args(month_inputs(tmp_path / "jan", "2026-01", april["policy"]), month="2026-01"))
    assert res.exit_code == 0 and "没有本年累计数" not in res.output


def test_csv_opening_file_works_too(april, tmp_path):
    path = tmp_path / "opening.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows([HEADER, ["KF001", "90,000.00", "13500", "6000", "", "3030", "3"]])
    assert run_with_opening(april, path).exit_code == 0
    assert lines_of(april["out"], "2026-04", "KF001")["income_tax"] == D("-1850.00")


def test_the_next_month_takes_the_ledger_year_to_date(april, tmp_path):
    opening = write_opening(tmp_path / "opening.xlsx", OFFICIAL)
    assert run_with_opening(april, opening).exit_code == 0
    assert invoke(["close", "--month", "2026-04", "--db", str(april["db"])]).exit_code == 0
    may = month_inputs(tmp_path, "2026-05", april["policy"])
    # May: 150,000 − 25,000 − 22,500 − 10,000 = 92,500 × 10 % − 2,520 = 6,730; − 4,880 withheld = 1,850
    res = invoke(run_args(may, month="2026-05"))
    assert res.exit_code == 0, res.output
    assert lines_of(may["out"], "2026-05", "KF001")["income_tax"] == D("-1850.00")
    # Passing the opening file again changes nothing for KF001 and says so.
    res = run_with_opening(may, opening, month="2026-05")
    assert res.exit_code == 0, res.output
    assert "提示：opening.xlsx：账本中已有 KF001 在 2026 年已结账的月份" in res.output
    assert lines_of(may["out"], "2026-05", "KF001")["income_tax"] == D("-1850.00")


BAD = {
    "amount": (["KF001", "abc", 13500, 6000, None, 3030, 3],
               "opening.xlsx，工作表 期初累计，第 2 行，B 列（累计收入）：应填金额，现为“abc”"),
    "months": (["KF001", 90000, 13500, 6000, None, 3030, 2.5],
               "opening.xlsx，工作表 期初累计，第 2 行，G 列（已计月数）：已计月数应为 0 到 12 的整数，现为 2.5"),
    "unknown employee": (["KF999", 90000, 13500, 6000, None, 3030, 3],
                         "opening.xlsx，工号 列：工号 KF999 不在员工表中"),
    "more months than have passed": (["KF001", 90000, 13500, 6000, None, 3030, 4],
                                     "opening.xlsx，已计月数 列：KF001 的已计月数为 4，但 2026 年在 2026-04 之前"
                                     "只有 3 个月"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_opening_file_names_the_cell_and_writes_nothing(april, tmp_path, case):
    row, expected = BAD[case]
    res = run_with_opening(april, write_opening(tmp_path / "opening.xlsx", row))
    assert res.exit_code == 3
    assert res.output.strip().splitlines() == [f"错误：{expected}"]
    assert not april["out"].exists()


def test_missing_column_and_missing_file(april, tmp_path):
    res = run_with_opening(april, write_opening(tmp_path / "opening.xlsx", OFFICIAL[:-1], header=HEADER[:-1]))
    assert res.exit_code == 3 and res.output.strip() == ("错误：opening.xlsx，工作表 期初累计，第 1 行，已计月数 列："
                                                         "缺少“已计月数”列（表头也可写作 months）")
    res = run_with_opening(april, tmp_path / "nope.xlsx")
    assert res.exit_code == 3 and res.output.strip() == "错误：nope.xlsx：找不到期初累计表"
    assert not april["out"].exists()
