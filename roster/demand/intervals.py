"""Who is on shift in each interval: shift start, end and staggered breaks, across midnight.

Time is counted in minutes from midnight of the day a shift starts on; interval (slot) k of day d is
[k·L, (k+1)·L) on that day, so a shift that ends after 24:00 covers slots k ≥ slots_per_day, which
are the next day's slots k − slots_per_day. A shift's break (paid minutes = end − start − break) is
staggered over its break window (policy `[roster.demand.break_windows]`; default: centred on the
shift's middle, twice the break long): each interval loses its share of the break, so the team's
agent-minutes in an interval are what is really there on average. Shares are whole minutes that add
up to the break exactly (largest remainder).

The planned staff of an interval is its agent-minutes ÷ L ("effective agents"); heads on shift
(breaks or not) are what a hard minimum counts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

DAY = 24 * 60


@dataclass(frozen=True)
class ShiftWindow:
    """A shift as the interval count sees it (minutes from its day's midnight)."""

    shift: str
    start: int
    end: int
    break_minutes: int = 0
    break_start: int = 0
    break_end: int = 0


@dataclass(frozen=True)
class ServiceParams:
    """A role's queue and the service-level targets (fractions, not percent)."""

    concurrency: int = 1
    aht_s: int = 180
    shrinkage: float = 0.0
    model: str = "erlang_c"
    patience_s: int = 180
    first_reply_s: int = 30
    first_reply_share: float = 0.8
    delay_s: int = 60
    delay_share_max: float = 0.05
    reply_rate_min: float = 0.98


@dataclass(frozen=True)
class IntervalNeed:
    """Staff wanted in slot `slot` of day `day` for `role`: `required` people on shift (Erlang with
    shrinkage), at least `minimum` heads (hard); `contacts` chats forecast, `aht_s` their handle time."""

    day: int
    slot: int
    role: str
    required: int
    minimum: int = 0
    contacts: float = 0.0
    aht_s: int = 180


@dataclass
class IntervalCover:
    """The demand side of an Instance: interval length, shifts' windows, needs, the roles' queues."""

    interval_minutes: int
    windows: dict[str, ShiftWindow]
    needs: list[IntervalNeed] = field(default_factory=list)
    service: dict[str, ServiceParams] = field(default_factory=dict)

    @property
    def slots_per_day(self) -> int:
        return DAY // self.interval_minutes

    def slot_text(self, slot: int) -> str:
        start = slot * self.interval_minutes
        end = start + self.interval_minutes
        return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def shift_window(shift_id: str, start: int, end: int, paid_minutes: int, window: tuple[int, int] | None) -> ShiftWindow:
    """The shift with its break placed: the policy's window, or centred on the shift, twice as long."""
    if end <= start:
        end += DAY
    brk = max(0, end - start - paid_minutes)
    if brk == 0:
        return ShiftWindow(shift_id, start, end)
    if window is None:
        middle = (start + end) // 2
        lo, hi = max(start, middle - brk), min(end, middle + brk)
    else:
        lo, hi = window
        if lo < start:                      # a window written on the clock for a shift crossing midnight
            lo, hi = lo + DAY, hi + DAY
    return ShiftWindow(shift_id, start, end, brk, lo, hi)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def duty_minutes(w: ShiftWindow, interval: int) -> dict[int, int]:
    """slot (from the shift's day; ≥ slots per day on the next day) -> one person's minutes on duty."""
    first, last = w.start // interval, math.ceil(w.end / interval)
    present = {k: _overlap(w.start, w.end, k * interval, (k + 1) * interval) for k in range(first, last)}
    if w.break_minutes:
        span = w.break_end - w.break_start
        shares = {k: w.break_minutes * _overlap(w.break_start, w.break_end, k * interval, (k + 1) * interval) / span
                  for k in present}
        whole = {k: math.floor(x) for k, x in shares.items()}
        left = w.break_minutes - sum(whole.values())
        for k in sorted(shares, key=lambda k: (whole[k] - shares[k], k))[:left]:
            whole[k] += 1
        present = {k: m - whole[k] for k, m in present.items()}
    return {k: m for k, m in present.items() if m > 0}


def on_shift_slots(w: ShiftWindow, interval: int) -> set[int]:
    """Slots (from the shift's day) the shift overlaps at all: a head on shift there."""
    return {k for k in range(w.start // interval, math.ceil(w.end / interval))
            if _overlap(w.start, w.end, k * interval, (k + 1) * interval) > 0}


def staff_by_interval(instance, assignment) -> tuple[dict, dict]:
    """(agent-minutes, heads) per (day, slot, role) of a roster, the previous month's last day
    (Person.history) included for shifts that run past its midnight."""
    cover = instance.interval_cover
    L, per_day = cover.interval_minutes, cover.slots_per_day
    minutes = {s: duty_minutes(w, L) for s, w in cover.windows.items()}
    spans = {s: on_shift_slots(w, L) for s, w in cover.windows.items()}
    agent_minutes: dict[tuple[int, int, str], int] = {}
    heads: dict[tuple[int, int, str], int] = {}
    for p, person in enumerate(instance.people):
        worked = [(-1, person.history[-1])] if person.history else []
        worked += list(enumerate(assignment.codes[p]))
        for d, code in worked:
            if code not in minutes:
                continue
            for k, m in minutes[code].items():
                day, slot = d + k // per_day, k % per_day
                if 0 <= day < instance.n_days:
                    key = (day, slot, person.role)
                    agent_minutes[key] = agent_minutes.get(key, 0) + m
            for k in spans[code]:
                day, slot = d + k // per_day, k % per_day
                if 0 <= day < instance.n_days:
                    key = (day, slot, person.role)
                    heads[key] = heads.get(key, 0) + 1
    return agent_minutes, heads
