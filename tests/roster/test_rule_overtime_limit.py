"""overtime_limit: planned overtime (kefu.working_time.month_hours) within the cap — free, forced
violation (INFEASIBLE), on the boundary, soft per started hour; extended time, holiday time, leave
counted as attended, comprehensive hours; the rows listed for a person keep a hard cap.

Every instance is one week from Monday 2026-06-01 with a standard given directly: 5 working days,
40 h (2,400 min). Shifts are 8 h (480 min) unless a test says otherwise.
"""
from __future__ import annotations

from decimal import Decimal

from kefu.working_time import MonthStandard, WorkingTimePolicy
from roster.instance import Assignment, Cover, Setting, ShiftType
from roster.model import RosterModel
from roster.patterns import person_patterns
from roster.validate import check

STANDARD = MonthStandard(2026, 6, 5, Decimal(40), Decimal(8))
STANDARD_HOURS = WorkingTimePolicy()
COMPREHENSIVE = WorkingTimePolicy(regime="comprehensive", period="quarter")


def needs(days, shift="A"):
    return [Cover(d, shift, None, 1) for d in days]


def week(make, cap_hours, covers, shifts=None, regime=STANDARD_HOURS, settings=None, rest_days=None, **kwargs):
    """One person over the week with a cap of `cap_hours` (hours, may be fractional)."""
    kwargs.setdefault("working_days", frozenset(range(5)))      # Monday to Friday are the legal working days
    inst = make(people=1, covers=covers, working_time=regime,
                person={"month_standard": STANDARD, "overtime_cap": int(cap_hours * 60), "rest_days": rest_days},
                settings=settings or {}, **kwargs)
    if shifts is not None:
        inst.shifts = shifts
    return inst


class TestOvertimeLimit:
    def test_free(self, make, solved):
        assert solved(week(make, 8, [])).status == "OPTIMAL"

    def test_forced_violation(self, make, solved):
        # 7 days × 8 h = 56 h against 40: 16 h of rest-day time, cap 8
        assert solved(week(make, 8, needs(range(7)))).status == "INFEASIBLE"

    def test_boundary(self, make, solved):
        # 6 days = 48 h: 8 h over the standard, exactly the cap
        r = solved(week(make, 8, needs(range(6))))
        assert r.status == "OPTIMAL" and sum(c == "A" for c in r.assignment.codes[0]) == 6

    def test_just_above_the_boundary(self, make, solved):
        assert solved(week(make, 7.5, needs(range(6)))).status == "INFEASIBLE"

    def test_soft_costs_each_started_hour_above(self, make, solved):
        # 16 h over the standard; cap 8 h: 8 h above at weight 5 = 40
        r = solved(week(make, 8, needs(range(7)), settings={"overtime_limit": Setting(False, 5)}))
        assert r.status == "OPTIMAL" and r.objective == 40
        # cap 7.5 h: 8.5 h above, 9 started hours = 45
        r = solved(week(make, 7.5, needs(range(7)), settings={"overtime_limit": Setting(False, 5)}))
        assert r.status == "OPTIMAL" and r.objective == 45

    def test_off_without_a_cap(self, make, solved):
        inst = make(people=1, covers=needs(range(7)), working_time=STANDARD_HOURS,
                    person={"month_standard": STANDARD})
        assert solved(inst).status == "OPTIMAL"

    def test_holiday_time_counts(self, make, solved):
        # Sunday (day 6) a statutory holiday: 5 ordinary days = the standard, 8 h on the holiday
        inst = week(make, 8, needs([0, 1, 2, 3, 4, 6]), statutory=(6,))
        assert solved(inst).status == "OPTIMAL"
        inst = week(make, 8, needs([0, 1, 2, 3, 4, 5, 6]), statutory=(6,))     # + 8 h rest-day time
        assert solved(inst).status == "INFEASIBLE"

    def test_extended_time_under_standard_hours(self, make, solved):
        # 10-h shifts on the 5 working days: the standard met, 5 × 2 h extended
        long = [ShiftType("A", 600, 480, 1140)]
        assert solved(week(make, 9, needs(range(5)), shifts=long)).status == "INFEASIBLE"
        assert solved(week(make, 10, needs(range(5)), shifts=long)).status == "OPTIMAL"

    def test_comprehensive_hours_count_the_total(self, make, solved):
        # 4 days of 10 h = 40 h = the standard: nothing over under comprehensive hours, while the
        # standard regime counts 4 × 2 h extended time
        long = [ShiftType("A", 600, 480, 1140)]
        assert solved(week(make, 0, needs(range(4)), shifts=long, regime=COMPREHENSIVE)).status == "OPTIMAL"
        assert solved(week(make, 0, needs(range(4)), shifts=long)).status == "INFEASIBLE"

    def test_leave_counts_as_attended(self, make, solved):
        # 6 days worked = 48 h: at the cap; a day of annual leave on day 0 makes it 56 h credited
        assert solved(week(make, 8, needs(range(1, 7)))).status == "OPTIMAL"
        inst = week(make, 8, needs(range(1, 7)), fixed={(0, 0): "AL"})
        assert solved(inst).status == "INFEASIBLE"

    def test_leave_on_a_rest_day_is_not_attended_time(self, make, solved):
        # as payroll counts it: leave credits the standard only on a legal working day
        inst = week(make, 8, needs([0, 1, 2, 3, 4, 6]), fixed={(0, 5): "AL"})
        assert solved(inst).status == "OPTIMAL"

    def test_validator_names_the_person_and_the_hours(self, make):
        inst = week(make, 8, [])
        report = check(inst, Assignment([["A"] * 7], [[] for _ in range(7)]))
        v = next(v for v in report.violations if v.rule_id == "overtime_limit")
        assert v.person == "P1"
        assert v.words == ("P1 本月计划工时 56 小时，标准 40 小时，加班 16 小时（延时 0 / 休息日 16 / 法定节假日 0 小时），"
                             "超过上限 8 小时 8 小时")
        assert v.figures["overtime_minutes"] == 16 * 60 and v.figures["cap_minutes"] == 8 * 60

    def test_rows_listed_keep_a_hard_cap(self, make):
        # one rest day among days 0-5 (day 6 a statutory holiday: worked or HOL): 6 × 2 rows; working
        # the holiday adds 8 h, so a 4-h cap leaves only the 6 rows resting it
        inst = week(make, 4, [], statutory=(6,), rest_days=1)
        rows = person_patterns(RosterModel(inst), 0)
        assert len(rows) == 6 and not any(row.works[6] for row in rows)
        inst = week(make, 8, [], statutory=(6,), rest_days=1)
        assert len(person_patterns(RosterModel(inst), 0)) == 12
