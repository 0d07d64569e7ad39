"""The independent roster validator: one `check_<rule_id>` per rule, plain loops over the Instance.

It shares the Instance data with the model but none of its code, so a modelling mistake cannot hide
itself. Each check returns Breaches (roster.penalties: who, which day, how many units, in words);
`check` prices them by `instance.setting(rule_id)`: hard ones are the report's violations, soft ones
(weight x units) its penalties. `Report.total_penalty` is the solver's objective recomputed.
Messages are written for the supervisor, in Chinese (rules, days and codes named by roster.wording):
they keep the employee id and name, the day(s), the shift and the figures.

Semantics shared with the model (roster.rules) and the Curtois & Qu benchmark:
- working = a shift id; every other code (OFF HOL AL PL SL NA) is a day not worked.
- history (previous month's codes, oldest first) counts for succession into day 0 and for
  consecutive-day rules; without history, days before the horizon count as off.
- rest_days: |OFF count - Person.rest_days| units (with holiday_rest_days, units outside
  rest_days .. rest_days + statutory holidays worked).  statutory_holidays: 1 unit per HOL on a
  non-statutory day or OFF on a statutory day.  coverage: per Cover, (minimum - n) units at
  under_weight (hard when under_hard), (n - minimum) units at over_weight.  duty: |valid on-duty
  people - duty_per_day| units a day (valid: duty-eligible and on the duty shift; an invalid
  on-duty entry is always a violation).  succession: 1 unit per forbidden pair (listed, or with
  less rest between the shifts than instance.min_rest_minutes; the message names the hours).
- max_consecutive_work: 1 unit per horizon day on which the run of work ending there exceeds k.
- min_consecutive_work / min_consecutive_off: a block with known days on both sides that is shorter
  than m costs (m - length) units; blocks touching the horizon edges are exempt when
  instance.edge_exempt (a block reaching back into a known history is not at the start edge);
  blocks wholly inside the history are not counted.
- shift_limits, working_minutes, max_weekends: units above (or below) the limit, in shifts,
  minutes and weekends.  overtime_limit: started hours of overtime (kefu.working_time.month_hours)
  above Person.overtime_cap (roster.validate_hours).  leave: 1 unit per fixed code (other than NA) not kept.
- wishes (day_off_requests, shift_preferences): the Wish's own weight per unmet wish.
- duty_in_a_row: 1 unit per horizon day on which a person's run of duty days (the previous month's
  included) exceeds instance.duty_most_in_a_row.
- fair_*: weight x (max - min) of this month's count plus Person.carry over Instance.fair_members
  (fair_duty: the duty-eligible; fair_late_shifts: those who may work the late shift).
  weekend_rest: 1 unit per weekend day rested below Person.weekend_rest_min, at the person's weight.
  shift_stability: 1 unit per change of shift between two consecutive worked days in the horizon.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from roster.instance import HOL, NA, OFF, Assignment, Instance, Setting
from roster.penalties import Breach, breach
from roster.validate_base import (_blocks, _history_and_codes, _horizon, _span, _when,  # noqa: F401
                                  _who, _works)
from roster.validate_hours import check_overtime_limit  # noqa: F401
from roster.validate_interval import check_interval_cover  # noqa: F401
from roster.wording import code_name, code_text, role_text, rule_title, succession_text
from roster.validate_soft import (check_day_off_requests, check_duty_in_a_row, check_fair_duty,  # noqa: F401
                                  check_fair_holiday_work, check_fair_late_shifts, check_fair_weekend_rest,
                                  check_shift_preferences, check_shift_stability, check_weekend_rest)

HARD_RULES = ("structure", "rest_days", "statutory_holidays", "coverage", "duty", "succession",
              "max_consecutive_work", "min_consecutive_work", "min_consecutive_off", "shift_limits",
              "working_minutes", "max_weekends", "overtime_limit", "leave")
SOFT_RULES = ("day_off_requests", "shift_preferences", "fair_late_shifts", "fair_weekend_rest",
              "fair_duty", "fair_holiday_work", "shift_stability", "weekend_rest",
              "duty_in_a_row", "interval_cover")


@dataclass
class Report:
    """The validator's findings: hard rules broken (`violations`) and soft costs (`penalties`)."""

    violations: list[Breach] = field(default_factory=list)
    penalties: list[Breach] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def total_penalty(self) -> int:
        return sum(p.amount for p in self.penalties)

    def penalty_by_rule(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for p in self.penalties:
            out[p.rule_id] += p.amount
        return dict(out)

    def violated_rules(self) -> list[str]:
        return sorted({v.rule_id for v in self.violations})

# ------------------------------------------------------------------ structure
def check_structure(inst: Instance, a: Assignment) -> list[Breach]:
    """One code per person and day, every code known, NA exactly on days outside employment."""
    out: list[Breach] = []
    if len(a.codes) != len(inst.people):
        return [breach(inst, "structure", None, None, 1, f"排班表有 {len(a.codes)} 人，团队有 {len(inst.people)} 人",
                       {"people": len(a.codes), "expected": len(inst.people)})]
    known = set(inst.shift_ids) | set(inst.rest_codes)
    for p, row in enumerate(a.codes):
        if len(row) != inst.n_days:
            out.append(breach(inst, "structure", p, None, 1,
                              f"{_who(inst, p)} 在排班表里有 {len(row)} 天，排班期共 {inst.n_days} 天",
                              {"days": len(row), "expected": inst.n_days}))
            continue
        for d, code in enumerate(row):
            fixed = inst.fixed.get((p, d))
            if code not in known:
                out.append(breach(inst, "structure", p, d, 1, f"{_who(inst, p)} {_when(inst, d)}的代码“{code}”无法识别",
                                  {"code": code}))
            elif code == NA and fixed != NA:
                out.append(breach(inst, "structure", p, d, 1, f"{_who(inst, p)} {_when(inst, d)}记为不在职（—），但当天在职",
                                  {"code": code}))
            elif fixed == NA and code != NA:
                out.append(breach(inst, "structure", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d)}排了{code_text(code, inst.leave)}，但当天不在职"
                                  "（应为 —）", {"code": code}))
    for d, people in enumerate(a.duty):
        for p in people:
            if not 0 <= p < len(inst.people):
                out.append(breach(inst, "structure", None, d, 1, f"{_when(inst, d)}的值班人（第 {p + 1} 号）不在团队中",
                                  {"person": p}))
    return out


