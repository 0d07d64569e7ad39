"""Required agents per day, interval and role from the service-level targets, and the Instance's
IntervalCover (used instead of the hand-typed per-shift counts when demand is given).

Required agents of an interval: the fewest productive agents n (servers n × concurrency) with
    answered within first_reply_seconds ≥ first_reply_share,
    not answered within delay_seconds ≤ delay_share_max,
    and, under Erlang A, answered overall ≥ reply_rate_min,
then scheduled = ceil(n / (1 − shrinkage)). An interval with no chats needs nobody but the role's
hard `minimum`. Predicted service of a planned interval: its effective agents (agent-minutes ÷ L)
less shrinkage, times concurrency, rounded down to whole servers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from roster.demand.demand_file import DemandRow, read_demand
from roster.demand.erlang import erlang_a, erlang_c_service_level, traffic
from roster.demand.forecast import forecast_month
from roster.demand.intervals import IntervalCover, IntervalNeed, ServiceParams, shift_window
from roster.demand.settings import DemandPolicy, window_minutes

MOST_AGENTS = 500          # no interval of a shop's queue needs more; beyond it the forecast is wrong


@dataclass(frozen=True)
class Prediction:
    first_reply: float         # share answered within first_reply_seconds
    delayed: float             # share not answered within delay_seconds
    abandoned: float           # Erlang A: share that gives up (0 under Erlang C)

    def meets(self, sp: ServiceParams) -> bool:
        return (self.first_reply >= sp.first_reply_share - 1e-12 and self.delayed <= sp.delay_share_max + 1e-12
                and (sp.model != "erlang_a" or 1 - self.abandoned >= sp.reply_rate_min - 1e-12))


def service_params(policy: DemandPolicy, role: str) -> ServiceParams:
    rd = policy.roles.get(role)
    concurrency, aht = (rd.concurrency, rd.aht_seconds) if rd else (1, 180)
    return ServiceParams(concurrency=concurrency, aht_s=aht, shrinkage=float(policy.shrinkage) / 100,
                         model=policy.model, patience_s=policy.patience_seconds,
                         first_reply_s=policy.first_reply_seconds,
                         first_reply_share=float(policy.first_reply_share) / 100,
                         delay_s=policy.delay_seconds, delay_share_max=float(policy.delay_share_max) / 100,
                         reply_rate_min=float(policy.reply_rate_min) / 100)


@lru_cache(maxsize=100_000)
def predict_servers(servers: int, contacts: float, interval_min: int, aht_s: int, sp: ServiceParams) -> Prediction:
    """The service of `servers` chat slots for `contacts` chats in the interval."""
    if contacts <= 0:
        return Prediction(1.0, 0.0, 0.0)
    load = traffic(contacts, interval_min * 60, aht_s)
    if sp.model == "erlang_a":
        a = erlang_a(servers, load, aht_s, sp.patience_s, (sp.first_reply_s, sp.delay_s))
        return Prediction(a.answered_within[sp.first_reply_s], 1 - a.answered_within[sp.delay_s], a.p_abandon)
    return Prediction(erlang_c_service_level(servers, load, aht_s, sp.first_reply_s),
                      1 - erlang_c_service_level(servers, load, aht_s, sp.delay_s), 0.0)


def productive_agents(contacts: float, interval_min: int, aht_s: int, sp: ServiceParams) -> int:
    """The fewest agents on the queue meeting every target (shrinkage not yet added)."""
    if contacts <= 0:
        return 0
    n = max(1, math.floor(traffic(contacts, interval_min * 60, aht_s) / sp.concurrency))
    while n < MOST_AGENTS and not predict_servers(n * sp.concurrency, contacts, interval_min, aht_s, sp).meets(sp):
        n += 1
    return n


def required_agents(contacts: float, interval_min: int, aht_s: int, sp: ServiceParams) -> int:
    """People to have on shift: productive agents ÷ (1 − shrinkage), rounded up."""
    n = productive_agents(contacts, interval_min, aht_s, sp)
    return math.ceil(round(n / (1 - sp.shrinkage), 9))


def predict(agents: float, contacts: float, interval_min: int, aht_s: int, sp: ServiceParams) -> Prediction:
    """The service `agents` effective people on shift give (shrinkage taken off, whole chat slots)."""
    servers = math.floor(round(agents * (1 - sp.shrinkage) * sp.concurrency, 9))
    return predict_servers(servers, contacts, interval_min, aht_s, sp)


def month_rows(path: str | Path, policy, days: list[date]) -> tuple[list[DemandRow], list[str]]:
    """The month's demand rows from the workbook (forecast as given, or made from history) and the
    notices to show."""
    demand_policy = policy.roster.demand
    demand = read_demand(path, policy.team.role_lookup(), demand_policy.interval_minutes)
    if demand.kind == "forecast":
        wanted = set(days)
        rows = [r for r in demand.rows if r.date in wanted]
        notices = list(demand.notices)
        if not rows:
            notices.append(f"{Path(path).name}：咨询量里没有 {days[0]:%Y-%m} 的行，本月没有按需求排班")
        return rows, notices
    fc = forecast_month(demand, days, demand_policy.promotion_multipliers, tuple(policy.roster.calendar.promotion_days))
    return fc.rows, fc.notices


def build_interval_cover(policy, rows: list[DemandRow], days: list[date], shifts) -> IntervalCover:
    """The needs of every (day, interval, role) with a demand row, and the shifts' windows."""
    dp: DemandPolicy = policy.roster.demand
    L = dp.interval_minutes
    index = {d: i for i, d in enumerate(days)}
    windows = {}
    for s in shifts:
        text = dp.break_windows.get(s.id)
        windows[s.id] = shift_window(s.id, s.start_min, s.end_min, s.minutes, window_minutes(text) if text else None)
    service = {role: service_params(dp, role) for role in {r.role for r in rows}}
    needs = []
    for r in sorted(rows, key=lambda r: (r.date, r.slot, r.role)):
        sp = service[r.role]
        aht = r.aht_s or sp.aht_s
        rd = dp.roles.get(r.role)
        needs.append(IntervalNeed(index[r.date], r.slot, r.role, required_agents(r.contacts, L, aht, sp),
                                  minimum=rd.minimum if rd else 0, contacts=r.contacts, aht_s=aht))
    return IntervalCover(L, windows, needs, service)


def with_demand(instance, policy, path: str | Path) -> tuple[object, list[str]]:
    """The instance staffed from the demand workbook: its IntervalCover, no per-shift covers, the
    interval_cover rule's setting from [roster.demand]; and the notices to show."""
    from roster.instance import Setting

    days = [d.date for d in instance.days]
    rows, notices = month_rows(path, policy, days)
    if not rows:
        return instance, notices
    cover = build_interval_cover(policy, rows, days, instance.shifts)
    dp = policy.roster.demand
    settings = dict(instance.settings)
    settings["interval_cover"] = Setting(hard=dp.hard, weight=dp.weight)
    return replace(instance, covers=[], interval_cover=cover, settings=settings), notices
