"""Large teams planned in role-balanced groups: dealing, sharing covers and duty, the result valid."""

from roster.instance import Cover, Person
from roster.planner import Budget, SolverProfile, plan
from roster.planner.groups import deal_groups, share_covers
from roster.validate import check

from conftest import make_instance

# groups of 6 on a team of 12: the portfolio plans it as two groups (roster.planner.portfolio)
PROFILE = SolverProfile(workers=1, seed=5, group_size=6, whole_model_most_cells=0)


def _team(n_presale=8, n_aftersale=4, days=7):
    people = ([Person(f"S{i}", f"S{i}", "presale", duty_eligible=i < 2, rest_days=2, max_consecutive_work=5)
               for i in range(n_presale)] +
              [Person(f"H{i}", f"H{i}", "aftersale", rest_days=2, max_consecutive_work=5) for i in range(n_aftersale)])
    covers = [Cover(d, s, role, n) for d in range(days) for s, role, n in
              (("A", "presale", 3), ("C", "presale", 2), ("A", "aftersale", 1), ("C", "aftersale", 1))]
    inst = make_instance(people=len(people), days=days, covers=covers, duty_per_day=1, duty_shift="C",
                         forbidden_successions={("C", "A")})
    inst.people = people
    return inst


class TestDealGroups:
    def test_roles_and_duty_eligible_spread(self):
        inst = _team()
        groups = deal_groups(inst, size=6)
        assert len(groups) == 2 and sorted(p for g in groups for p in g) == list(range(12))
        for g in groups:
            roles = [inst.people[p].role for p in g]
            assert roles.count("presale") == 4 and roles.count("aftersale") == 2
            assert sum(inst.people[p].duty_eligible for p in g) == 1

    def test_one_group_for_a_small_team(self):
        assert len(deal_groups(_team(), size=40)) == 1


class TestShareCovers:
    def test_shares_add_up_to_each_minimum(self):
        inst = _team()
        groups = deal_groups(inst, size=6)
        shares = share_covers(inst, groups)
        for c in inst.covers:
            parts = [x.minimum for share in shares for x in share
                     if (x.day, x.shift, x.role) == (c.day, c.shift, c.role)]
            assert sum(parts) == c.minimum

    def test_odd_remainders_rotate_between_groups(self):
        inst = _team()
        shares = share_covers(inst, deal_groups(inst, size=6))
        # 2 C presale for 2 equal groups: 1 each; 1 C aftersale: the extra person alternates by day
        odd = [[x.minimum for x in share if x.shift == "C" and x.role == "aftersale"] for share in shares]
        assert sum(map(sum, odd)) == 7 and all(0 < sum(o) < 7 for o in odd)


class TestGroupsStrategy:
    def test_combined_roster_keeps_every_hard_rule(self):
        inst = _team()
        steps = []
        result = plan(inst, Budget(8), PROFILE, lambda step: steps.append(step.step))
        assert result.strategy == "groups" and "groups" in steps
        assert result.ok and check(inst, result.assignment).violations == []

    def test_a_team_short_of_time_for_its_groups_is_solved_whole(self):
        inst = _team()
        seconds = 0.9 * PROFILE.group_seconds_per_person * len(inst.people)
        steps = []
        result = plan(inst, Budget(max(0.1, seconds)), PROFILE, lambda step: steps.append(step.step))
        assert "groups" not in steps                       # no group was planned
        assert result.status != "INFEASIBLE"
        assert result.bound is None or 0 <= result.bound <= result.objective


class TestBound:
    def test_a_negative_solver_bound_is_reported_as_zero(self):
        from roster.planner.result import Plan, with_bound

        early = Plan("FEASIBLE", None, 120, -14.0, 1.1, 0.0)
        result = with_bound(early, early.bound)
        assert result.bound == 0.0 and result.gap == 1.0 and result.status == "FEASIBLE"


class TestGroupsSideBySide:
    """Groups with little time each are planned in forked children, one worker each."""

    def _subs(self, inst, size=6):
        from roster.planner.groups import group_instance
        from roster.planner.problem import Problem

        groups = deal_groups(inst, size=size)
        shares = share_covers(inst, groups)
        with_duty = [g for g, members in enumerate(groups) if any(inst.people[p].duty_eligible for p in members)]
        duty = [frozenset(d for d in range(inst.n_days) if g in with_duty and with_duty[d % len(with_duty)] == g)
                for g in range(len(groups))]
        profile = SolverProfile(workers=2, seed=5, column_bound=False)
        return groups, [Problem(group_instance(inst, members, shares[g], duty[g]), profile)
                        for g, members in enumerate(groups)]

    def test_every_group_planned_and_reported(self):
        from roster.planner.group_children import plan_in_children

        inst = _team(n_presale=16, n_aftersale=8)
        groups, subs = self._subs(inst)
        reported = []
        plans = plan_in_children(subs, Budget(6), Budget(8), 2, lambda g, p: reported.append(g))
        assert sorted(reported) == list(range(len(groups))) == list(range(4))
        for sub, result in zip(subs, plans):
            assert result.status in ("OPTIMAL", "FEASIBLE")
            assert check(sub.instance, result.assignment).violations == []

    def test_a_group_that_cannot_meet_its_share_stops_the_children(self):
        from dataclasses import replace

        from roster.planner.group_children import plan_in_children

        inst = _team(n_presale=16, n_aftersale=8)
        groups, subs = self._subs(inst)
        # group 0 must put 5 presale on A every day with only 4 presale people: no roster
        impossible = [replace(c, minimum=5) if (c.shift, c.role) == ("A", "presale") else c
                      for c in subs[0].instance.covers]
        subs[0] = subs[0].but(instance=replace(subs[0].instance, covers=impossible))
        plans = plan_in_children(subs, Budget(4), Budget(5), 2)
        assert plans[0] is not None and plans[0].status == "INFEASIBLE"
        assert plans[2] is None                 # the child that failed planned nothing after it

    def test_whole_team_from_groups_side_by_side_keeps_every_hard_rule(self):
        inst = _team(n_presale=16, n_aftersale=8)
        steps = []
        profile = SolverProfile(workers=2, seed=5, group_size=6, whole_model_most_cells=0)
        result = plan(inst, Budget(5), profile, lambda step: steps.append(step.words))   # 0.75 s a group
        assert result.strategy == "groups"
        assert sum("组（6 人）" in words for words in steps) == 4
        assert result.ok and check(inst, result.assignment).violations == []