# ------------------------------------------------------------------ hard rules
def check_rest_days(inst: Instance, a: Assignment) -> list[Breach]:
    """Exactly Person.rest_days regular rest days (OFF) in the horizon; with holiday_rest_days, up to
    one more per statutory holiday worked."""
    out = []
    for p, person in enumerate(inst.people):
        if person.rest_days is None:
            continue
        n = sum(1 for c in a.codes[p] if c == OFF)
        back = 0
        if person.holiday_rest_days:
            back = sum(1 for d, day in enumerate(inst.days) if day.statutory and _works(a.codes[p][d]))
        if person.rest_days <= n <= person.rest_days + back:
            continue
        units = person.rest_days - n if n < person.rest_days else n - person.rest_days - back
        rule = (f"规定恰好 {person.rest_days} 天" if not back else
                f"规定 {person.rest_days} 天，上了 {back} 天法定节假日可多休 {back} 天")
        figures = {"rest_days": n, "required": person.rest_days}
        if person.holiday_rest_days:
            figures["holiday_worked"] = back
        out.append(breach(inst, "rest_days", p, None, units,
                          f"{_who(inst, p)} {_horizon(inst)}公休 {n} 天，{rule}", figures))
    return out


def check_statutory_holidays(inst: Instance, a: Assignment) -> list[Breach]:
    """HOL only on statutory holidays; a regular rest day (OFF) never on one."""
    out = []
    for p in range(len(inst.people)):
        for d, day in enumerate(inst.days):
            code = a.codes[p][d]
            if code == HOL and not day.statutory:
                out.append(breach(inst, "statutory_holidays", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d)}记为节（节假日休息），但这天不是"
                                  "法定节假日", {"code": code}))
            elif code == OFF and day.statutory:
                out.append(breach(inst, "statutory_holidays", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d)}记为休（公休）；法定节假日休息应记为节，"
                                  "不占公休天数", {"code": code}))
    return out


