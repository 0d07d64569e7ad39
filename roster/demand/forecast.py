"""A month's forecast from past weeks: a day-of-week × interval profile per role, times the
promotion multiplier of the policy's promotion calendar.

Profile: for each weekday, interval and role, the mean of the chats on the history's ordinary days
of that weekday (promotion days left out, so 双11 does not inflate November's Wednesdays). A
forecast day is the profile of its weekday × the multiplier of its MM-DD in
`[roster.demand.promotion_multipliers]` (1 elsewhere). A promotion day found in the history is
measured — its chats ÷ the profile of its weekday — and said, so the supervisor can put the shop's
own figure in the policy (that measurement is the multiplier's source).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from roster.demand.demand_file import DemandFile, DemandRow


@dataclass
class Forecast:
    rows: list[DemandRow]
    measured: dict[date, float] = field(default_factory=dict)    # promotion day in the history -> multiplier
    notices: list[str] = field(default_factory=list)


def _mmdd(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def profile(history: list[DemandRow], promotion_days: set[str]) -> dict[tuple[int, int, str], float]:
    """(weekday, slot, role) -> mean chats over the ordinary history days of that weekday."""
    days_by_weekday: dict[int, set[date]] = defaultdict(set)
    total: dict[tuple[int, int, str], float] = defaultdict(float)
    for r in history:
        if _mmdd(r.date) in promotion_days:
            continue
        days_by_weekday[r.date.weekday()].add(r.date)
        total[r.date.weekday(), r.slot, r.role] += r.contacts
    return {k: v / len(days_by_weekday[k[0]]) for k, v in total.items()}


def forecast_month(demand: DemandFile, days: list[date], multipliers: dict[str, Decimal],
                   promotion_days: tuple[str, ...]) -> Forecast:
    """The month's rows from a history file (see the module docstring)."""
    promos = set(promotion_days) | set(multipliers)
    prof = profile(demand.rows, promos)
    out = Forecast([])
    for day in days:
        factor = float(multipliers.get(_mmdd(day), 1))
        for (weekday, slot, role), mean in sorted(prof.items()):
            if weekday == day.weekday():
                out.rows.append(DemandRow(day, slot, role, round(mean * factor, 1)))
    by_day: dict[date, float] = defaultdict(float)
    for r in demand.rows:
        if _mmdd(r.date) in promos:
            by_day[r.date] += r.contacts
    for day, chats in sorted(by_day.items()):
        usual = sum(v for (wd, _, _), v in prof.items() if wd == day.weekday())
        if usual > 0:
            out.measured[day] = chats / usual
            policy = multipliers.get(_mmdd(day))
            said = f"，策略里 {_mmdd(day)} 为 {policy}" if policy is not None else f"，策略里没有 {_mmdd(day)} 的倍数"
            out.notices.append(f"历史里的大促日 {day}：咨询量是平常{'周一二三四五六日'[day.weekday()]}的 "
                               f"{out.measured[day]:.1f} 倍{said}")
    weeks = len({r.date for r in demand.rows if _mmdd(r.date) not in promos}) / 7
    out.notices.insert(0, f"{demand.path.name}：按过去约 {weeks:.0f} 周的咨询量预测本月（按星期几和时段取平均，大促日乘倍数）")
    return out
