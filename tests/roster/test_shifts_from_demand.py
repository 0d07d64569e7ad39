"""Shifts planned only from demand (ShiftDef.only_with_demand): never planned from per-shift counts,
chosen by interval_cover when they fit the chats better, kept when pinned; the policy refuses rules
that would need one without demand; the staffing report says which shifts were used and whether a
role is short of people or of the right shift times."""
from __future__ import annotations

from pathlib import Path

import pytest

from kefu.errors import InputError
from roster.demand.intervals import IntervalCover, IntervalNeed, ServiceParams, shift_window
from roster.demand.least_shift_days import least_shift_days
from roster.demand.staffing import people_needed, role_lines, role_verdict, shift_use_line, staffing
from roster.instance import Assignment, Setting, ShiftType, Wish
from roster.policy import load_policy

A = ShiftType("A", 480, 540, 1080)                                  # 09:00–18:00, one hour's break
D = ShiftType("D", 480, 780, 1320, only_with_demand=True)           # 13:00–22:00
EVENING = range(40, 44)                                             # 20:00–22:00: D covers it, A does not


def _instance(make, demand: bool, people: int = 2, days: int = 3, required: int = 1, slots=EVENING):
    inst = make(people=people, days=days, shifts=("A", "D"),
                wishes=[Wish(p, d, "D", "on", 5) for p in range(people) for d in range(days)],
                settings={"shift_preferences": Setting(False, 5), "interval_cover": Setting(False, 10)})
    inst.shifts = [A, D]
    if demand:
        windows = {s.id: shift_window(s.id, s.start_min, s.end_min, s.minutes, None) for s in inst.shifts}
        needs = [IntervalNeed(d, k, "presale", required, contacts=10.0, aht_s=180) for d in range(days) for k in slots]
        inst.interval_cover = IntervalCover(30, windows, needs, {"presale": ServiceParams(concurrency=3, aht_s=180)})
    return inst


class TestOnlyWithDemand:
    def test_not_planned_without_demand(self, make, solved):
        # every day asks for D (weight 5 each): without demand the planner still never plans it
        r = solved(_instance(make, demand=False))
        assert r.status == "OPTIMAL" and r.objective == 5 * 2 * 3
        assert all(code != "D" for row in r.assignment.codes for code in row)

    def test_planned_from_demand(self, make, solved):
        r = solved(_instance(make, demand=True))
        assert r.status == "OPTIMAL" and r.objective == 0
        assert all(code == "D" for row in r.assignment.codes for code in row)

    def test_unplanned_only_when_not_from_demand(self, make):
        assert _instance(make, demand=False).unplanned_shifts == {"D"}
        assert _instance(make, demand=True).unplanned_shifts == frozenset()

    def test_pinned_cell_keeps_it(self, make, solved):
        # a repair keeps a D typed in before its first day, though D is not planned without demand
        r = solved(_instance(make, demand=False), baseline=Assignment([["D", "A", "A"], ["A", "A", "A"]],
                                                                     [[] for _ in range(3)]), freeze_before=1)
        assert r.status == "OPTIMAL" and r.assignment.codes[0][0] == "D"
        assert all(code != "D" for row in r.assignment.codes for code in row[1:])


class TestLeastShiftDays:
    def test_night_shift_covers_the_next_morning(self, make):
        # a 22:00–06:00 shift (no break) is the only one on shift at 01:00; the need on day 2 at 01:00 is met
        # by day 1's night shift, the need on day 1 at 01:00 only by the previous month's, which is not ours
        inst = make(people=1, days=3, shifts=("N",))
        inst.shifts = [ShiftType("N", 480, 1320, 360)]
        windows = {"N": shift_window("N", 1320, 360, 480, None)}
        needs = [IntervalNeed(d, 2, "presale", 2, contacts=10.0) for d in (1, 2)]
        inst.interval_cover = IntervalCover(30, windows, needs, {"presale": ServiceParams()})
        assert least_shift_days(inst, "presale") == 4

    def test_breaks_count(self, make):
        # one person wanted all of 09:00–18:00: A's hour of break (staggered 12:30–14:30) leaves it short,
        # so two A shifts a day
        inst = _instance(make, demand=True, days=2, slots=range(18, 36))
        assert least_shift_days(inst, "presale") == 2 * 2


