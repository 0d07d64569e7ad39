"""Typed `[team]` and `[roster]` policy: shifts, roles, calendar and the rule catalogue.

Every number from the seeds is a default here or in examples/policy.toml, never a literal in the
model. Each rule reads `hard` and `weight` (the penalty per unit when soft) plus its own limits.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from kefu.calendar import DAY_TYPES
from kefu.policy_file import PolicyValueError, read_policy_toml, validate_table
from kefu.team_policy import Strict, TeamPolicy
from kefu.working_time import WorkingTimePolicy
from roster.demand.settings import DemandPolicy


# ---------------------------------------------------------------- [roster]
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def minutes_of(text: str) -> int:
    m = _HHMM.match(text.strip())
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        raise PolicyValueError(f"time must be HH:MM, got {text!r}", f"时间应写成 HH:MM，如 09:00，现为“{text}”")
    return int(m.group(1)) * 60 + int(m.group(2))


class ShiftDef(Strict):
    start: str
    end: str                                   # "24:00" ends at midnight
    break_minutes: int = Field(0, ge=0)
    name: str = ""
    # planned only when the month is planned from demand (roster solve --demand), where the solver
    # picks among the shifts the shop allows to follow the chats; a cell typed in by hand is checked
    # like any other shift
    only_with_demand: bool = False

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        minutes_of(v)
        return v

    @property
    def start_min(self) -> int:
        return minutes_of(self.start)

    @property
    def end_min(self) -> int:
        end = minutes_of(self.end)
        return end if end > self.start_min else end + 24 * 60

    @property
    def paid_minutes(self) -> int:
        return self.end_min - self.start_min - self.break_minutes


class CalendarPolicy(Strict):
    country: str = "CN"
    statutory_add: list[date] = []             # policy override of the holidays package
    statutory_remove: list[date] = []
    promotion_days: list[str] = []             # "MM-DD": 双11 "11-11", 618 "06-18", 双12 "12-12"

    @field_validator("promotion_days")
    @classmethod
    def _mmdd(cls, v: list[str]) -> list[str]:
        for s in v:
            if not re.fullmatch(r"\d{2}-\d{2}", s):
                raise PolicyValueError(f"promotion day must be MM-DD, got {s!r}",
                                       f"大促日应写成 MM-DD，如 11-11，现为“{s}”")
        return v


class Rule(Strict):
    hard: bool = True
    weight: int = Field(100, ge=0)             # penalty per unit of violation when soft


class RestDaysRule(Rule):
    """Exactly N regular rest days 公休 per calendar month [000], prorated for part months.
    `lawful_extra`: when those days leave someone more overtime than the hours rule's cap
    (overtime_limit) allows, give them the fewest extra rest days that make the month lawful."""
    days_per_month: int = Field(4, ge=0)
    prorate: bool = True
    lawful_extra: bool = False


class CoverageRule(Rule):
    """Minimum headcount per day type, shift and role; optional penalty for staff above it."""
    minimum: dict[str, dict[str, dict[str, int]]]        # day_type -> shift -> role -> people
    over_weight: dict[str, int] = {}                     # day_type -> penalty per extra person

    @field_validator("minimum", "over_weight")
    @classmethod
    def _day_types(cls, v: dict) -> dict:
        for k in v:
            if k not in DAY_TYPES:
                raise PolicyValueError(f"unknown day type {k!r}; use one of {', '.join(DAY_TYPES)}",
                                       f"未知日类型“{k}”；可填：{'、'.join(DAY_TYPES)}")
        return v


class DutyRule(Rule):
    """Exactly `per_day` on-duty people 值班 a day, duty-eligible, working the duty shift."""
    per_day: int = Field(1, ge=0)
    shift: str = "C"


class DutyInARowRule(Rule):
    """At most `days` on-duty days in a row per person (the previous month's last days count);
    soft: weight per day beyond it."""
    days: int = Field(2, ge=1)


class SuccessionRule(Rule):
    """Forbidden successions (shift today -> shift tomorrow), e.g. C (ends 24:00) -> A (09:00), and
    every pair whose rest (tomorrow's start − today's end) is under `min_rest_hours` (0: no minimum)."""
    forbidden: list[tuple[str, str]] = []
    min_rest_hours: Decimal = Field(Decimal(0), ge=0, le=24)


class MaxConsecutiveWorkRule(Rule):
    days: int = Field(7, ge=1)


class MinConsecutiveRule(Rule):
    """A block (of work, or of days off) shorter than `days` costs weight per missing day."""
    enabled: bool = False
    days: int = Field(2, ge=1)


class LimitRule(Rule):
    enabled: bool = False


class ShiftLimitsRule(LimitRule):
    max_per_shift: dict[str, int] = {}          # shift -> most shifts of that type a month


class WorkingMinutesRule(LimitRule):
    minimum: int | None = None
    maximum: int | None = None


class MaxWeekendsRule(LimitRule):
    weekends: int = 4


class OvertimeLimitRule(LimitRule):
    """Each person's planned overtime of the month (kefu.working_time.month_hours under the
    policy's [working_time]) at most the month's cap; soft: weight per hour above it."""


class SoftRule(Strict):
    hard: bool = False
    weight: int = Field(1, ge=0)


class ShiftPreferenceRule(SoftRule):
    weight_avoid: int = Field(1, ge=0)


class FairLateShiftRule(SoftRule):
    shift: str = "C"


class WeekendRestRule(SoftRule):
    """At least `days` weekend days (Saturday, Sunday) not worked per person and month, prorated for
    a part month; soft: weight per missing day, `weight_after_none` for whoever had no weekend rest
    in the previous month (so they get theirs first; needs the previous roster). days = 0: off."""
    days: int = Field(2, ge=0)
    weight: int = Field(10, ge=0)
    weight_after_none: int = Field(30, ge=0)


class RosterRules(Strict):
    rest_days: RestDaysRule = RestDaysRule()
    statutory_holidays: Rule = Rule()
    coverage: CoverageRule
    duty: DutyRule = DutyRule()
    duty_in_a_row: DutyInARowRule = DutyInARowRule(weight=20)
    succession: SuccessionRule = SuccessionRule()
    max_consecutive_work: MaxConsecutiveWorkRule = MaxConsecutiveWorkRule()
    leave: Rule = Rule()
    min_consecutive_work: MinConsecutiveRule = MinConsecutiveRule()
    min_consecutive_off: MinConsecutiveRule = MinConsecutiveRule(hard=False, enabled=True, days=2, weight=3)
    shift_limits: ShiftLimitsRule = ShiftLimitsRule()
    working_minutes: WorkingMinutesRule = WorkingMinutesRule()
    max_weekends: MaxWeekendsRule = MaxWeekendsRule()
    overtime_limit: OvertimeLimitRule = OvertimeLimitRule()
    day_off_requests: SoftRule = SoftRule(weight=10)
    shift_preferences: ShiftPreferenceRule = ShiftPreferenceRule(weight=3, weight_avoid=3)
    fair_late_shifts: FairLateShiftRule = FairLateShiftRule(weight=2)
    fair_weekend_rest: SoftRule = SoftRule(weight=2)
    fair_duty: SoftRule = SoftRule(weight=2)
    fair_holiday_work: SoftRule = SoftRule(weight=2)
    shift_stability: SoftRule = SoftRule(weight=1)
    weekend_rest: WeekendRestRule = WeekendRestRule()


class SolverPolicy(Strict):
    """[roster.solver]: the planner's tunables (roster.planner.profile.SolverProfile, whose defaults
    hold for every key left out). Most teams need none of it; `seed`, `workers` and `deterministic`
    are the usual ones."""
    workers: int | None = Field(default=None, ge=1, le=64)
    seed: int | None = Field(default=None, ge=0)
    deterministic: bool | None = None
    relative_gap: float | None = Field(default=None, ge=0, le=1)
    person_bounds: bool | None = None
    column_bound: bool | None = None
    whole_model_most_cells: int | None = Field(default=None, ge=0)
    patterns_least_s: float | None = Field(default=None, ge=0)
    cheapest_share: float | None = Field(default=None, ge=0, le=1)
    whole_least_s: float | None = Field(default=None, ge=0)
    cover_check_s: float | None = Field(default=None, ge=0)
    cover_check_share: float | None = Field(default=None, ge=0, le=1)
    merged_shift_route: bool | None = None
    merged_share: float | None = Field(default=None, ge=0, le=1)
    shift_share: float | None = Field(default=None, ge=0, le=1)
    pattern_cap: int | None = Field(default=None, ge=1)
    pattern_listing_s: float | None = Field(default=None, gt=0)
    group_size: int | None = Field(default=None, ge=2)
    group_share: float | None = Field(default=None, ge=0, le=1)
    group_seconds_per_person: float | None = Field(default=None, ge=0)
    group_polish_seconds_per_person: float | None = Field(default=None, ge=0)
    group_bound_most_people: int | None = Field(default=None, ge=0)
    group_bound_seconds_per_person: float | None = Field(default=None, ge=0)
    whole_share: float | None = Field(default=None, ge=0, le=1)
    stall_share: float | None = Field(default=None, ge=0, le=1)
    lns_sub_s: float | None = Field(default=None, gt=0)
    lns_first_cells: int | None = Field(default=None, ge=1)
    lns_stuck_draws: int | None = Field(default=None, ge=1)
    first_turn_share: float | None = Field(default=None, ge=0, le=1)
    whole_first_most_cells: int | None = Field(default=None, ge=0)
    price_and_dive_least_s: float | None = Field(default=None, ge=0)
    person_by_person_least_s: float | None = Field(default=None, ge=0)
    long_run_most_days: int | None = Field(default=None, ge=0)
    first_schedules_share: float | None = Field(default=None, ge=0, le=1)
    first_schedules_retry_share: float | None = Field(default=None, ge=0, le=1)
    generate_share: float | None = Field(default=None, ge=0, le=1)
    dive_share: float | None = Field(default=None, ge=0, le=1)
    finish_share: float | None = Field(default=None, ge=0, le=1)
    rounds_per_person: float | None = Field(default=None, ge=0)
    settled: float | None = Field(default=None, ge=0, le=1)
    fix_share: int | None = Field(default=None, ge=1)
    dive_rounds: int | None = Field(default=None, ge=0)
    price_s: float | None = Field(default=None, gt=0)
    replan_s: float | None = Field(default=None, gt=0)
    pass_gain: float | None = Field(default=None, ge=0, le=1)
    smoothing: float | None = Field(default=None, ge=0, lt=1)
    bound_margin_s: float | None = Field(default=None, ge=0)


class RosterPolicy(Strict):
    shifts: dict[str, ShiftDef]
    calendar: CalendarPolicy = CalendarPolicy()
    rules: RosterRules
    solver: SolverPolicy = SolverPolicy()
    demand: DemandPolicy = DemandPolicy()        # staffing from demand (roster solve --demand)

    @model_validator(mode="after")
    def _shift_names_known(self) -> "RosterPolicy":
        known = set(self.shifts)
        reserved = {"OFF", "HOL", "AL", "PL", "SL", "NA"}
        if known & reserved:
            raise PolicyValueError(f"shift ids may not be roster codes: {sorted(known & reserved)}",
                                   f"班次代号不能与排班代码重名：{'、'.join(sorted(known & reserved))}")
        used = [("rules.duty.shift", self.rules.duty.shift),
                ("rules.fair_late_shifts.shift", self.rules.fair_late_shifts.shift)]
        used += [("rules.succession.forbidden", s) for pair in self.rules.succession.forbidden for s in pair]
        used += [("rules.shift_limits.max_per_shift", s) for s in self.rules.shift_limits.max_per_shift]
        used += [("demand.break_windows", s) for s in self.demand.break_windows]
        for table in self.rules.coverage.minimum.values():
            used += [("rules.coverage.minimum", s) for s in table]
        for where, s in used:
            if s not in known:
                raise PolicyValueError(f"{where} names shift {s!r}, not one of {sorted(known)}",
                                       f"{where} 写了班次“{s}”，但班次只有 {'、'.join(sorted(known))}")
        self._planned_without_demand()
        return self

    def _planned_without_demand(self) -> None:
        """The on-duty shift and the per-shift counts are planned without demand: a shift planned only
        from demand there could never be filled."""
        needs = [("rules.duty.shift", self.rules.duty.shift)] if self.rules.duty.per_day else []
        for table in self.rules.coverage.minimum.values():
            needs += [("rules.coverage.minimum", s) for s, roles in table.items() if any(roles.values())]
        for where, s in needs:
            if self.shifts[s].only_with_demand:
                raise PolicyValueError(f"{where} names shift {s!r}, which is planned only from demand "
                                       "(only_with_demand = true)",
                                       f"{where} 写了班次“{s}”，但它只在按需求排班时使用（only_with_demand = true），"
                                       "按班次人数排班时排不上")


class Policy(Strict):
    """The policy file as the roster package sees it ([payroll] is validated by payroll)."""
    path: Path
    team: TeamPolicy
    roster: RosterPolicy
    working_time: WorkingTimePolicy = WorkingTimePolicy()


def load_policy(path: str | Path) -> Policy:
    raw = read_policy_toml(path)
    from kefu.errors import InputError
    for table in ("team", "roster"):
        if table not in raw:
            raise InputError(f"missing table [{table}]", file=path, zh=f"缺少表 [{table}]")
    team = validate_table(TeamPolicy, raw["team"], path, "team")
    roster = validate_table(RosterPolicy, raw["roster"], path, "roster")
    working_time = validate_table(WorkingTimePolicy, raw.get("working_time", {}), path, "working_time")
    for day_type, shifts in roster.rules.coverage.minimum.items():
        for shift, roles in shifts.items():
            for role in roles:
                if role not in team.roles:
                    where = f"roster.rules.coverage.minimum.{day_type}.{shift}"
                    raise InputError(f"{where} names role {role!r}, not one of {sorted(team.roles)} in [team.roles]",
                                     file=path, zh=f"{where} 写了岗位“{role}”，但 [team.roles] 里只有 "
                                                   f"{'、'.join(sorted(team.roles))}")
    for role in roster.demand.roles:
        if role not in team.roles:
            raise InputError(f"roster.demand.roles names role {role!r}, not one of {sorted(team.roles)} in [team.roles]",
                             file=path, zh=f"roster.demand.roles 写了岗位“{role}”，但 [team.roles] 里只有 "
                                           f"{'、'.join(sorted(team.roles))}")
    for code, t in team.leave_types.items():
        clash = {x.upper() for x in (code, t.name, t.mark, *t.aliases)} & {sid.upper() for sid in roster.shifts}
        if clash:
            raise InputError(f"team.leave_types.{code} uses {sorted(clash)[0]!r}, which is a shift id",
                             file=path, zh=f"team.leave_types.{code} 用了“{sorted(clash)[0]}”，它已是班次代号")
    return Policy(path=Path(path), team=team, roster=roster, working_time=working_time)
