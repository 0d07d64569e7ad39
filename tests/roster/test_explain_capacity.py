"""The capacity check of roster.explain: shortfalls that hold whatever the roster, named exactly."""
from decimal import Decimal

from kefu.working_time import MonthStandard, WorkingTimePolicy
from roster.explain import capacity_shortages, explain_infeasible
from roster.instance import Cover, Person, Setting
from roster.planner import Budget, plan

from conftest import PROFILE, make_instance


def _covers(days, need):
    return [Cover(d, s, "presale", n) for d in range(days) for s, n in need.items()]


class TestCapacityPerDay:
    def test_enough_people_no_shortage(self):
        inst = make_instance(people=4, days=7, covers=_covers(7, {"A": 2, "C": 2}))
        assert capacity_shortages(inst) == []

    def test_one_more_than_available_is_short_one(self):
        inst = make_instance(people=4, days=7, covers=_covers(7, {"A": 2, "C": 3}))
        short = capacity_shortages(inst)
        assert [(s.day, s.role, s.needed, s.possible, s.short) for s in short] == \
            [(d, "presale", 5, 4, 1) for d in range(7)]
        assert short[0].words == ("班次人数（coverage）：06-01（周一）需要 5 人（presale：A班 2、C班 3），"
                                  "在职且未请假的只有 4 人，缺 1 人")
        named = capacity_shortages(inst, role_names={"presale": "售前"})
        assert "需要 5 人（售前：A班 2、C班 3）" in named[0].words

    def test_leave_reduces_who_is_available(self):
        inst = make_instance(people=4, days=7, covers=_covers(7, {"A": 2, "C": 2}), fixed={(0, 3): "SL"})
        short = capacity_shortages(inst)
        assert [(s.day, s.short) for s in short] == [(3, 1)]


class TestCapacityOverTheMonth:
    def test_rest_days_leave_too_few_person_days(self):
        # 3 people x 7 days, 2 rest days each: 15 person-days; 3 a day x 7 = 21 needed
        inst = make_instance(people=3, days=7, person={"rest_days": 2}, covers=_covers(7, {"A": 3}))
        short = capacity_shortages(inst)
        assert [(s.day, s.needed, s.possible, s.short) for s in short] == [(None, 21, 15, 6)]

    def test_at_the_boundary_no_shortage(self):
        inst = make_instance(people=3, days=7, person={"rest_days": 2}, covers=_covers(7, {"A": 2})[:5] +
                             [Cover(d, "A", "presale", 1) for d in range(5, 7)])
        assert capacity_shortages(inst) == []       # 12 needed, 15 available


    def test_hours_cap_limits_the_days(self):
        # 7 days, a 40-h standard and an 8-h cap: 6 days of 8 h at most, though nobody has a rest day;
        # 2 people × 6 = 12 person-days against 2 a day × 7 = 14
        standard = MonthStandard(2026, 6, 5, Decimal(40), Decimal(8))
        inst = make_instance(people=2, days=7, person={"month_standard": standard, "overtime_cap": 8 * 60},
                             covers=_covers(7, {"A": 2}), working_time=WorkingTimePolicy(),
                             settings={"overtime_limit": Setting(True)})
        short = capacity_shortages(inst)
        assert [(s.day, s.needed, s.possible, s.short) for s in short] == [(None, 14, 12, 2)]
        assert "扣除请假和公休、守住每月加班上限后最多只能上 12 人次，缺 2 人次" in short[0].words
        inst.settings["overtime_limit"] = Setting(False, 1)          # soft: the hours no longer limit the days
        assert capacity_shortages(inst) == []

    def test_planner_answers_infeasible_at_once(self):
        inst = make_instance(people=3, days=7, person={"rest_days": 2}, covers=_covers(7, {"A": 3}))
        result = plan(inst, Budget(30), PROFILE)
        assert result.status == "INFEASIBLE" and result.assignment is None and result.strategy == "capacity"


class TestDutyCapacity:
    def test_no_eligible_person_that_day(self):
        people = [Person("P1", "P1", "presale", duty_eligible=True), Person("P2", "P2", "presale")]
        inst = make_instance(people=2, days=3, duty_per_day=1, duty_shift="C", fixed={(0, 1): "AL"})
        inst.people = people
        short = capacity_shortages(inst)
        assert [(s.rule_id, s.day, s.short) for s in short] == [("duty", 1, 1)]


class TestExplanationUsesCapacity:
    def test_explanation_is_proven_and_names_the_day(self):
        inst = make_instance(people=4, days=3, covers=_covers(3, {"A": 2, "C": 3}))
        e = explain_infeasible(inst, 10, PROFILE)
        assert e.proven and e.conflicting_rules == ["coverage"]
        assert "人手不够" in e.lines[0]
        assert any("06-01（周一）" in line and "缺 1 人" in line for line in e.lines)
