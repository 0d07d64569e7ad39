"""What the group rules see of each employee (`Agent`) and the ranking helpers they share.

Ties share a rank (competition ranking: 1, 1, 3). "Last" needs at least two people who do not all
tie; otherwise nobody is last, since a single or uniform group says nothing about anyone's work.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable, Iterable, Mapping, Sequence

from kefu.team import Team
from payroll.kpi import KpiRecord, KpiSheet


@dataclass(frozen=True)
class Agent:
    """One employee's month: identity from the team sheet, days worked from attendance, KPI row."""

    employee_id: str
    role: str
    shop: str | None
    channel: str | None                  # 集市 / 天猫, from [team.shops]
    level: str | None                    # level at the start of the month
    hire_date: date | None
    regular_date: date | None
    days_worked: Decimal                 # days with a worked shift (attendance)
    kpi: KpiRecord


def agents_for(team: Team, kpi: KpiSheet, shop_channels: Mapping[str, str],
               days_worked: Mapping[str, int | Decimal], levels: Mapping[str, str | None] | None = None
               ) -> list[Agent]:
    """Agents of the employees who have a KPI row, in team-sheet order.

    `levels` overrides the team sheet's level (the ledger's level after earlier demotions).
    """
    out = []
    for e in team.employees:
        record = kpi.records.get(e.employee_id)
        if record is None:
            continue
        level = (levels or {}).get(e.employee_id, e.level)
        out.append(Agent(e.employee_id, e.role, e.shop, shop_channels.get(e.shop or ""), level, e.hire_date,
                         e.regular_date, Decimal(days_worked.get(e.employee_id, 0)), record))
    return out


def in_roles(agents: Iterable[Agent], roles: Sequence[str]) -> list[Agent]:
    return [a for a in agents if a.role in roles]


def groups(agents: Iterable[Agent], scope: str) -> dict[str, list[Agent]]:
    """Agents grouped by shop (scope "shop") or all together (scope "team")."""
    out: dict[str, list[Agent]] = {}
    for a in agents:
        out.setdefault((a.shop or "") if scope == "shop" else "team", []).append(a)
    return out


def ranks(values: Mapping[str, Decimal], higher_is_better: bool = True) -> dict[str, int]:
    """Competition ranks: 1 is best; ties share a rank and the next rank skips (1, 1, 3)."""
    first: dict[Decimal, int] = {}          # value -> 1 + how many are strictly better (one sort, not n²)
    for position, v in enumerate(sorted(values.values(), reverse=higher_is_better), start=1):
        first.setdefault(v, position)
    return {k: first[v] for k, v in values.items()}


def last_place(values: Mapping[str, Decimal], higher_is_better: bool = True) -> set[str]:
    """Who shares last place; nobody when fewer than two or when everyone ties."""
    if len(values) < 2 or len(set(values.values())) < 2:
        return set()
    worst = min(values.values()) if higher_is_better else max(values.values())
    return {k for k, v in values.items() if v == worst}


def values_of(agents: Iterable[Agent], get: Callable[[Agent], Decimal | None]) -> dict[str, Decimal]:
    """employee_id -> value, leaving out those for whom the value is not applicable (None)."""
    out = {}
    for a in agents:
        v = get(a)
        if v is not None:
            out[a.employee_id] = v
    return out