def _coverage_count(inst: Instance, a: Assignment, day: int, shift: str, role: str | None) -> int:
    return sum(1 for p, person in enumerate(inst.people)
               if a.codes[p][day] == shift and (role is None or person.role == role))


def check_coverage(inst: Instance, a: Assignment, role_names: dict[str, str] | None = None) -> list[Breach]:
    """Per Cover: at least `minimum` people (of the role) on the shift; extra people cost over_weight.
    `role_names` (role id -> 售前 …) only words the message."""
    out = []
    for c in inst.covers:
        n = _coverage_count(inst, a, c.day, c.shift, c.role)
        role = f" {role_text(c.role, role_names)}" if c.role else ""
        figures = {"shift": c.shift, "role": c.role, "staffed": n, "minimum": c.minimum}
        what = f"{_when(inst, c.day)}{c.shift}班{role}：到岗 {n} 人，需要 {c.minimum} 人"
        if n < c.minimum:
            out.append(breach(inst, "coverage", None, c.day, c.minimum - n, f"{what}，缺 {c.minimum - n} 人", figures,
                              hard=c.under_hard, weight=c.under_weight))
        elif n > c.minimum and c.over_weight:
            out.append(breach(inst, "coverage", None, c.day, n - c.minimum, f"{what}，多 {n - c.minimum} 人", figures,
                              hard=False, weight=c.over_weight))
    return out


def check_duty(inst: Instance, a: Assignment) -> list[Breach]:
    """Every day exactly duty_on(day) on-duty people, duty-eligible and working the duty shift."""
    if not inst.duty_per_day:
        return []
    out = []
    for d in range(inst.n_days):
        people = sorted(set(a.duty[d])) if d < len(a.duty) else []
        valid = 0
        for p in people:
            if not 0 <= p < len(inst.people):
                continue                                   # reported by check_structure
            code = a.codes[p][d]
            if not inst.people[p].duty_eligible:
                out.append(breach(inst, "duty", p, d, 1, f"{_who(inst, p)} {_when(inst, d)}被排为值班，但此人不能值班"
                                  "（员工表“可值班”为 否）", {"code": code}, hard=True))
            elif code != inst.duty_shift:
                out.append(breach(inst, "duty", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d)}被排为值班，但上的是{code_text(code, inst.leave)}，"
                                  f"值班须上{inst.duty_shift}班", {"code": code}, hard=True))
            else:
                valid += 1
        need = inst.duty_on(d)
        if valid != need:
            found = "没有值班人" if valid == 0 else f"有 {valid} 名值班人"
            out.append(breach(inst, "duty", None, d, abs(valid - need),
                              f"{_when(inst, d)}{found}，规定恰好 {need} 名（上{inst.duty_shift}班、可值班的人）",
                              {"on_duty": valid, "required": need}))
    return out


def check_succession(inst: Instance, a: Assignment) -> list[Breach]:
    """No forbidden succession (shift today, shift tomorrow), including from the history into day 0."""
    if not inst.forbidden_successions:
        return []
    out = []
    for p in range(len(inst.people)):
        seq, start = _history_and_codes(inst, a, p)
        for i in range(max(start, 1), len(seq)):
            pair = (seq[i - 1], seq[i])
            if pair in inst.forbidden_successions:
                d = i - start
                out.append(breach(inst, "succession", p, d, 1,
                                  f"{_who(inst, p)} {_when(inst, d - 1)}上{code_text(pair[0])}、"
                                  f"{_when(inst, d)}接{code_text(pair[1])}（{succession_text(inst, *pair)}）",
                                  {"before": pair[0], "after": pair[1]}))
    return out