EXAMPLE = Path(__file__).parents[2] / "examples" / "policy.toml"


def _example_with(tmp_path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "policy.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


class TestPolicy:
    def test_example_shifts(self):
        shifts = load_policy(EXAMPLE).roster.shifts
        assert [s for s, d in shifts.items() if d.only_with_demand] == ["D", "E"]

    @pytest.mark.parametrize("where, old, new", [
        ("rules.duty.shift", 'per_day = 1\nshift = "C"', 'per_day = 1\nshift = "D"'),
        ("rules.coverage.minimum", "C = { presale = 3, aftersale = 2 }", "D = { presale = 3, aftersale = 2 }"),
    ])
    def test_rule_needing_it_without_demand(self, tmp_path, where, old, new):
        with pytest.raises(InputError, match=f"{where} names shift 'D', which is planned only from demand") as e:
            load_policy(_example_with(tmp_path, old, new))
        assert f"{where} 写了班次“D”，但它只在按需求排班时使用" in e.value.chinese()


class TestStaffingReport:
    def _report(self, make, codes, slots=EVENING):
        inst = _instance(make, demand=True, people=len(codes), required=2 if slots == EVENING else 1, slots=slots)
        return inst, staffing(inst, Assignment(codes, [[] for _ in range(inst.n_days)]))

    def test_shift_use(self, make):
        inst, report = self._report(make, [["A", "D", "D"], ["D", "OFF", "A"]])
        assert report.shift_days == {"A": 2, "D": 3}
        assert shift_use_line(inst, report) == "班次人次：A 09:00–18:00 2，D 13:00–22:00（仅按需求排班） 3"

    def test_short_of_people_at_once(self, make):
        # two people wanted 20:00–22:00 every day and one person in the role: no shift times can do it
        inst, report = self._report(make, [["D", "D", "D"]])
        assert people_needed(report, "presale") == 2
        assert role_verdict(report, "presale", inst) == "人数不够：至少要 2 人（现 1 人；06-01（周一）20:00–20:30 要 2 人同时在班）"

    def test_short_of_people_by_hours(self, make):
        # one person wanted while A is there in full (09:00–12:30, 14:30–18:00: 7 h a day, 21 h) and one
        # person working one A shift (8 h): three A shifts would do, by hours and by shift times alike
        inst, report = self._report(make, [["A", "OFF", "OFF"]], slots=[*range(18, 25), *range(29, 36)])
        assert report.least_shift_days == {"presale": 3}
        assert people_needed(report, "presale") == 3
        assert role_verdict(report, "presale", inst) == "人数不够：至少要 3 人（现 1 人；需要 21 人时，每人本月做 8 小时）"

    def test_short_of_people_by_shift_times(self, make):
        # one person wanted 09:00–09:30 (only A covers it) and 21:30–22:00 (only D): 3 h of a 24-h month,
        # one at a time, yet two shifts a day, six in three days, for people working three days each
        inst, report = self._report(make, [["A", "D", "A"]], slots=(18, 43))
        assert report.least_shift_days == {"presale": 6}
        assert people_needed(report, "presale") == 2
        assert role_verdict(report, "presale", inst) == "人数不够：至少要 2 人（现 1 人；每个时段都够人至少要 6 人次班，每人本月上 3 天）"

    def test_short_of_shift_times(self, make):
        # two people, one on A: the evening has one where two are wanted, though two people would do
        inst, report = self._report(make, [["A", "A", "A"], ["D", "D", "D"]])
        assert people_needed(report, "presale") == 2
        assert role_verdict(report, "presale", inst) == "12 个时段缺人是班次时间或休息日与咨询量不合，不是人数"
        assert role_lines(inst, report) == ["presale：需要 12 人时，2 人排了 6 人时；" + role_verdict(report, "presale", inst)]

    def test_nothing_short(self, make):
        inst, report = self._report(make, [["D", "D", "D"], ["D", "D", "D"]])
        assert role_verdict(report, "presale", inst) == "" and role_lines(inst, report) == []
