"""Rows (roster.patterns): the listed work/rest rows of a person, checked against brute force and
the independent validator, and the row formulation checked to change no optimum."""
from itertools import product

import pytest

from roster.instance import Assignment, Cover, Setting, Wish
from roster.model import RosterModel
from roster.patterns import (PATTERN_RULES, add_patterns, cheapest, interchangeable, order_interchangeable,
                             person_patterns, patterns_by_person, patterns_model)
from roster.planner import Budget, SolverProfile
from roster.planner.cp_sat import run_model
from roster.validate import check

from conftest import make_instance

ROW_SETTINGS = {"min_consecutive_off": Setting(False, 3), "day_off_requests": Setting(False, 1)}


def _instance(people=1, days=8, **fields):
    return make_instance(people=people, days=days, shifts=("A",),
                         person={"rest_days": 2, "max_consecutive_work": 4, "min_consecutive_off": 2},
                         settings=dict(ROW_SETTINGS), **fields)


def _three_people(*days_off: tuple[int, int]):
    """Three people, two on A every day of 8, and requested days off (person, day) of weight 4."""
    covers = [Cover(d, "A", "presale", 2) for d in range(8)]
    return _instance(people=3, covers=covers,
                     wishes=[Wish(p, d, None, "off", 4, "day_off_requests") for p, d in days_off])


def _brute_force(inst) -> dict[tuple[bool, ...], int]:
    """Every work/rest row of person 0 the validator accepts, with the validator's penalty."""
    out = {}
    for works in product((False, True), repeat=inst.n_days):
        codes = []
        for d, worked in enumerate(works):
            fixed = inst.fixed.get((0, d))
            if fixed is not None:
                if worked:
                    break
                codes.append(fixed)
            else:
                codes.append("A" if worked else ("HOL" if inst.days[d].statutory else "OFF"))
        else:
            report = check(inst, Assignment([codes], [[] for _ in range(inst.n_days)]))
            if not report.violations:
                out[works] = report.total_penalty
    return out


class TestPersonRows:
    def test_rows_are_exactly_the_valid_rows_with_the_validators_cost(self):
        inst = _instance(wishes=[Wish(0, 5, None, "off", 4, "day_off_requests")])
        rows = person_patterns(RosterModel(inst), 0)
        assert {row.works: row.cost for row in rows} == _brute_force(inst)

    def test_fixed_leave_and_history_are_respected(self):
        inst = _instance(fixed={(0, 2): "AL"})
        inst.people[0] = inst.people[0].__class__(**{**inst.people[0].__dict__, "history": ("A",) * 4})
        rows = person_patterns(RosterModel(inst), 0)
        assert rows and all(not row.works[2] and not row.works[0] for row in rows)   # 4 worked before day 0
        assert {row.works: row.cost for row in rows} == _brute_force(inst)

    def test_long_history_counts_only_its_recent_days(self):
        inst = _instance()
        recent = _instance()
        inst.people[0] = inst.people[0].__class__(**{**inst.people[0].__dict__,
                                                       "history": ("OFF",) + ("A",) * 12 + ("OFF", "A", "A")})
        recent.people[0] = recent.people[0].__class__(**{**recent.people[0].__dict__,
                                                           "history": ("A", "A", "OFF", "A", "A")})
        assert person_patterns(RosterModel(inst), 0) == person_patterns(RosterModel(recent), 0)

    def test_too_many_rows_are_not_listed(self):
        inst = make_instance(people=1, days=12, shifts=("A",))           # no rest-day rule: 4096 rows
        assert person_patterns(RosterModel(inst), 0, cap=100) is None
        assert patterns_by_person(RosterModel(inst), cap=100) == {}

    def test_every_or_none_stops_at_the_first_person_too_many(self):
        # person 0: 4,096 rows over 12 free days; person 1 on leave for 8 of them: 16
        inst = make_instance(people=2, days=12, shifts=("A",), fixed={(1, d): "AL" for d in range(8)})
        some = patterns_by_person(RosterModel(inst), cap=100)
        assert list(some) == [1] and len(some[1]) == 16
        assert patterns_by_person(RosterModel(inst), cap=100, every=True) == {}

    def test_soft_statutory_holidays_are_left_to_the_plain_model(self):
        inst = _instance(statutory=(3,))
        inst.settings["statutory_holidays"] = Setting(False, 5)
        assert patterns_by_person(RosterModel(inst)) == {}


class TestCheapest:
    def test_keeps_the_two_lowest_cost_levels(self):
        rows = person_patterns(RosterModel(_instance()), 0)
        levels = sorted({row.cost for row in rows})
        assert len(levels) >= 3
        assert {row.cost for row in cheapest(rows)} == set(levels[:2])


