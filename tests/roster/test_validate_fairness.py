"""The validator's fairness checks on hand-made rosters: weekend_rest, duty_in_a_row, and the fair
spreads over everyone who can take the work with earlier months' carry. Days 5, 6 are Sat, Sun."""
from __future__ import annotations

from dataclasses import replace

from roster.instance import Assignment, Carried, Person, Setting
from roster.validate import check

SOFT = {"weekend_rest": Setting(False, 10), "duty_in_a_row": Setting(False, 5),
        "fair_late_shifts": Setting(False, 2), "fair_duty": Setting(False, 2)}


def roster(*rows: str, duty=None) -> Assignment:
    return Assignment([row.split() for row in rows], duty or [[] for _ in range(7)])


def amounts(report, rule_id):
    return sorted(p.amount for p in report.penalties if p.rule_id == rule_id)


class TestCheckWeekendRest:
    def test_missing_days_at_each_persons_weight(self, make):
        inst = make(people=3, person={"weekend_rest_min": 2}, settings=dict(SOFT))
        inst.people[1] = replace(inst.people[1], weekend_rest_weight=30)
        a = roster("A A A A A A A",            # 0 weekend days rested: 2 missing × 10
                   "A A A A A OFF A",          # 1 rested: 1 missing × 30
                   "A A A A A AL OFF")         # leave counts: none missing
        report = check(inst, a)
        assert amounts(report, "weekend_rest") == [20, 30]
        assert any("周末休息 0 天，至少应休 2 天" in p.words for p in report.penalties)

    def test_not_employed_weekend_is_not_rest(self, make):
        inst = make(people=1, person={"weekend_rest_min": 1}, settings=dict(SOFT), fixed={(0, 5): "NA"})
        assert amounts(check(inst, roster("A A A A A NA A")), "weekend_rest") == [10]


class TestCheckDutyInARow:
    def test_days_beyond_the_limit(self, make):
        inst = make(people=2, person={"duty_eligible": True}, duty_per_day=1, duty_shift="C",
                    duty_most_in_a_row=2, settings=dict(SOFT))
        duty = [[0], [0], [0], [0], [1], [1], [0]]       # P1 4 in a row: days 3 and 4 of it beyond 2
        a = roster("C C C C A A C", "A A A A C C A", duty=duty)
        report = check(inst, a)
        assert amounts(report, "duty_in_a_row") == [10]
        assert any("连续值班 4 天，最多连续 2 天" in p.words for p in report.penalties)

    def test_previous_month_run_continues(self, make):
        inst = make(people=2, person={"duty_eligible": True}, duty_per_day=1, duty_shift="C",
                    duty_most_in_a_row=2, settings={"duty_in_a_row": Setting(True)})
        inst.people[0] = replace(inst.people[0], history=("C", "C"), duty_history=(False, True))
        duty = [[0], [0], [1], [0], [1], [0], [1]]       # with last month's last day: 3 in a row
        a = roster("C C A C A C A", "A A C A C A C", duty=duty)
        report = check(inst, a)
        assert [v.rule_id for v in report.violations] == ["duty_in_a_row"]


class TestCheckFairAcrossRoles:
    def test_duty_spread_over_roles_with_carry(self, make):
        inst = make(people=2, person={"duty_eligible": True, "fair_group": "team"}, duty_per_day=1,
                    duty_shift="C", settings=dict(SOFT))
        inst.people[1] = Person("P2", "P2", "aftersale", duty_eligible=True, fair_group="team",
                                carried=Carried(duty=3, months=1))
        duty = [[0], [0], [0], [0], [0], [1], [1]]       # this month 5 and 2; with the carry 5 and 5
        a = roster("C C C C C A A", "A A A A A C C", duty=duty)
        assert amounts(check(inst, a), "fair_duty") == []
        inst.people[1] = replace(inst.people[1], carried=None)          # without it: spread 3 × 2
        assert amounts(check(inst, a), "fair_duty") == [6]

    def test_late_shifts_not_ruled_out_only(self, make):
        inst = make(people=3, person={"fair_group": "team"}, fair_shift="C", settings=dict(SOFT))
        inst.people[2] = replace(inst.people[2], role="lead", max_per_shift={"C": 0})
        a = roster("C C C A A A A", "C A A A A A A", "A A A A A A A")
        assert amounts(check(inst, a), "fair_late_shifts") == [4]        # 3 vs 1; the lead (no C) not compared
