"""Annual leave (payroll.annual_leave): entitlement by service, the joiner's and leaver's prorating,
the balance through the ledger's run / close / reopen, and the unused days paid. Expected figures are
worked by hand from 职工带薪年休假条例 art. 3 and 企业职工带薪年休假实施办法 §5, §10, §12."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kefu.team import Employee
from payroll.annual_leave import (annual_leave_payout, full_entitlement, month_balance, service_years,
                                  year_entitlement)
from payroll.ledger import InputFile, Ledger, LedgerError, read_history
from payroll.lines import PayLine
from payroll_testkit import policy
from workbook_reading import slips_by_employee

D = Decimal


def employee(eid="KF100", hire=date(2020, 1, 1), leave=None, work_start=None, taken=None) -> Employee:
    return Employee(eid, "张三", "presale", "P3", "二档", None, hire, None, leave, False, None, None, None, None, 2,
                    work_start_date=work_start, annual_leave_taken=taken)


AL = policy().annual_leave


class TestEntitlementByService:
    """条例 art. 3: ≥ 1 and < 10 years 5 days, ≥ 10 and < 20 10 days, ≥ 20 15 days."""

    @pytest.mark.parametrize("years, days", [(0, 0), (1, 5), (2, 5), (9, 5), (10, 10), (11, 10), (19, 10),
                                             (20, 15), (21, 15), (40, 15)])
    def test_tiers_on_below_and_above(self, years, days):
        assert full_entitlement(years, AL) == days

    @pytest.mark.parametrize("start, on, years", [(date(2016, 7, 1), date(2026, 6, 30), 9),
                                                  (date(2016, 7, 1), date(2026, 7, 1), 10),
                                                  (date(2016, 7, 1), date(2026, 7, 2), 10)])
    def test_completed_years(self, start, on, years):
        assert service_years(start, on) == years

    def test_service_counts_from_first_employment_anywhere(self):
        # hired here in 2020 (6 years at 2026-12-31) but working since 2014 (12 years): 10 days
        assert year_entitlement(employee(work_start=date(2014, 3, 1)), 2026, AL).days == 10
        assert year_entitlement(employee(), 2026, AL).days == 5

    def test_threshold_reached_by_the_end_of_the_year(self):
        # 10 years completed on 2026-12-31 exactly, not a day later
        assert year_entitlement(employee(work_start=date(2016, 12, 31)), 2026, AL).days == 10
        assert year_entitlement(employee(work_start=date(2017, 1, 1)), 2026, AL).days == 5


class TestProratedEntitlement:
    """实施办法 §5 (joiner) and §12 (leaver): calendar days ÷ 365 × the full days, fractions dropped."""

    def test_mid_year_joiner(self):
        # 2026-07-01..12-31 = 184 days; 184 / 365 × 5 = 2.52 → 2
        e = employee(hire=date(2026, 7, 1), work_start=date(2019, 9, 1))
        ent = year_entitlement(e, 2026, AL)
        assert (ent.full, ent.days) == (5, 2)
        assert "184/365 × 5" in ent.text

    def test_joiner_on_the_first_of_january_gets_the_whole_year(self):
        assert year_entitlement(employee(hire=date(2026, 1, 1), work_start=date(2019, 1, 1)), 2026, AL).days == 5

    def test_joiner_with_under_a_year_of_service_gets_nothing(self):
        assert year_entitlement(employee(hire=date(2026, 3, 1)), 2026, AL).days == 0

    def test_leaver(self):
        # leaves 2026-09-15: 01-01..09-15 = 258 days; 258 / 365 × 10 = 7.07 → 7
        e = employee(leave=date(2026, 9, 15), work_start=date(2015, 3, 1))
        assert year_entitlement(e, 2026, AL).days == 7


class TestAnnualLeavePayout:
    """实施办法 §10: 300 % of the daily wage per unused day, the normal 100 % already paid: the line adds 200 %."""

    def test_leaver_paid_the_prorated_days_left_in_the_leaving_month(self):
        e = employee(leave=date(2026, 9, 15), work_start=date(2015, 3, 1))
        bal = month_balance(e, 2026, 9, taken_month=1, taken_in_ledger=D(2), carried_in=D(0), policy=AL)
        assert (bal.entitlement, bal.taken, bal.remaining) == (7, 3, 4)
        [line] = annual_leave_payout(e, D(4000), bal, 2026, 9, policy())
        # 4000 / 21.75 = 183.908046; × 200 % × 4 days = 1471.264 → 1471.26
        assert line.rule_id == "annual_leave_payout" and line.amount == D("1471.26")
        assert "未休年假 4 天" in line.reason and "200%" in line.reason
        assert "应休 7 天，已休 3 天，未休 4 天" in line.reason

    def test_nothing_before_the_leaving_month(self):
        e = employee(leave=date(2026, 9, 15), work_start=date(2015, 3, 1))
        bal = month_balance(e, 2026, 8, 0, D(0), D(0), AL)
        assert annual_leave_payout(e, D(4000), bal, 2026, 8, policy()) == []

    def test_days_taken_beyond_the_prorated_entitlement_are_not_clawed_back(self):
        e = employee(leave=date(2026, 3, 31), work_start=date(2015, 3, 1))    # 90/365 × 10 = 2.47 → 2
        bal = month_balance(e, 2026, 3, 0, D(5), D(0), AL)
        assert bal.remaining == -3
        assert annual_leave_payout(e, D(4000), bal, 2026, 3, policy()) == []

    def test_december_pays_everyone_with_days_left(self):
        bal = month_balance(employee(), 2026, 12, 1, D(1), D(0), AL)        # 5 − 2 = 3 days
        [line] = annual_leave_payout(employee(), D(3000), bal, 2026, 12, policy())
        # 3000 / 21.75 = 137.931034; × 2 × 3 = 827.586 → 827.59
        assert line.amount == D("827.59")

    def test_rate_without_the_normal_wage_included_pays_the_whole_300_percent(self):
        pol = policy(annual_leave={"payout_includes_normal_wage": False})
        bal = month_balance(employee(), 2026, 12, 0, D(4), D(0), pol.annual_leave)   # 1 day left
        [line] = annual_leave_payout(employee(), D(3000), bal, 2026, 12, pol)
        assert line.amount == D("413.79")                                   # 137.931034 × 3

    def test_carry_over_pays_nothing_in_december_and_brings_the_days_into_next_year(self):
        pol = policy(annual_leave={"year_end": "carry_over"})
        bal = month_balance(employee(), 2026, 12, 0, D(2), D(0), pol.annual_leave)
        assert annual_leave_payout(employee(), D(3000), bal, 2026, 12, pol) == []
        jan = month_balance(employee(), 2027, 1, 0, D(0), bal.remaining, pol.annual_leave)
        assert (jan.due, jan.remaining) == (8, 8)

    def test_no_annual_leave_table_no_line(self):
        pol = policy()
        pol = pol.model_copy(update={"annual_leave": None})
        bal = month_balance(employee(), 2026, 12, 0, D(0), D(0), AL)
        assert annual_leave_payout(employee(), D(3000), bal, 2026, 12, pol) == []


class TestOpeningDays:
    """年假已休（启用前） counts in the year the shop adopted the tool, from the adopted month on."""

    def test_counted_only_in_the_adoption_year(self):
        al = policy(annual_leave={"adopted_month": "2026-11"}).annual_leave
        e = employee(taken=D(3))
        assert month_balance(e, 2026, 11, 0, D(0), D(0), al).taken == 3
        assert month_balance(e, 2027, 1, 0, D(0), D(0), al).taken == 0


class TestLedgerBalance:
    """A closed month's annual-leave days reduce the balance; reopening gives them back."""

    def _run(self, ledger, month, taken_month, e):
        history = read_history(ledger.path, month)
        bal = month_balance(e, 2026, int(month[5:]), taken_month, history.annual_leave_taken(e.employee_id),
                            history.annual_leave_left_last_year(e.employee_id), AL)
        ledger.record_run(month, [PayLine(e.employee_id, "base_salary", D("3000.00"), "base")], {}, {},
                          [InputFile("kpi", "kpi.xlsx", "ab" * 32)], "[payroll]\n", None,
                          annual_leave={e.employee_id: bal})
        return bal

    def test_run_close_reopen(self, tmp_path):
        e = employee()
        with Ledger(tmp_path / "ledger.sqlite") as ledger:
            oct_ = self._run(ledger, "2026-10", 2, e)
            assert (oct_.due, oct_.taken, oct_.remaining) == (5, 2, 3)
            with pytest.raises(LedgerError):                   # November waits for October's close
                read_history(ledger.path, "2026-11")
            ledger.close("2026-10")
            nov = self._run(ledger, "2026-11", 1, e)
            assert (nov.taken_before, nov.taken, nov.remaining) == (2, 3, 2)
            assert ledger.annual_leave("2026-11")[e.employee_id] == (5, D(0), D(2), 1, D(2))
            ledger.reopen("2026-10", "leave entered twice")
            ledger.record_run("2026-10", [PayLine(e.employee_id, "base_salary", D("3000.00"), "base")], {}, {},
                              [InputFile("kpi", "kpi.xlsx", "ab" * 32)], "[payroll]\n", None,
                              annual_leave={e.employee_id: month_balance(e, 2026, 10, 0, D(0), D(0), AL)})
            ledger.close("2026-10")
            assert ledger.history("2026-11").annual_leave_taken(e.employee_id) == 0
            ledger.reopen("2026-10", "check")
            assert ledger.history("2026-11").annual_leave_taken(e.employee_id) == 0   # open months do not count

    def test_carry_over_reads_last_years_last_closed_month(self, tmp_path):
        e = employee()
        with Ledger(tmp_path / "ledger.sqlite") as ledger:
            self._run(ledger, "2026-12", 1, e)
            ledger.close("2026-12")
            assert ledger.history("2027-01").annual_leave_left_last_year(e.employee_id) == 4
            assert ledger.history("2027-01").annual_leave_taken(e.employee_id) == 0


