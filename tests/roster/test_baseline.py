"""What no roster can avoid for a person (roster.baseline), derived by hand on a 31-day month, and
the soft costs split into that baseline and what could be better."""
from __future__ import annotations

from conftest import make_instance, solved

from roster.baseline import actionable, summary_lines, unavoidable
from roster.instance import Assignment, Setting
from roster.penalties import Breach
from roster.validate import check

W, R = "A", "OFF"


def month(people: int = 3):
    """31 days; everyone exactly 4 rest days, at most 7 working days in a row, rest days wanted in
    pairs (soft, weight 3); the last person on annual leave days 10-14."""
    inst = make_instance(people=people, days=31,
                         person={"rest_days": 4, "max_consecutive_work": 7, "min_consecutive_off": 2},
                         settings={"min_consecutive_off": Setting(False, 3)})
    inst.fixed = {(people - 1, d): "AL" for d in range(10, 15)}
    return inst


def row(*blocks) -> list[str]:
    """('W', 7), ('R', 1), … as a row of codes."""
    return [W if code == "W" else R for code, n in blocks for _ in range(n)]


# 27 working days in blocks of at most 7 need at least 4 blocks, so at least 3 blocks of rest between
# them (edge blocks are exempt, and one there only takes a rest day from between); 4 rest days over 3
# or more blocks leave at least 2 of one day: 2 units × weight 3 = 6, reached by 7 W, R, 7 W, RR, 7 W, R, 6 W.
FULL_MONTH = 6
# With 5 days of leave (10-14): 22 working days, at least 3 blocks of days off between 4 working
# blocks; the leave is one of them, the 4 rest days make two pairs: 0.
ON_LEAVE = 0


class TestUnavoidable:
    def test_hand_derived_floors(self):
        floors = unavoidable(month())
        assert {p: f.least for p, f in floors.floors.items()} == {"P1": FULL_MONTH, "P2": FULL_MONTH, "P3": ON_LEAVE}
        assert floors.floors["P1"].by_rule == {"min_consecutive_off": FULL_MONTH}
        assert floors.total == 2 * FULL_MONTH

    def test_kept_days_of_a_repair_count(self):
        # kept up to day 22 with lone rest days on days 7, 14 and 21: the 9 days left hold 8 working
        # days and the last rest day, which must split them (at most 7 in a row) and so stands alone
        # (next to day 21 it would leave 8 in a row): 4 lone rest days, 12
        inst = month(people=1)
        inst.fixed = {}
        kept = Assignment([row(("W", 7), ("R", 1), ("W", 6), ("R", 1), ("W", 6), ("R", 1), ("W", 9))],
                          [[] for _ in range(31)])
        floors = unavoidable(inst, kept, freeze_before=22)
        assert floors.floors["P1"].least == 4 * 3
        assert floors.limits.endswith("，06-23（周二）之前保持不变")          # day 22 of a month from Monday 06-01
        assert unavoidable(inst).floors["P1"].least == FULL_MONTH

    def test_no_floor_without_person_rules(self):
        inst = make_instance(people=2, days=7)
        floors = unavoidable(inst)
        assert floors.total == 0
        assert actionable([], floors).floor_words is None
        assert summary_lines(actionable([], floors)) == ["软约束扣分 0"]

    def test_nothing_unavoidable_everything_listed(self):
        inst = make_instance(people=1, days=7)
        wish = Breach("day_off_requests", "P1", "P1", 2, None, 1, "P1 申请 06-03（周三）休息，却排了A班",
                      hard=False, weight=10)
        view = actionable([wish], unavoidable(inst))
        assert summary_lines(view) == ["软约束扣分 10；可以更好的 10 分：", "  各人自己的规则扣 10 分：P1 10 分"]


class TestActionable:
    def test_a_roster_at_everyones_floor_has_nothing_to_act_on(self):
        inst = month()
        result = solved(inst)
        assert result.status == "OPTIMAL" and result.objective == 2 * FULL_MONTH
        view = actionable(check(inst, result.assignment).penalties, unavoidable(inst))
        assert (view.total, view.unavoidable, view.actionable, view.people) == (12, 12, 0, [])
        assert view.floor_words.startswith("每人 0–6 分（2 人 6 分，1 人 0 分）是任何排班都免不了的：")
        assert view.floor_words.endswith("；3 人共 12 分，算作 0")
        assert summary_lines(view)[0] == "软约束扣分 12，其中 12 分任何排班都免不了；没有可以更好的"

    def test_a_person_above_the_floor_and_other_costs_are_listed(self):
        inst = month(people=2)
        inst.fixed = {}
        # P1: four lone rest days (7 W, R, 6 W, R, 6 W, R, 6 W, R, 2 W): 12, 6 above the floor;
        # P2 at the floor (7 W, R, 7 W, RR, 7 W, R, 6 W): 6
        lone = row(("W", 7), ("R", 1), ("W", 6), ("R", 1), ("W", 6), ("R", 1), ("W", 6), ("R", 1), ("W", 2))
        best = row(("W", 7), ("R", 1), ("W", 7), ("R", 2), ("W", 7), ("R", 1), ("W", 6))
        report = check(inst, Assignment([lone, best], [[] for _ in range(31)]))
        assert report.ok and report.total_penalty == 18
        other = Breach("fair_late_shifts", None, None, None, None, 2, "presale 组C班次数不均", hard=False, weight=2)
        view = actionable(report.penalties + [other], unavoidable(inst))
        [above] = view.people
        assert (above.person, above.total, above.least, above.excess) == ("P1", 12, 6, 6)
        assert len(above.lines) == 4
        assert view.others == [other]
        assert (view.total, view.unavoidable, view.actionable) == (22, 12, 10)
        lines = summary_lines(view)
        assert lines[0] == "软约束扣分 22，其中 12 分任何排班都免不了；可以更好的 10 分："
        assert lines[1].startswith("  每人至少 6 分是任何排班都免不了的：只排一个人的整月（31 天公休 4 天、最多连续上班 7 天、"
                                   "至少连休 2 天），最少连续休息（min_consecutive_off）也要扣这些分")
        assert lines[2] == "  比各自免不了的多扣 6 分：P1 6 分"
        assert lines[3] == "  晚班均衡（fair_late_shifts）4 分"

    def test_a_roster_breaking_hard_rules_can_go_below_the_floor(self):
        inst = month(people=1)
        inst.fixed = {}
        # 14 working days in a row twice and 3 rest days together: two hard rules broken, no lone rest
        report = check(inst, Assignment([row(("W", 14), ("R", 3), ("W", 14))], [[] for _ in range(31)]))
        assert not report.ok
        view = actionable(report.penalties, unavoidable(inst))
        assert (view.total, view.unavoidable, view.actionable, view.people) == (0, 0, 0, [])
