"""Helpers for the pay-rule tests: the shipped example policy, variations of it, agents and facts."""
from __future__ import annotations

import copy
import tomllib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from payroll.history import InMemoryHistory, MonthFacts
from payroll.kpi import KpiRecord
from payroll.policy import PayrollPolicy, payroll_policy_from_table
from payroll.rules.context import Agent

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
JI, TM = "绿源集市店", "绿源天猫旗舰店"
CHANNEL = {JI: "集市", TM: "天猫"}
D = Decimal


@lru_cache(maxsize=1)
def _raw() -> dict:
    return tomllib.loads((EXAMPLES / "policy.toml").read_text(encoding="utf-8"))


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def policy(**overrides) -> PayrollPolicy:
    """The example [payroll] policy, with nested overrides: policy(overtime={"declared_base": {"一档": 3200}})."""
    raw = _raw()
    return payroll_policy_from_table(_merge(raw["payroll"], overrides), "policy.toml", raw["team"])


def _dec(v):
    return D(str(v)) if isinstance(v, (int, float, str)) and not isinstance(v, bool) else v


def agent(eid: str = "KF100", role: str = "presale", shop: str = JI, level: str | None = "P3",
          regular: date | None = date(2024, 1, 1), days: int | str = 22, **kpi) -> Agent:
    counts = {"colleague_complaints", "bad_reviews", "admin_penalties", "major_errors", "misconduct_stars",
              "complaints"}
    values = {k: (v if k in counts or k in ("exam_taken", "monthly_summary", "note") else _dec(v)) for k, v in kpi.items()}
    record = KpiRecord(employee_id=eid, row=2, **values)
    return Agent(eid, role, shop, CHANNEL.get(shop), level, date(2023, 1, 1), regular, D(str(days)), record)


def facts(month: str, **flags) -> MonthFacts:
    base = dict(level="P3", exam_failed_or_missed=False, typing_below=False, sales_rank_last=False,
                appraisal_rank_last=False, clean_month=False)
    base.update(flags)
    return MonthFacts(month=month, **base)


def history(eid: str, *months: MonthFacts) -> InMemoryHistory:
    return InMemoryHistory({eid: list(months)})


EMPTY = InMemoryHistory()