def check_max_consecutive_work(inst: Instance, a: Assignment) -> list[Breach]:
    """No more than k working days in a row, counting the history before day 0."""
    out = []
    for p, person in enumerate(inst.people):
        k = person.max_consecutive_work
        if k is None:
            continue
        seq, start = _history_and_codes(inst, a, p)
        for s, e in _blocks([_works(c, inst) for c in seq], True):
            length = e - s + 1
            if e < start or length <= k:
                continue
            excess = sum(1 for i in range(max(s, start), e + 1) if i - s + 1 > k)
            if excess:
                out.append(breach(inst, "max_consecutive_work", p, max(s, start) - start, excess,
                                  f"{_who(inst, p)} {_span(inst, s - start, e - start)}连续上班 {length} 天，"
                                  f"最多连续 {k} 天", {"days": length, "limit": k}))
    return out


def _min_blocks(inst: Instance, a: Assignment, attr: str, working: bool) -> list[Breach]:
    """`attr`: the Person limit, named as its rule."""
    out = []
    for p, person in enumerate(inst.people):
        m = getattr(person, attr)
        if not m or m <= 1:
            continue
        seq, start = _history_and_codes(inst, a, p)
        last = len(seq) - 1
        for s, e in _blocks([_works(c, inst) == working for c in seq], True):
            if e < start:
                continue                                    # wholly last month's
            if inst.edge_exempt and (s == 0 or e == last):
                continue                                    # runs on beyond what we know
            length = e - s + 1
            if length < m:
                what = (f"只连续上了 {length} 天班，规定至少连续上 {m} 天" if working
                        else f"只休了 {length} 天就上班，规定至少连休 {m} 天")
                out.append(breach(inst, attr, p, s - start, m - length,
                                  f"{_who(inst, p)} {_span(inst, s - start, e - start)}{what}",
                                  {"days": length, "minimum": m}))
    return out


def check_min_consecutive_work(inst: Instance, a: Assignment) -> list[Breach]:
    """Working blocks are at least Person.min_consecutive_work days (edge blocks exempt)."""
    return _min_blocks(inst, a, "min_consecutive_work", True)


def check_min_consecutive_off(inst: Instance, a: Assignment) -> list[Breach]:
    """Blocks of days not worked are at least Person.min_consecutive_off days (edge blocks exempt)."""
    return _min_blocks(inst, a, "min_consecutive_off", False)


def check_shift_limits(inst: Instance, a: Assignment) -> list[Breach]:
    """At most Person.max_per_shift[s] shifts of type s in the horizon."""
    out = []
    for p, person in enumerate(inst.people):
        for sid, limit in person.max_per_shift.items():
            n = sum(1 for c in a.codes[p] if c == sid)
            if n > limit:
                out.append(breach(inst, "shift_limits", p, None, n - limit,
                                  f"{_who(inst, p)} 上了 {n} 个{sid}班，最多 {limit} 个",
                                  {"shift": sid, "shifts": n, "limit": limit}))
    return out


def check_working_minutes(inst: Instance, a: Assignment) -> list[Breach]:
    """Paid minutes of the horizon between Person.min_minutes and Person.max_minutes."""
    minutes = {s.id: s.minutes for s in inst.shifts}
    out = []
    for p, person in enumerate(inst.people):
        if person.min_minutes is None and person.max_minutes is None:
            continue
        total = sum(minutes.get(c, 0) for c in a.codes[p])
        lo, hi = person.min_minutes, person.max_minutes
        figures = {"minutes": total, "minimum": lo, "maximum": hi}
        if lo is not None and total < lo:
            out.append(breach(inst, "working_minutes", p, None, lo - total,
                              f"{_who(inst, p)} 工时 {_hours(total)}，至少 {_hours(lo)}",
                              figures))
        if hi is not None and total > hi:
            out.append(breach(inst, "working_minutes", p, None, total - hi,
                              f"{_who(inst, p)} 工时 {_hours(total)}，最多 {_hours(hi)}",
                              figures))
    return out


