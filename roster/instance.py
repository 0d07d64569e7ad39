"""The roster problem as plain data: what the model, the validator and the benchmark reader share.

An Instance is fully preprocessed: rules only iterate it. It is built from the team workbook and
policy for a month (roster.monthly) or from a Curtois & Qu benchmark file (benchmarks.curtois, outside the installed package).
Days are indexes 0..n_days-1; employees are indexes into `employees`.

Non-work codes: OFF regular rest (counts toward rest days), HOL rest on a statutory holiday,
approved leave (the policy's leave types, kefu.leave_types; AL/PL/SL by default), NA not employed
that day. Any other code is a shift id.

Hours (monthly instances only; benchmark instances have no working time): `working_time` is the
policy's regime, each Person's `month_standard` their standard for the days they are employed and
`overtime_cap` the most overtime (minutes) the hours rule allows them, None when it is off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from kefu.working_time import MonthStandard, WorkingTimePolicy
from roster.demand.intervals import IntervalCover

OFF, HOL, NA = "OFF", "HOL", "NA"
TEAM = "team"          # the fair group of everyone employed the whole month (monthly instances)
# fairness rule -> the Carried field it balances
CARRIED_FIELDS = {"fair_late_shifts": "late_shifts", "fair_weekend_rest": "weekend_rest",
                  "fair_duty": "duty", "fair_holiday_work": "holiday_work"}
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
    only_with_demand: bool = False   # planned only when the month is staffed from demand (interval_cover)


@dataclass(frozen=True)
class InstanceDay:
    index: int
    weekday: int               # 0 Monday .. 6 Sunday
    date: date | None = None   # None for benchmark horizons
    statutory: bool = False    # off here is HOL, not a regular rest day
    day_type: str = "weekday"  # weekday / weekend / holiday / promotion (selects coverage)
    weekend_index: int | None = None   # weekend number for Sat/Sun (max_weekends, fairness)


@dataclass(frozen=True)
class Carried:
    """What earlier months' rosters carry into this month's fairness (roster.history): for each
    count, how far the person's total over the earlier months they worked whole lies above (+) or
    below (−) the average of the people compared with them in those months, rounded; the fairness
    rules balance this carry plus this month's count. `last_weekend_rest`: weekend days rested in the
    previous month (None: not known)."""

    late_shifts: int = 0
    weekend_rest: int = 0
    duty: int = 0
    holiday_work: int = 0
    months: int = 0                        # earlier months counted
    last_weekend_rest: int | None = None


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
    run_rest_days: int = 0                # of rest_days, added so a part month keeps max_consecutive_work
    holiday_rest_days: bool = False       # lawful_extra: one more rest day allowed per statutory holiday worked
    carried: Carried | None = None        # earlier months' counts (fairness across months); None: none known
    weekend_rest_min: int | None = None   # weekend_rest: fewest weekend days (Sat, Sun) not worked (None: off)
    weekend_rest_weight: int | None = None   # its weight per missing day for this person (None: the rule's)
    duty_history: tuple[bool, ...] = ()   # on duty on the days of `history` (duty_in_a_row across months)

    def carry(self, rule_id: str) -> int:
        """The earlier months' carry of a fairness rule's count (0 without history)."""
        return 0 if self.carried is None else getattr(self.carried, CARRIED_FIELDS[rule_id])


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
    duty_most_in_a_row: int | None = None  # duty_in_a_row: most on-duty days in a row per person (None: off)
    fair_shift: str | None = None          # the late shift whose count is spread fairly
    settings: dict[str, Setting] = field(default_factory=dict)          # rule_id -> hard/weight
    # benchmark semantics: True when days outside the horizon are simply off (Curtois & Qu)
    edge_exempt: bool = True
    working_time: WorkingTimePolicy | None = None    # the regime hours are planned under (None: none)
    month_standard: MonthStandard | None = None      # the whole month's standard (workbook, CLI)
    min_rest_minutes: int = 0              # succession: rest shorter than this between shifts is forbidden
    leave: LeaveTypes = DEFAULT_LEAVE      # the policy's leave types (codes, marks, names)
    working_days: frozenset[int] = frozenset()   # the legal working days (calendar with 调休), by index
    interval_cover: IntervalCover | None = None   # staffing from demand (roster.demand): replaces covers

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
    def unplanned_shifts(self) -> frozenset[str]:
        """Shifts the planner does not assign: those planned only from demand, when this month is not
        (a cell already holding one — pinned, typed in — keeps it and is checked like any shift)."""
        if self.interval_cover is not None:
            return frozenset()
        return frozenset(s.id for s in self.shifts if s.only_with_demand)

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

    def fair_members(self, rule_id: str) -> dict[str, list[int]]:
        """fair group -> the people a fairness rule compares: members of a fair group (monthly: TEAM,
        everyone employed the whole month) who can take the work — for fair_duty the duty-eligible,
        for fair_late_shifts those whose shift limits do not rule the late shift out."""
        groups: dict[str, list[int]] = {}
        opted_out = self.late_shift_opted_out() if rule_id == "fair_late_shifts" else set()
        for p, person in enumerate(self.people):
            if person.fair_group is None or p in opted_out:
                continue
            if rule_id == "fair_duty" and not person.duty_eligible:
                continue
            if rule_id == "fair_late_shifts" and person.max_per_shift.get(self.fair_shift) == 0:
                continue
            groups.setdefault(person.fair_group, []).append(p)
        return groups

    def late_shift_opted_out(self) -> set[int]:
        """People who asked not to work the late shift on every day they could (a standing wish:
        avoid C, or prefer another shift, the whole month): their own request, so the late-shift
        fairness does not compare them (else their 0 sets the spread and the others go unbalanced)."""
        avoided: dict[int, set[int]] = {}
        for w in self.wishes:
            if w.kind == "off" and w.shift == self.fair_shift:
                avoided.setdefault(w.person, set()).add(w.day)
        out = set()
        for p, days in avoided.items():
            free = {d for d in range(self.n_days) if (p, d) not in self.fixed}
            if free and free <= days:
                out.add(p)
        return out


@dataclass
class Assignment:
    """A roster: one code per person and day, and the on-duty people of each day."""

    codes: list[list[str]]                                 # [person][day] -> shift id or rest code
    duty: list[list[int]] = field(default_factory=list)     # [day] -> person indexes on duty

    def works(self, p: int, d: int, shift_ids) -> bool:
        return self.codes[p][d] in shift_ids
