"""Small instance factories for the roster rule tests, and a solve helper that re-checks every
roster with the independent validator (roster.validate) and compares the recomputed soft total
with the solver's objective."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from roster.instance import Instance, InstanceDay, Person, Setting, ShiftType
from roster.planner import Budget, SolverProfile, plan
from roster.validate import check

START = date(2026, 6, 1)           # a Monday


def make_days(n: int, statutory: tuple[int, ...] = ()) -> list[InstanceDay]:
    days = []
    for d in range(n):
        day = START + timedelta(days=d)
        wd = day.weekday()
        day_type = "holiday" if d in statutory else "weekend" if wd >= 5 else "weekday"
        days.append(InstanceDay(d, wd, day, d in statutory, day_type, d // 7 if wd >= 5 else None))
    return days


def make_instance(people: int = 3, days: int = 7, shifts: tuple[str, ...] = ("A", "B", "C"),
                  statutory: tuple[int, ...] = (), person: dict | None = None,
                  settings: dict[str, Setting] | None = None, **fields) -> Instance:
    """`people` identical people (role "presale", no limits unless `person` gives some) over `days`
    days; only the rules given in `settings` (or by the instance fields) do anything."""
    base = dict(role="presale")
    base.update(person or {})
    inst = Instance(
        name="test", days=make_days(days, statutory),
        shifts=[ShiftType(s, 480, 540 + 120 * i, 1080 + 120 * i) for i, s in enumerate(shifts)],
        people=[Person(f"P{i + 1}", f"P{i + 1}", **base) for i in range(people)],
        settings=dict(settings or {}))
    for key, value in fields.items():
        setattr(inst, key, value)
    return inst


PROFILE = SolverProfile(workers=1, seed=7)


def solved(instance: Instance, seconds: float = 10, profile: SolverProfile = PROFILE, **kwargs):
    """Plan (roster.planner.plan); when a roster comes back, assert it breaks no hard rule and that
    the validator's soft total equals the planner's objective (repair changes aside)."""
    result = plan(instance, Budget(seconds), profile, **kwargs)
    assert result.status != "UNKNOWN", "the solver timed out: a test must never pass on a timeout"
    if result.assignment is not None:
        report = check(instance, result.assignment)
        assert report.violations == [], [str(v) for v in report.violations]
        assert report.total_penalty == result.rule_penalty, (report.penalty_by_rule(), result.penalties)
    return result


@pytest.fixture
def make():
    """The instance factory (make_instance)."""
    return make_instance


@pytest.fixture(name="solved")
def solved_fixture():
    """Solve and validate (solved)."""
    return solved
