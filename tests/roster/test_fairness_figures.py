"""roster.fairness_figures on hand-made rosters (days 5, 6 are Sat, Sun; day 2 a statutory holiday)."""
from __future__ import annotations

from dataclasses import replace

from roster.fairness_figures import Spread, fairness_figures
from roster.instance import Assignment


def test_figures_counted_by_hand(make):
    inst = make(people=4, person={"fair_group": "team", "duty_eligible": True}, statutory=(2,), fair_shift="C",
                duty_per_day=1, duty_shift="C", duty_most_in_a_row=2)
    inst.people[3] = replace(inst.people[3], duty_eligible=False, max_per_shift={"C": 0})   # no C, no duty
    a = Assignment([
        "C C C C A A A".split(),         # C 4, holiday worked, no weekend rest, duty days 0-2 (3 in a row)
        "A A HOL C C OFF OFF".split(),   # C 2, weekend rest 2, duty days 3, 4
        "B B B B B OFF C".split(),       # C 1, weekend rest 1, holiday worked, duty day 6
        "A A A B B A B".split(),         # no C possible: not compared for C; no weekend rest
    ], duty=[[0], [0], [0], [1], [1], [], [2]])
    f = fairness_figures(inst, a)
    assert f.without_weekend_rest == ("P1", "P4")
    assert f.late_shifts == Spread(1, 4, 3)
    assert f.duty == Spread(1, 3, 3)                 # P4 is not duty-eligible
    assert f.holiday_work == Spread(0, 1, 4)
    assert (f.longest_duty_run, f.duty_limit) == (3, 2)
    assert f.line("C") == ("没有周末休息 2 人，C班每人 1–4 个，值班每人 1–3 天，最长连续值班 3 天（上限 2 天），"
                           "法定节假日出勤每人 0–1 天")


def test_part_month_people_not_in_the_spreads(make):
    inst = make(people=2, person={"fair_group": "team"}, fair_shift="C")
    inst.people[1] = replace(inst.people[1], fair_group=None)
    f = fairness_figures(inst, Assignment(["C A A A A OFF OFF".split(), "C C C C C C C".split()]))
    assert f.late_shifts == Spread(1, 1, 1) and f.without_weekend_rest == ("P2",)
    assert f.duty == Spread(0, 0, 0) and f.duty.text() == "—"
