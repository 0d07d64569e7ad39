"""Large teams planned in role-balanced groups: dealing, sharing covers and duty, the result valid."""
import time

from roster.instance import Cover, Person
from roster.solve import SolveParams, solve
from roster.split import deal_groups, share_covers, solve_by_groups
from roster.validate import check

from conftest import make_instance

PARAMS = SolveParams(time_limit_s=8, workers=1, seed=5)


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


class TestSolveByGroups:
    def test_combined_roster_keeps_every_hard_rule(self):
        inst = _team()
        from roster import split
        result = split.solve_by_groups(inst, PARAMS, size=6)
        assert result.status in ("OPTIMAL", "FEASIBLE")
        report = check(inst, result.assignment)
        assert report.violations == []
        assert report.total_penalty == result.objective

    def test_infeasible_team_stays_infeasible(self):
        inst = _team()
        inst.covers = inst.covers + [Cover(0, "B", "presale", 5)]        # 10 presale wanted on day 0 of 8
        assert solve_by_groups(inst, PARAMS, size=6).status == "INFEASIBLE"

    def test_the_whole_teams_column_bound_is_reported(self, monkeypatch):
        import threading
        from dataclasses import replace

        from roster import split
        from roster.instance import Setting, Wish
        from roster.model import RosterModel
        from roster.patterns import patterns_by_person
        from roster.columns import month_bound

        inst = _team()
        inst.settings = {"day_off_requests": Setting(False, 5)}
        inst.wishes = [Wish(p, d, None, "off", 5, "day_off_requests") for p in range(8) for d in (0, 1)]
        m = RosterModel(inst)
        alone = month_bound(m, patterns_by_person(m), 8.0)
        before = threading.active_count()
        result = split.solve_by_groups(inst, PARAMS, size=6)
        assert result.ok and alone > 0
        assert alone <= result.bound <= result.objective
        assert threading.active_count() == before
        monkeypatch.setattr(split, "COLUMNS_MOST_PEOPLE", 0)          # too many people for it
        assert split.solve_by_groups(inst, replace(PARAMS, seed=6), size=6).ok


class TestGroupTime:
    def test_a_short_group_solve_goes_on_until_it_has_a_roster(self, monkeypatch):
        """A group given less than its first roster takes is solved with the time it may go on to,
        stopping once its own share has passed and a roster exists."""
        from roster import split

        calls = []
        monkeypatch.setattr(split, "solve", lambda sub, params, least_s=None: calls.append(
            (params.time_limit_s, least_s)) or solve(sub, params, least_s=least_s))
        inst = _team()
        result = split._solve_group(inst, SolveParams(time_limit_s=0.5, workers=1, seed=5), 6.0)
        assert calls == [(6.0, 0.5)]
        assert result.ok and check(inst, result.assignment).violations == []

    def test_a_solve_with_a_least_time_stops_once_it_has_a_roster(self):
        """The example month is not proven optimal in minutes: with least_s it returns its first
        rosters' best soon after least_s, long before its time limit."""
        from pathlib import Path

        from roster.monthly import build_month_instance
        from roster.policy import load_policy
        from roster.team import read_team

        examples = Path(__file__).resolve().parents[2] / "examples"
        policy = load_policy(examples / "policy.toml")
        team = read_team(examples / "team.xlsx", policy.team, tuple(policy.roster.shifts))
        inst = build_month_instance(policy, team, 2026, 12)
        started = time.monotonic()
        result = solve(inst, SolveParams(time_limit_s=40, workers=2, seed=5, person_bounds=False), least_s=1.0)
        assert result.status == "FEASIBLE"
        assert time.monotonic() - started < 20

    def test_a_team_short_of_time_for_its_groups_is_solved_whole_with_a_quick_presolve(self, monkeypatch):
        from roster import split

        calls = []
        monkeypatch.setattr(split, "solve", lambda inst, params, parameters="", **kw: calls.append(
            parameters) or solve(inst, params, parameters=parameters, **kw))
        inst = _team()
        limit = 0.9 * split.SPLIT_SECONDS_PER_PERSON * len(inst.people)
        result = split.solve_by_groups(inst, SolveParams(time_limit_s=max(0.1, limit), workers=1, seed=5), size=6)
        assert calls == [split.QUICK_PRESOLVE]
        assert result.status != "INFEASIBLE"
        assert result.bound is None or 0 <= result.bound <= result.objective

    def test_a_negative_solver_bound_is_reported_as_zero(self):
        from roster.solve import SolveResult, with_bound

        early = SolveResult("FEASIBLE", None, 120, -14.0, 1.1, 0.0)
        result = with_bound(early, early.bound, time.monotonic())
        assert result.bound == 0.0 and result.gap == 1.0 and result.status == "FEASIBLE"
