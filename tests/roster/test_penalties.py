"""The one Breach record (roster.penalties): the solver's read-back and the validator give the same
records for the same roster; hard ones are violations with the rule in words, soft ones priced."""
from __future__ import annotations

from datetime import date

from conftest import make_instance, solved

from roster.instance import Assignment, Cover, Setting
from roster.penalties import Breach, breach
from roster.validate import check


def pairs_wanted(people: int = 2):
    """Seven days, each person exactly 2 rest days, wanted in pairs (soft, weight 3)."""
    return make_instance(people=people, days=7, person={"rest_days": 2, "min_consecutive_off": 2},
                         settings={"min_consecutive_off": Setting(False, 3)})


class TestBreach:
    def test_soft_is_priced_and_worded(self):
        b = Breach("min_consecutive_off", "P1", "张三", 3, date(2026, 6, 4), 2, "P1 张三 06-04（周四）起只连休 1 天",
                   hard=False, weight=3)
        assert b.amount == 6
        assert b.priced_words == "P1 张三 06-04（周四）起只连休 1 天（2 × 权重 3）"
        assert str(b) == "最少连续休息（min_consecutive_off）：P1 张三 06-04（周四）起只连休 1 天（2 × 权重 3），扣 6 分"

    def test_hard_costs_nothing_and_reads_as_the_rule(self):
        b = Breach("rest_days", "P1", "张三", None, None, 1, "P1 张三 本月公休 5 天，规定恰好 4 天", hard=True)
        assert b.amount == 0
        assert str(b) == "每月公休（rest_days）：P1 张三 本月公休 5 天，规定恰好 4 天"

    def test_built_from_indexes(self):
        inst = make_instance(people=2, days=7)
        b = breach(inst, "leave", 1, 2, 1, "words")
        assert (b.person, b.name, b.day, b.date) == ("P2", "P2", 2, date(2026, 6, 3))
        before = breach(inst, "succession", 0, -1, 1, "words")          # a day of the previous month
        assert (before.day, before.date) == (-1, None)


class TestOneRecordEverywhere:
    def test_solver_and_validator_give_the_same_records(self):
        # P1 on leave day 3 (fixed AL) and both people needed on days 2 and 4: P1's leave is a
        # lone day off between worked days whatever the roster, 1 unit of weight 3; the rest days pair
        inst = pairs_wanted()
        inst.fixed = {(0, 3): "AL"}
        inst.covers = [Cover(2, "A", None, 2), Cover(4, "A", None, 2)]
        result = solved(inst)
        assert result.status == "OPTIMAL" and result.objective == 3
        report = check(inst, result.assignment)
        key = lambda b: (b.rule_id, b.person, b.day, b.date, b.units, b.weight, b.amount, b.hard)  # noqa: E731
        assert sorted(map(key, result.penalties)) == sorted(map(key, report.penalties))
        assert all(isinstance(b, Breach) for b in result.penalties + report.penalties)

    def test_validator_violations_are_breaches_of_hard_rules(self):
        inst = pairs_wanted(people=1)
        # three rest days where the rule says exactly two
        report = check(inst, Assignment([["OFF", "OFF", "A", "A", "OFF", "A", "A"]], [[] for _ in range(7)]))
        [v] = report.violations
        assert (v.rule_id, v.person, v.hard, v.amount, v.units) == ("rest_days", "P1", True, 0, 1)
        assert str(v) == "每月公休（rest_days）：P1 本月公休 3 天，规定恰好 2 天"
        # the rest day at day 4 is a lone one between worked days: 1 unit of weight 3
        [p] = report.penalties
        assert (p.rule_id, p.day, p.date, p.amount, p.hard) == ("min_consecutive_off", 4, date(2026, 6, 5), 3, False)
