"""Required against planned staff per interval, the service level the roster is predicted to give,
and agent-hours over and under — for the roster workbook's staffing sheet and the CLI's plain words.

Planned staff of an interval: effective agents on shift (agent-minutes ÷ L, breaks staggered,
roster.demand.intervals); short: ceil(required − planned) people, as the interval_cover rule counts
it. Predicted service: roster.demand.required.predict for those agents; a day's or the month's
service is the chat-weighted mean of its intervals. Agent-hours: required and planned summed over
the intervals with demand; under = Σ (required − planned)⁺ × L, over = Σ (planned − required)⁺ × L.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from roster.demand.intervals import staff_by_interval
from roster.demand.least_shift_days import least_shift_days
from roster.demand.required import Prediction, predict
from roster.wording import instance_day, role_text


@dataclass(frozen=True)
class IntervalFigure:
    day: int
    slot: int
    role: str
    contacts: float
    required: int
    planned: float
    heads: int
    prediction: Prediction
    meets: bool

    @property
    def short(self) -> int:
        return max(0, math.ceil(round(self.required - self.planned, 9)))


@dataclass
class DayFigure:
    day: int
    required_hours: float = 0.0
    planned_hours: float = 0.0
    under_hours: float = 0.0
    over_hours: float = 0.0
    intervals: int = 0
    intervals_short: int = 0
    intervals_meeting: int = 0
    contacts: float = 0.0
    answered: float = 0.0            # chats answered within first_reply_seconds (predicted)

    @property
    def first_reply(self) -> float:
        return self.answered / self.contacts if self.contacts else 1.0

    def add(self, fig: IntervalFigure, interval_minutes: int) -> None:
        """Count one interval in."""
        h = interval_minutes / 60
        self.required_hours += fig.required * h
        self.planned_hours += fig.planned * h
        self.under_hours += max(0.0, fig.required - fig.planned) * h
        self.over_hours += max(0.0, fig.planned - fig.required) * h
        self.intervals += 1
        self.intervals_short += fig.short > 0
        self.intervals_meeting += fig.meets
        self.contacts += fig.contacts
        self.answered += fig.contacts * fig.prediction.first_reply


@dataclass
class Staffing:
    intervals: list[IntervalFigure] = field(default_factory=list)
    days: list[DayFigure] = field(default_factory=list)
    roles: dict[str, DayFigure] = field(default_factory=dict)     # the month per role
    people: dict[str, int] = field(default_factory=dict)          # people of each role in the roster
    worked_hours: dict[str, float] = field(default_factory=dict)  # paid hours of every shift worked, per role
    peak: dict[str, IntervalFigure] = field(default_factory=dict)  # the interval needing most people, per role
    shift_days: dict[str, int] = field(default_factory=dict)      # days worked on each shift
    worked_days: dict[str, int] = field(default_factory=dict)     # days worked, per role
    least_shift_days: dict[str, int] = field(default_factory=dict)  # per role: fewest shift-days with no interval short
    interval_minutes: int = 30
    first_reply_s: int = 30
    target_share: float = 0.8

    def total(self) -> DayFigure:
        t = DayFigure(-1)
        for d in self.days:
            for name in ("required_hours", "planned_hours", "under_hours", "over_hours", "intervals",
                         "intervals_short", "intervals_meeting", "contacts", "answered"):
                setattr(t, name, getattr(t, name) + getattr(d, name))
        return t


def staffing(instance, assignment) -> Staffing:
    cover = instance.interval_cover
    L = cover.interval_minutes
    agent_minutes, heads = staff_by_interval(instance, assignment)
    any_sp = next(iter(cover.service.values()), None)
    out = Staffing(interval_minutes=L, first_reply_s=any_sp.first_reply_s if any_sp else 30,
                   target_share=any_sp.first_reply_share if any_sp else 0.8)
    days = [DayFigure(d) for d in range(instance.n_days)]
    paid = {s.id: s.minutes / 60 for s in instance.shifts}
    for person, row in zip(instance.people, assignment.codes):
        out.people[person.role] = out.people.get(person.role, 0) + 1
        for code in row:
            if code in paid:
                out.shift_days[code] = out.shift_days.get(code, 0) + 1
                out.worked_hours[person.role] = out.worked_hours.get(person.role, 0.0) + paid[code]
                out.worked_days[person.role] = out.worked_days.get(person.role, 0) + 1
    for need in cover.needs:
        key = (need.day, need.slot, need.role)
        planned = agent_minutes.get(key, 0) / L
        sp = cover.service[need.role]
        pred = predict(planned, need.contacts, L, need.aht_s, sp)
        fig = IntervalFigure(need.day, need.slot, need.role, need.contacts, need.required, planned,
                             heads.get(key, 0), pred, pred.meets(sp))
        out.intervals.append(fig)
        if need.required > getattr(out.peak.get(need.role), "required", -1):
            out.peak[need.role] = fig
        for figure in (days[need.day], out.roles.setdefault(need.role, DayFigure(-1))):
            figure.add(fig, L)
    out.days = days
    out.least_shift_days = {role: least_shift_days(instance, role) for role in out.roles}
    return out


def _hours_each(report: Staffing, role: str) -> float:
    """Paid hours a person of the role works this month, on average."""
    n = report.people.get(role, 0)
    return report.worked_hours.get(role, 0.0) / n if n else 0.0


def _days_each(report: Staffing, role: str) -> float:
    """Days a person of the role works this month, on average."""
    n = report.people.get(role, 0)
    return report.worked_days.get(role, 0) / n if n else 0.0


def _needed_by(report: Staffing, role: str) -> dict[str, int]:
    """People a role needs at least, by each measure: the month's required agent-hours at the hours
    each of its people works ("hours"), the busiest interval's people all at once ("peak"), and the
    fewest shift-days that leave no interval short at the days each of its people works ("shifts")."""
    t, n = report.roles[role], report.people.get(role, 0)
    each, days = _hours_each(report, role), _days_each(report, role)
    least = report.least_shift_days.get(role, 0)
    return {"hours": math.ceil(round(t.required_hours / each, 9)) if each else n,
            "peak": report.peak[role].required if role in report.peak else 0,
            "shifts": math.ceil(round(least / days, 9)) if days else n}


def people_needed(report: Staffing, role: str) -> int:
    """The fewest people of a role with whom no choice of shift times could leave an interval short
    (the largest of _needed_by's measures). A lower bound: rest days and succession may need more."""
    return max(_needed_by(report, role).values())


def role_verdict(report: Staffing, role: str, inst=None) -> str:
    """Whether what a role is short of is people (people_needed above its headcount) or the times of
    the shifts and rest days (enough people, at the wrong times); "" when no interval is short."""
    t, n = report.roles[role], report.people.get(role, 0)
    if not t.intervals_short:
        return ""
    need = people_needed(report, role)
    if need <= n:
        return f"{t.intervals_short} 个时段缺人是班次时间或休息日与咨询量不合，不是人数"
    by = _needed_by(report, role)
    peak = report.peak[role]
    if by["peak"] >= need and inst is not None:
        why = f"{instance_day(inst, peak.day)}{inst.interval_cover.slot_text(peak.slot)} 要 {peak.required} 人同时在班"
    elif by["peak"] >= need:
        why = f"最忙的时段要 {peak.required} 人同时在班"
    elif by["hours"] >= need:
        why = f"需要 {t.required_hours:.0f} 人时，每人本月做 {_hours_each(report, role):.0f} 小时"
    else:
        why = (f"每个时段都够人至少要 {report.least_shift_days[role]} 人次班，"
               f"每人本月上 {_days_each(report, role):.0f} 天")
    return f"人数不够：至少要 {need} 人（现 {n} 人；{why}）"


def role_lines(inst, report: Staffing, role_names: dict[str, str] | None = None) -> list[str]:
    """Per role with short intervals: agent-hours needed and planned, and role_verdict."""
    out = []
    for role, t in sorted(report.roles.items()):
        verdict = role_verdict(report, role, inst)
        if verdict:
            out.append(f"{role_text(role, role_names)}：需要 {t.required_hours:.0f} 人时，"
                       f"{report.people.get(role, 0)} 人排了 {t.planned_hours:.0f} 人时；{verdict}")
    return out


def _clock(minutes: int) -> str:
    return "24:00" if minutes == 24 * 60 else f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def shift_text(shift) -> str:
    """'D 13:00–22:00' (a ShiftType), marked when it is planned only from demand."""
    mark = "（仅按需求排班）" if shift.only_with_demand else ""
    return f"{shift.id} {_clock(shift.start_min)}–{_clock(shift.end_min)}{mark}"


def shift_use_line(inst, report: Staffing) -> str:
    """The days worked on each shift: the shift times the plan from demand chose."""
    return "班次人次：" + "，".join(f"{shift_text(s)} {report.shift_days.get(s.id, 0)}" for s in inst.shifts)


def short_spans(inst, report: Staffing, role_names: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Runs of consecutive short intervals of one day and role, worst first, as
    (person-intervals short, '12-12（周六，大促）20:00–22:00 售前 缺 3 人，预计 30 秒内首响 71 %')."""
    cover = inst.interval_cover
    L = cover.interval_minutes
    runs: list[list[IntervalFigure]] = []
    for fig in sorted(report.intervals, key=lambda f: (f.role, f.day, f.slot)):
        if fig.short <= 0:
            continue
        last = runs[-1][-1] if runs else None
        if last and (last.role, last.day, last.slot + 1) == (fig.role, fig.day, fig.slot):
            runs[-1].append(fig)
        else:
            runs.append([fig])
    out = []
    for run in runs:
        chats = sum(f.contacts for f in run)
        sl = sum(f.contacts * f.prediction.first_reply for f in run) / chats if chats else 1.0
        start, end = run[0].slot * L, (run[-1].slot + 1) * L
        words = (f"{instance_day(inst, run[0].day)}{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d} "
                 f"{role_text(run[0].role, role_names)} 缺 {max(f.short for f in run)} 人，"
                 f"预计 {report.first_reply_s} 秒内首响 {sl:.0%}")
        out.append((sum(f.short for f in run), words))
    return sorted(out, key=lambda x: -x[0])


def summary_lines(inst, report: Staffing, role_names: dict[str, str] | None = None, most: int = 8) -> list[str]:
    """The CLI's staffing lines: the month in one line, then the worst short spans."""
    t = report.total()
    lines = [f"人手：需要 {t.required_hours:.0f} 人时，排了 {t.planned_hours:.0f} 人时（多 {t.over_hours:.0f}，"
             f"缺 {t.under_hours:.0f}）；{t.intervals} 个时段里 {t.intervals_meeting} 个达到服务目标"
             f"（{t.intervals_meeting / t.intervals if t.intervals else 1:.1%}），{t.intervals_short} 个缺人；"
             f"预计 {report.first_reply_s} 秒内首响 {t.first_reply:.1%}（目标 {report.target_share:.0%}）"]
    lines.append(shift_use_line(inst, report))
    lines += role_lines(inst, report, role_names)
    spans = short_spans(inst, report, role_names)
    for _, words in spans[:most]:
        lines.append(f"  {words}")
    if len(spans) > most:
        lines.append(f"  另有 {len(spans) - most} 段缺人，见排班工作簿的“人手”表")
    return lines