class TestLeaverThroughTheRun:
    """The example November with KF008 (二档 4,000, working since 2012-09-01, 3 days of 年假 in November)
    leaving on 2026-11-30: the payout line, 奖罚明细 and the slip's 应休 / 已休 / 未休."""

    def test_payout_on_the_slip_and_in_the_details(self, tmp_path):
        from openpyxl import load_workbook

        from payroll.run import RunInputs, run_month
        from payroll_testkit import EXAMPLES

        wb = load_workbook(EXAMPLES / "team.xlsx")
        ws = wb["员工"]
        col = ws.max_column + 1
        ws.cell(1, col, "参加工作日期")
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 1).value == "KF008":
                ws.cell(r, 9, date(2026, 11, 30))                 # 离职日期
                ws.cell(r, col, date(2012, 9, 1))
        wb.save(tmp_path / "team.xlsx")
        inputs = RunInputs(tmp_path / "team.xlsx", EXAMPLES / "policy.toml", EXAMPLES / "kpi-2026-11.xlsx",
                           EXAMPLES / "roster-2026-11.csv")
        result = run_month(inputs, "2026-11", tmp_path / "ledger.sqlite", tmp_path)
        payouts = [ln for ln in result.lines if ln.rule_id == "annual_leave_payout"]
        # 14 years on 2026-11-30 → 10 days; 01-01..11-30 = 334 days: 334/365 × 10 = 9.15 → 9; 9 − 3 = 6 days;
        # 4000 / 21.75 × 200 % × 6 = 2206.896 → 2206.90
        assert [(ln.employee_id, ln.amount) for ln in payouts] == [("KF008", D("2206.90"))]
        book = load_workbook(tmp_path / "payroll-2026-11.xlsx", read_only=True)
        details = [r for r in book["奖罚明细"].iter_rows(values_only=True) if r[4] == "未休年假工资"]
        assert len(details) == 1 and "应休 9 天，已休 3 天，未休 6 天" in details[0][7]
        assert "应休 9 天，已休 3 天，未休 6 天" in details[0][8]           # 依据 in words too
        shown = slips_by_employee(book["工资条"])["KF008"]
        assert (shown["年假应休"], shown["年假已休"], shown["年假未休"]) == (9, 3, 6)
        assert shown["未休年假工资"] == 2206.9
        with Ledger(tmp_path / "ledger.sqlite") as ledger:
            assert ledger.annual_leave("2026-11")["KF008"] == (9, D(0), D(0), 3, D(6))


def test_annual_leave_needs_an_annual_leave_type(tmp_path):
    from payroll.policy import load_payroll_policy
    from kefu.errors import InputError
    from payroll_testkit import EXAMPLES

    text = (EXAMPLES / "policy.toml").read_text(encoding="utf-8")
    path = tmp_path / "policy.toml"
    path.write_text(text.replace("annual = true\n", "", 1), encoding="utf-8")
    with pytest.raises(InputError, match="annual = true"):
        load_payroll_policy(path)
