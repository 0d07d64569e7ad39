"""Every tunable of the planner in one place, with the values measured on the example team and the
Curtois benchmark as defaults (the measurements are in the modules that use them and in
docs/planner.md).

    profile = SolverProfile()                         # the defaults
    profile = SolverProfile.from_policy(policy)       # with the policy's [roster.solver] table
    profile = replace(profile, workers=1, seed=3)     # or any field changed in code

A policy changes only what its [roster.solver] table names (roster.policy.SolverPolicy validates it).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class SolverProfile:
    # --- CP-SAT everywhere
    workers: int = 2                       # CP-SAT search workers (and LNS threads)
    seed: int = 0                          # random seed of every solve
    # one worker, fixed seed, and CP-SAT's deterministic time: the same inputs give the same roster
    deterministic: bool = False
    relative_gap: float = 0.0              # stop once (penalty - bound) / penalty is at most this
    person_bounds: bool = True             # one-person lower-bound cuts in whole-model solves
    column_bound: bool = True              # the column-generation bound in a child process

    # --- the portfolio (roster.planner.portfolio)
    whole_model_most_cells: int = 500      # up to this many work cells the whole model alone plans

    # --- patterns first (roster.planner.patterns_first)
    patterns_least_s: float = 8.0          # below this the merged-shift route's rosters are better
    cheapest_share: float = 0.5            # stage 1 (cheapest patterns) share of the time ...
    whole_least_s: float = 20.0            # ... unless the whole model would get less than this
    cover_check_s: float = 2.0             # the check that the cheapest patterns can cover, at most ...
    cover_check_share: float = 0.2         # ... and this share of the time
    merged_shift_route: bool = True        # where patterns cannot be listed or cannot cover
    merged_share: float = 0.3              # merged-shift route: rest days on merged shifts ...
    shift_share: float = 0.2               # ... then the shifts on them; the whole model the rest
    pattern_cap: int = 4000                # patterns per person beyond which the person is not listed
    pattern_listing_s: float = 5.0         # listing one distinct person's patterns, at most

    # --- groups (roster.planner.groups)
    group_size: int = 40                   # people per group of a large team
    group_share: float = 0.6               # the groups' share of the time; the whole team the rest
    group_seconds_per_person: float = 0.02  # less time per person than this: the team is solved whole
    group_polish_seconds_per_person: float = 0.01  # the whole model after the groups only with this much left
    group_bound_most_people: int = 150     # the whole team's column bound up to this many people ...
    group_bound_seconds_per_person: float = 0.3   # ... with at least this much time per person

    # --- neighbourhood search (roster.planner.neighbourhood_search)
    whole_share: float = 0.2               # least share of the time for a whole-model turn ...
    stall_share: float = 0.03              # ... which goes on until this share passes without a gain
    lns_sub_s: float = 2.0                 # one LNS sub-model, at most
    lns_first_cells: int = 150             # cells the first neighbourhood of each kind frees
    lns_stuck_draws: int = 5               # a kind timing out this often at its least size is dropped
    first_turn_share: float = 0.1          # the first turn before price and dive, at most
    whole_first_most_cells: int = 10_000   # up to this many work cells the whole model goes first
    price_and_dive_least_s: float = 30.0   # price and dive only in runs at least this long ...
    person_by_person_least_s: float = 240.0  # ... first schedules against coverage at least this long
    long_run_most_days: int = 56           # ... and both only up to this horizon
    first_schedules_share: float = 0.2     # first schedules against coverage: this share of the time
    first_schedules_retry_share: float = 0.7   # missing first schedules retried while this share is left

    # --- price and dive (roster.planner.price_and_dive)
    generate_share: float = 0.45           # of the time left: column generation ...
    dive_share: float = 0.25               # ... then the dive
    finish_share: float = 0.05             # ... then person-by-person re-planning
    rounds_per_person: float = 0.5         # pricing rounds the LP needs per person to settle
    settled: float = 0.02                  # LP settled: its bound within this share of its value
    fix_share: int = 4                     # the dive fixes 1/this of the people still free at a time
    dive_rounds: int = 2                   # pricing rounds after each fixing, at most

    # --- person by person (roster.planner.person_by_person)
    price_s: float = 2.0                   # one person's pricing solve, at most
    replan_s: float = 0.5                  # one person's re-planning solve in the dive's finish
    pass_gain: float = 0.01                # another pass only while the last gained this share

    # --- column bound (roster.bounds)
    smoothing: float = 0.6                 # Wentges: weight of the centre in the pricing duals
    bound_margin_s: float = 0.4            # the bound's child stops this long before the solve

    @classmethod
    def from_policy(cls, policy) -> SolverProfile:
        """The defaults with the policy's [roster.solver] table over them (a roster.policy.Policy, or
        its RosterPolicy; a policy without the table gives the defaults)."""
        roster = getattr(policy, "roster", policy)
        table = getattr(roster, "solver", None)
        if table is None:
            return cls()
        given = {name: value for name, value in table.model_dump().items() if value is not None}
        return replace(cls(), **given)

    def with_options(self, seed: int | None = None, workers: int | None = None,
                     deterministic: bool | None = None) -> SolverProfile:
        """The command line's --seed, --workers and --deterministic over the profile."""
        changes = {k: v for k, v in (("seed", seed), ("workers", workers), ("deterministic", deterministic))
                   if v is not None}
        return replace(self, **changes)

    @property
    def threads(self) -> int:
        """CP-SAT workers as run: one in deterministic mode."""
        return 1 if self.deterministic else max(1, int(self.workers))


def profile_fields() -> list[str]:
    return [f.name for f in fields(SolverProfile)]
