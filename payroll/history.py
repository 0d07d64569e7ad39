"""What later months' rules need to know about earlier months: `MonthFacts` and the `History` port.

"3 months running" rules (exam demotion, typing penalty, elimination review, promotion after six
clean months) look back over closed months. The ledger implements `History` over SQLite; tests use
`InMemoryHistory`. A run counts calendar months in a row only: a month without facts breaks it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence, runtime_checkable


@dataclass(frozen=True)
class MonthFacts:
    """One employee's month as the multi-month rules see it (all booleans are facts of that month)."""

    month: str                         # "YYYY-MM"
    level: str | None                  # level held during the month (P1..P6)
    exam_failed_or_missed: bool        # exam not taken, or score below the pass mark
    typing_below: bool                 # typing speed below the employee's requirement
    sales_rank_last: bool              # last (ties included) in individual sales ranking
    appraisal_rank_last: bool          # last (ties included) in the performance appraisal
    clean_month: bool                  # no admin penalty, colleague complaint, bad review or major error
    promotion_clock_restart: bool = False   # a level change or exam sanction restarted the promotion clock

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MonthFacts:
        """Inverse of to_dict; unknown keys (from a newer version) are ignored, missing flags are False."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@runtime_checkable
class History(Protocol):
    """Facts of the closed months before the month being paid."""

    def facts(self, employee_id: str, months_back: int) -> list[MonthFacts]:
        """At most `months_back` months before the month being paid, newest first (gaps allowed)."""
        ...


class InMemoryHistory:
    """A History over a dict, for tests and one-off runs: {employee_id: [MonthFacts, ...]}."""

    def __init__(self, months: Mapping[str, Iterable[MonthFacts]] | None = None, before: str | None = None):
        self._by_employee = {eid: sorted(fs, key=lambda f: f.month, reverse=True)
                             for eid, fs in (months or {}).items()}
        self._before = before          # only months earlier than this one ("YYYY-MM"), if given

    def add(self, employee_id: str, facts: MonthFacts) -> None:
        rows = [f for f in self._by_employee.get(employee_id, []) if f.month != facts.month]
        self._by_employee[employee_id] = sorted([*rows, facts], key=lambda f: f.month, reverse=True)

    def facts(self, employee_id: str, months_back: int) -> list[MonthFacts]:
        rows = self._by_employee.get(employee_id, [])
        if self._before is not None:
            rows = [f for f in rows if f.month < self._before]
        return rows[:max(months_back, 0)]


def previous_month(month: str) -> str:
    """'2026-01' -> '2025-12'."""
    year, mon = (int(p) for p in month.split("-")[:2])
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def run_of(month: str, holds_now: bool, earlier: Sequence[MonthFacts], holds: Callable[[MonthFacts], bool],
           stop_at_restart: bool = False, restart_now: bool = False) -> list[str]:
    """The months in a row ending with `month` for which the condition holds; newest first.

    `holds_now` is the condition for `month` itself; `earlier` is History.facts(...) (newest
    first). The run stops at the first month that does not hold, at a missing calendar month, and
    (with stop_at_restart) at a month that restarted the promotion clock: the count starts again
    at 0 after it, so that month itself is not counted.
    """
    if not holds_now or (stop_at_restart and restart_now):
        return []
    run = [month]
    expected = previous_month(month)
    for f in earlier:
        if f.month > expected:          # the month itself or a later one: not history
            continue
        if f.month != expected or not holds(f) or (stop_at_restart and f.promotion_clock_restart):
            break
        run.append(f.month)
        expected = previous_month(f.month)
    return run


def completes_run(run_length: int, months: int) -> bool:
    """A penalty for "N months running" falls when the run reaches N, 2N, 3N ...: each month of a
    long run is counted toward one penalty only, never penalised again on every later month."""
    return months > 0 and run_length > 0 and run_length % months == 0
