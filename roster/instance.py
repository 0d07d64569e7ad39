"""The roster problem as plain data: what the model, the validator and the benchmark reader share.

An Instance is fully preprocessed: rules only iterate it. It is built from the team workbook and
policy for a month (roster.monthly) or from a Curtois & Qu benchmark file (roster.benchmarks).
Days are indexes 0..n_days-1; employees are indexes into `employees`.

Non-work codes: OFF regular rest (counts toward rest days), HOL rest on a statutory holiday,
approved leave (the policy's leave types, roster.leave_types; AL/PL/SL by default), NA not employed
that day. Any other code is a shift id.

Hours (monthly instances only; benchmark instances have no working time): `working_time` is the
policy's regime, each Person's `month_standard` their standard for the days they are employed and
`overtime_cap` the most overtime (minutes) the hours rule allows them, None when it is off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from roster.leave_types import DEFAULT_LEAVE, LeaveTypes
from roster.working_time import MonthStandard, WorkingTimePolicy

OFF, HOL, NA = "OFF", "HOL", "NA"
LEAVE_CODES = DEFAULT_LEAVE.codes          # the default leave types; an Instance carries its policy's
REST_CODES = (OFF, HOL, *LEAVE_CODES, NA)


@dataclass(frozen=True)
class Setting:
    """Hard or soft, and the penalty per unit of violation when soft."""

    hard: bool = True
    weight: int = 0


@dataclass(frozen=True)
class ShiftType:
    id: str
    minutes: int               # paid minutes (benchmark: LengthMins)
    start_min: int = 0         # minutes after midnight
    end_min: int = 0


@dataclass(frozen=True)
class InstanceDay:
    index: int
    weekday: int               # 0 Monday .. 6 Sunday
    date: date | None = None   # None for benchmark horizons
    statutory: bool = False    # off here is HOL, not a regular rest day
    day_type: str = "weekday"  # weekday / weekend / holiday / promotion (selects coverage)
    weekend_index: int | None = None   # weekend number for Sat/Sun (max_weekends, fairness)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    duty_eligible: bool = False
    # per-person limits (None: no limit)
    rest_days: int | None = None          # exact regular rest days (OFF) in the horizon
    max_per_shift: dict[str, int] = field(default_factory=dict)
    min_minutes: int | None = None
    max_minutes: int | None = None
    max_consecutive_work: int | None = None
    min_consecutive_work: int | None = None
    min_consecutive_off: int | None = None
    max_weekends: int | None = None
    # codes of the last days before the horizon, oldest first (previous month's roster); empty
    # means unknown: days before the horizon count as off, and edge blocks are exempt from minima.
    history: tuple[str, ...] = ()
    fair_group: str | None = None         # comparable people (fairness rules); None: not compared
    month_standard: MonthStandard | None = None   # the standard for the employed days (working time)
    overtime_cap: int | None = None       # overtime_limit: most minutes of overtime (None: rule off)
    extra_rest_days: int = 0              # of rest_days, added by rest_days.lawful_extra for the hours rule
    holiday_rest_days: bool = False       # lawful_extra: one more rest day allowed per statutory holiday worked


@dataclass(frozen=True)
class Cover:
    """Headcount wanted on a day and shift (for a role, or any role when role is None)."""

    day: int
    shift: str
    role: str | None
    minimum: int
    under_hard: bool = True
    under_weight: int = 0       # per missing person when soft
    over_weight: int = 0        # per person above minimum (0: no penalty)


@dataclass(frozen=True)
class Wish:
    """A soft request. kind 'on': penalty unless working `shift` (any shift when None);
    kind 'off': penalty if working `shift` (any shift when None: a requested day off)."""

    person: int
    day: int
    shift: str | None
    kind: str                   # "on" / "off"
    weight: int
    rule_id: str = "shift_preferences"


@dataclass
class Instance:
    name: str
    days: list[InstanceDay]
    shifts: list[ShiftType]
    people: list[Person]
    fixed: dict[tuple[int, int], str] = field(default_factory=dict)     # (person, day) -> non-work code
    covers: list[Cover] = field(default_factory=list)
    forbidden_successions: set[tuple[str, str]] = field(default_factory=set)
    wishes: list[Wish] = field(default_factory=list)
    duty_per_day: int = 0
    duty_days: frozenset[int] | None = None   # days that need on-duty people (None: every day)
    duty_shift: str | None = None
    fair_shift: str | None = None          # the late shift whose count is spread fairly
    settings: dict[str, Setting] = field(default_factory=dict)          # rule_id -> hard/weight
    # benchmark semantics: True when days outside the horizon are simply off (Curtois & Qu)
    edge_exempt: bool = True
    working_time: WorkingTimePolicy | None = None    # the regime hours are planned under (None: none)
    month_standard: MonthStandard | None = None      # the whole month's standard (workbook, CLI)
    min_rest_minutes: int = 0              # succession: rest shorter than this between shifts is forbidden
    leave: LeaveTypes = DEFAULT_LEAVE      # the policy's leave types (codes, marks, names)
    working_days: frozenset[int] = frozenset()   # the legal working days (calendar with 调休), by index

    def attended_leave(self, code: str | None, d: int) -> bool:
        """Leave on day d that counts as attended toward the standard hours: a type that counts as
        attended (not 调休), on a legal working day — as payroll counts it (payroll.working_hours)."""
        return code in self.leave.codes and self.leave[code].attended and d in self.working_days

    @property
    def rest_codes(self) -> tuple[str, ...]:
        """Every non-work code of this instance: OFF, HOL, its leave codes, NA."""
        return (OFF, HOL, *self.leave.codes, NA)

    @property
    def n_days(self) -> int:
        return len(self.days)

    @property
    def shift_ids(self) -> list[str]:
        return [s.id for s in self.shifts]

    def shift(self, sid: str) -> ShiftType:
        return next(s for s in self.shifts if s.id == sid)

    def duty_on(self, d: int) -> int:
        """On-duty people needed on day d."""
        return self.duty_per_day if self.duty_days is None or d in self.duty_days else 0

    def setting(self, rule_id: str) -> Setting:
        return self.settings.get(rule_id, Setting())


@dataclass
class Assignment:
    """A roster: one code per person and day, and the on-duty people of each day."""

    codes: list[list[str]]                                 # [person][day] -> shift id or rest code
    duty: list[list[int]] = field(default_factory=list)     # [day] -> person indexes on duty

    def works(self, p: int, d: int, shift_ids) -> bool:
        return self.codes[p][d] in shift_ids
