"""The demand workbook template: sheets 咨询量 (a forecast, one row per date, interval and role) and
历史咨询量 (past weeks), headers from the reader's own table, hints and dropdowns. With a month,
咨询量 comes prefilled with every date × interval of the service hours (the policy's shifts, first
start to last end) × role of [roster.demand.roles] (or every non-lead role), chats left blank to fill.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kefu.template_sheet import Column, Sheet, write_template
from roster.demand.demand_file import DEMAND_HEADERS, FORECAST_SHEETS, HISTORY_HEADERS, HISTORY_SHEETS

DEMAND_FILE = "demand.xlsx"


def _roles(policy) -> list[str]:
    ids = list(policy.roster.demand.roles) or [rid for rid, r in policy.team.roles.items() if not r.lead]
    return [policy.team.roles[rid].name or rid for rid in ids]


def _service_slots(policy) -> list[str]:
    L = policy.roster.demand.interval_minutes
    first = min(s.start_min for s in policy.roster.shifts.values())
    last = min(24 * 60, max(s.end_min for s in policy.roster.shifts.values()))
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(first - first % L, last, L)]


def demand_sheets(policy, year: int | None = None, month: int | None = None) -> list[Sheet]:
    roles = tuple(_roles(policy))
    L = policy.roster.demand.interval_minutes
    first_slot = _service_slots(policy)[0]

    def columns(with_aht: bool) -> tuple[Column, ...]:
        cols = (Column("date", "日期", "date", required=True, example=date(2026, 12, 1)),
                Column("time", f"时段的开始时间，每 {L} 分钟一行（如 09:00、09:{L % 60:02d}）", required=True,
                       example=first_slot),
                Column("role", "岗位：" + "、".join(roles), "choice", roles, required=True, example=roles[0]),
                Column("contacts", "这个时段的咨询量（接待的会话数）；没有咨询填 0", "number", required=True, example=35))
        if with_aht:
            cols += (Column("aht_seconds", "每个会话的平均处理时长（秒）；留空用策略 [roster.demand.roles] 里的",
                            "number", width=18),)
        return cols

    rows: tuple[dict, ...] = ()
    if year and month:
        day, out = date(year, month, 1), []
        while day.month == month:
            out += [{"date": day, "time": t, "role": r} for t in _service_slots(policy) for r in roles]
            day += timedelta(days=1)
        rows = tuple(out)
    return [Sheet(FORECAST_SHEETS[0], DEMAND_HEADERS, columns(True),
                  "预测的咨询量：每个日期、时段、岗位一行。有这张表时按它排班；只有 历史咨询量 时按过去几周预测。", rows),
            Sheet(HISTORY_SHEETS[0], HISTORY_HEADERS, columns(False),
                  "过去几周（建议 4–8 周）每个日期、时段、岗位的咨询量；用来按星期几和时段预测本月。"
                  "用它预测时，请删去 咨询量 表。")]


def write_demand_template(policy, out_dir: str | Path, year: int | None = None, month: int | None = None) -> Path:
    return write_template(Path(out_dir) / DEMAND_FILE, demand_sheets(policy, year, month))