class TestRowFormulation:
    PROFILE = SolverProfile(workers=1, seed=5)

    def _team(self):
        return _three_people((0, 1), (1, 1))

    def test_same_optimum_with_and_without_rows(self):
        inst = self._team()
        plain = run_model(RosterModel(inst), Budget(10), self.PROFILE)
        m = RosterModel(inst)
        for p, rows in patterns_by_person(m).items():
            add_patterns(m.model, m, p, rows)
        with_rows = run_model(m, Budget(10), self.PROFILE)
        assert plain.status == with_rows.status == "OPTIMAL"
        assert plain.objective == with_rows.objective
        assert check(inst, with_rows.assignment).total_penalty == with_rows.objective

    def test_rows_on_a_copy_of_the_model_leave_the_model_alone(self):
        inst = self._team()
        m = RosterModel(inst)
        size = len(m.model.proto.variables)
        copy = m.model.clone()
        for p, rows in patterns_by_person(m).items():
            add_patterns(copy, m, p, cheapest(rows))
        assert len(m.model.proto.variables) == size and not m.patterns
        result = run_model(m, Budget(10), self.PROFILE, model=copy)
        assert result.status == "OPTIMAL"
        assert check(inst, result.assignment).violations == []


class TestRowsModel:
    PROFILE = SolverProfile(workers=1, seed=5)

    def _team(self):
        return _three_people((0, 1), (2, 6))

    def test_the_row_rules_are_left_to_the_rows(self):
        inst = self._team()
        lean = patterns_model(inst, patterns_by_person(RosterModel(inst)))
        assert {pen.rule_id for pen in lean.penalties}.isdisjoint(PATTERN_RULES)
        assert not {pen.rule_id for pen in RosterModel(inst).penalties}.isdisjoint(PATTERN_RULES)

    def test_same_optimum_as_the_whole_model_with_every_row(self):
        from roster.planner.patterns_first import scored

        inst = self._team()
        plain = run_model(RosterModel(inst), Budget(10), self.PROFILE)
        m = RosterModel(inst)
        lean = patterns_model(inst, patterns_by_person(m))
        result = run_model(lean, Budget(10), self.PROFILE)
        assert plain.status == result.status == "OPTIMAL"
        again = scored(m, lean, result.values, self.PROFILE)
        assert again.objective == plain.objective
        assert check(inst, again.assignment).total_penalty == again.objective

    def test_cheapest_rows_keep_every_rule(self):
        from roster.planner.patterns_first import scored

        inst = self._team()
        m = RosterModel(inst)
        rows = patterns_by_person(m)
        lean = patterns_model(inst, {p: cheapest(listed) for p, listed in rows.items()})
        result = run_model(lean, Budget(10), self.PROFILE)
        assert result.status == "OPTIMAL"
        again = scored(m, lean, result.values, self.PROFILE)
        report = check(inst, again.assignment)
        assert report.violations == [] and report.total_penalty == again.objective
        assert again.objective >= run_model(RosterModel(inst), Budget(10), self.PROFILE).objective

    def test_needs_everyones_rows(self):
        inst = self._team()
        rows = patterns_by_person(RosterModel(inst))
        del rows[1]
        with pytest.raises(ValueError):
            patterns_model(inst, rows)


class TestInterchangeable:
    PROFILE = SolverProfile(workers=1, seed=5)

    def _team(self, wishes=()):
        covers = [Cover(d, "A", "presale", 2) for d in range(8)]
        return _instance(people=4, covers=covers, wishes=list(wishes))

    def test_people_alike_but_for_their_names_are_grouped(self):
        m = RosterModel(self._team())
        assert interchangeable(m, patterns_by_person(m)) == [[0, 1, 2, 3]]

    def test_a_wish_leave_or_history_sets_a_person_apart(self):
        inst = self._team(wishes=[Wish(1, 3, None, "off", 4, "day_off_requests")])
        inst.fixed[(2, 5)] = "AL"
        inst.people[3] = inst.people[3].__class__(**{**inst.people[3].__dict__, "history": ("A",)})
        m = RosterModel(inst)
        assert interchangeable(m, patterns_by_person(m)) == []

    def test_ordering_alike_people_keeps_the_optimum(self):
        inst = self._team(wishes=[Wish(0, 1, None, "off", 4, "day_off_requests"),
                                  Wish(1, 1, None, "off", 4, "day_off_requests")])
        plain = RosterModel(inst)
        for p, rows in patterns_by_person(plain).items():
            add_patterns(plain.model, plain, p, rows)
        ordered = RosterModel(inst)
        rows = patterns_by_person(ordered)
        groups = interchangeable(ordered, rows)
        assert groups == [[0, 1], [2, 3]]
        picks = {p: add_patterns(ordered.model, ordered, p, listed) for p, listed in rows.items()}
        order_interchangeable(ordered.model, groups, picks)
        first, second = run_model(plain, Budget(10), self.PROFILE), run_model(ordered, Budget(10), self.PROFILE)
        assert first.status == second.status == "OPTIMAL"
        assert first.objective == second.objective
        assert check(inst, second.assignment).total_penalty == second.objective
        number = {p: picks[p].index(next(x for x in picks[p] if second.values[x.Index()])) for p in picks}
        assert number[0] <= number[1] and number[2] <= number[3]
