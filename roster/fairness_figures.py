"""Fairness figures of a roster, for the supervisor (统计 sheet, CLI summary) and the months benchmark.

From an Instance and an Assignment, counted the way the validator counts (roster.validate_soft):
who has no weekend rest at all, the spread (fewest–most) of late shifts over everyone who may work
them, of on-duty days over every duty-eligible person and of statutory holidays worked, each over
the people the fairness rules compare (Instance.fair_members: monthly, everyone employed the whole
month), and the longest run of on-duty days (the previous month's included). This month's counts
only: the earlier months' carry (Person.carry) is what the rules balance on top of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from roster.instance import NA, Assignment, Instance
from roster.validate_base import _works
from roster.validate_soft import duty_runs, weekend_rested


@dataclass(frozen=True)
class Spread:
    """Fewest and most of a count over `people` people (0, 0 when nobody is compared)."""

    least: int
    most: int
    people: int

    @property
    def spread(self) -> int:
        return self.most - self.least

    def text(self) -> str:
        return f"{self.least}–{self.most}" if self.people else "—"


@dataclass(frozen=True)
class FairnessFigures:
    without_weekend_rest: tuple[str, ...]     # employee ids with no weekend day rested (employed on one)
    late_shifts: Spread                       # instance.fair_shift over those who may work it
    duty: Spread                              # on-duty days over the duty-eligible
    holiday_work: Spread                      # statutory holidays worked
    longest_duty_run: int                     # most on-duty days in a row of anyone
    duty_limit: int | None                    # the policy's most in a row (None: no limit)

    def line(self, fair_shift: str | None) -> str:
        """One line in Chinese: the CLI summary and the 统计 sheet's block."""
        limit = f"（上限 {self.duty_limit} 天）" if self.duty_limit is not None else ""
        parts = [f"没有周末休息 {len(self.without_weekend_rest)} 人"]
        if fair_shift:
            parts.append(f"{fair_shift}班每人 {self.late_shifts.text()} 个")
        parts += [f"值班每人 {self.duty.text()} 天", f"最长连续值班 {self.longest_duty_run} 天{limit}",
                  f"法定节假日出勤每人 {self.holiday_work.text()} 天"]
        return "，".join(parts)


def _spread(inst: Instance, rule_id: str, count) -> Spread:
    people = [p for members in inst.fair_members(rule_id).values() for p in members]
    if not people:
        return Spread(0, 0, 0)
    counts = [count(p) for p in people]
    return Spread(min(counts), max(counts), len(people))


def fairness_figures(inst: Instance, a: Assignment) -> FairnessFigures:
    """The fairness figures of roster `a` of `inst` (see the module docstring)."""
    n = len(inst.people)
    weekend = [d for d, day in enumerate(inst.days) if day.weekday >= 5]
    without = tuple(inst.people[p].id for p in range(n)
                    if any(a.codes[p][d] != NA for d in weekend) and weekend_rested(inst, a, p) == 0)
    duty_days = [sum(1 for people in a.duty if p in people) for p in range(n)]
    late = _spread(inst, "fair_late_shifts", lambda p: a.codes[p].count(inst.fair_shift)) if inst.fair_shift \
        else Spread(0, 0, 0)
    holiday = _spread(inst, "fair_holiday_work", lambda p: sum(1 for d, day in enumerate(inst.days)
                                                               if day.statutory and _works(a.codes[p][d], inst)))
    runs = [e - s + 1 for p in range(n) for s, e in duty_runs(inst, a, p)]
    return FairnessFigures(without, late, _spread(inst, "fair_duty", lambda p: duty_days[p]), holiday,
                           max(runs, default=0), inst.duty_most_in_a_row if inst.duty_per_day else None)