def _hours(minutes: int) -> str:
    return f"{minutes} 分钟（{minutes / 60:.4g} 小时）"


def check_max_weekends(inst: Instance, a: Assignment) -> list[Breach]:
    """Weekends with any shift on Saturday or Sunday at most Person.max_weekends."""
    out = []
    for p, person in enumerate(inst.people):
        if person.max_weekends is None:
            continue
        worked = {day.weekend_index for d, day in enumerate(inst.days)
                  if day.weekend_index is not None and _works(a.codes[p][d], inst)}
        if len(worked) > person.max_weekends:
            out.append(breach(inst, "max_weekends", p, None, len(worked) - person.max_weekends,
                              f"{_who(inst, p)} 有 {len(worked)} 个周末上班，最多 {person.max_weekends} 个",
                              {"weekends": len(worked), "limit": person.max_weekends}))
    return out


def check_leave(inst: Instance, a: Assignment) -> list[Breach]:
    """Fixed codes (approved leave, days off) are kept; NA is checked as structure."""
    out = []
    for (p, d), code in sorted(inst.fixed.items()):
        if code != NA and a.codes[p][d] != code:
            out.append(breach(inst, "leave", p, d, 1,
                              f"{_who(inst, p)} {_when(inst, d)}已定为{code_name(code, inst.leave)}"
                              f"（{code_text(code, inst.leave)}），排班表却是{code_text(a.codes[p][d], inst.leave)}",
                              {"fixed": code, "code": a.codes[p][d]}))
    return out


CHECKS = {rule: globals()[f"check_{rule}"] for rule in (*HARD_RULES, *SOFT_RULES)}


# checks whose messages name a role (or a fair group, which is a role): they take role_names
NAMES_ROLES = ("coverage", "interval_cover", "fair_late_shifts", "fair_weekend_rest", "fair_duty", "fair_holiday_work")


def check(instance: Instance, assignment: Assignment, role_names: dict[str, str] | None = None) -> Report:
    """Every rule of the instance checked against the roster: hard breaks and soft costs.
    `role_names` (role id -> the team sheet's name, e.g. 售前) only words the messages."""
    report = Report()
    structure = check_structure(instance, assignment)
    _collect(instance, "structure", structure, report, force_hard=True)
    if any("expected" in b.figures for b in structure):
        return report                                   # wrong shape: the other checks cannot run
    for rule, fn in CHECKS.items():
        if rule in NAMES_ROLES:
            _collect(instance, rule, fn(instance, assignment, role_names=role_names), report)
        elif rule != "structure":
            _collect(instance, rule, fn(instance, assignment), report)
    return report


def rule_setting(inst: Instance, rule: str) -> Setting:
    """The rule's setting; a soft-only rule the instance does not mention costs nothing."""
    if rule in SOFT_RULES and rule not in inst.settings:
        return Setting(hard=False, weight=0)
    return inst.setting(rule)


def _collect(inst: Instance, rule: str, breaches: list[Breach], report: Report, force_hard: bool = False) -> None:
    """Price each Breach by the rule's setting (its own hard/weight when it has them): hard ones are
    violations, soft ones that cost something penalties."""
    setting = rule_setting(inst, rule)
    for b in breaches:
        hard = True if force_hard else (setting.hard if b.hard is None else b.hard)
        if hard:
            report.violations.append(replace(b, hard=True, weight=None))
            continue
        priced = replace(b, hard=False, weight=setting.weight if b.weight is None else b.weight)
        if priced.amount:
            report.penalties.append(priced)
