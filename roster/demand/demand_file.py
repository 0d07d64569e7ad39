"""The demand workbook: chats per interval and role, as a forecast or as past weeks.

Sheet 咨询量 (forecast): one row per date, interval and role — 日期, 时段 (the interval's start,
09:00, or 09:00-09:30), 岗位, 咨询量 (chats), optionally 平均处理时长 (seconds a chat, else the
policy's). Sheet 历史咨询量 (history): the same without the handle time, for past weeks; the month's
forecast is then made from it (roster.demand.forecast). With both, the forecast sheet is used.
The rows given are the service hours: an interval with no row has no demand and no minimum.

Every bad cell is one InputError naming file, sheet, row and column: a date that is not one, a time
off the policy's interval grid, an unknown role, a negative or non-numeric count, the same date,
interval and role twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from kefu.errors import InputError
from kefu.sheets import Cell, open_workbook, read_rows

FORECAST_SHEETS = ("咨询量", "forecast", "Forecast")
HISTORY_SHEETS = ("历史咨询量", "history", "History")
DEMAND_HEADERS = {
    "date": ("日期", "date"),
    "time": ("时段", "time", "interval", "开始时间"),
    "role": ("岗位", "role", "渠道", "channel"),
    "contacts": ("咨询量", "contacts", "chats", "接待量"),
    "aht_seconds": ("平均处理时长（秒）", "aht_seconds", "平均处理时长", "aht"),
}
HISTORY_HEADERS = {k: v for k, v in DEMAND_HEADERS.items() if k != "aht_seconds"}
REQUIRED = ("date", "time", "role", "contacts")


@dataclass(frozen=True)
class DemandRow:
    date: date
    slot: int
    role: str
    contacts: float
    aht_s: int | None = None


@dataclass
class DemandFile:
    """What the workbook holds: `kind` "forecast" or "history", its rows and the notices to show."""

    path: Path
    kind: str
    interval_minutes: int
    rows: list[DemandRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _slot(cell: Cell, interval: int) -> int:
    v = cell.value
    if isinstance(v, datetime):
        v = v.time()
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 1:
        minutes = round(v * 24 * 60)
    elif isinstance(v, time):
        minutes = v.hour * 60 + v.minute
    else:
        text = cell.text(required=True).replace("：", ":").split("-")[0].split("–")[0].strip()
        try:
            hh, mm = text.split(":")
            minutes = int(hh) * 60 + int(mm)
            if not (0 <= int(hh) < 24 and 0 <= int(mm) < 60):
                raise ValueError
        except ValueError:
            raise cell.error(f"expected the interval's start like 09:30, got {cell.value!r}",
                             f"时段应填开始时间，如 09:30，现为“{cell.value}”") from None
    if minutes % interval:
        raise cell.error(f"{minutes // 60:02d}:{minutes % 60:02d} is not on the {interval}-minute grid",
                         f"{minutes // 60:02d}:{minutes % 60:02d} 不是 {interval} 分钟时段的开始"
                         f"（策略 [roster.demand] interval_minutes = {interval}）")
    return minutes // interval


def _number(cell: Cell, what_zh: str, integer: bool = False) -> float | None:
    if cell.blank:
        return None
    v = cell.value
    try:
        x = float(str(v).strip().replace(",", "")) if not isinstance(v, (int, float)) else float(v)
    except ValueError:
        raise cell.error(f"expected a number, got {v!r}", f"{what_zh}应填数字，现为“{v}”") from None
    if x < 0 or x != x:
        raise cell.error(f"expected a number not below 0, got {v!r}", f"{what_zh}不能为负数，现为“{v}”")
    if integer and x == 0:
        raise cell.error("expected a number above 0", f"{what_zh}应大于 0")
    return x


def read_demand(path: str | Path, roles: dict[str, str], interval: int) -> DemandFile:
    """The demand workbook; `roles`: every accepted spelling (lower case) -> role id."""
    path = Path(path)
    wb = open_workbook(path)
    names = [s.strip() for s in wb.sheetnames]
    wb.close()
    if any(n in FORECAST_SHEETS for n in names):
        kind, sheets, headers = "forecast", FORECAST_SHEETS, DEMAND_HEADERS
    elif any(n in HISTORY_SHEETS for n in names):
        kind, sheets, headers = "history", HISTORY_SHEETS, HISTORY_HEADERS
    else:
        raise InputError(f"no sheet named {FORECAST_SHEETS[0]} or {HISTORY_SHEETS[0]}", file=path,
                         zh=f"找不到工作表 {FORECAST_SHEETS[0]}（预测的咨询量）或 {HISTORY_SHEETS[0]}（过去几周的咨询量）"
                            f"（现有工作表：{'、'.join(names)}）")
    out = DemandFile(path, kind, interval)
    seen: dict[tuple[date, int, str], int] = {}
    for r in read_rows(path, sheets, headers, REQUIRED):
        day = r["date"].date(required=True)
        slot = _slot(r["time"], interval)
        role_cell = r["role"]
        role = roles.get(role_cell.text(required=True).lower())
        if role is None:
            raise role_cell.error(f"unknown role {role_cell.value!r}",
                                  f"未知岗位“{role_cell.value}”；策略 [team.roles] 里有："
                                  f"{'、'.join(sorted(set(roles.values())))}")
        contacts = _number(r["contacts"], "咨询量")
        if contacts is None:
            raise r["contacts"].error("a value is required here", "此处必须填写咨询量（没有咨询填 0）")
        aht = _number(r["aht_seconds"], "平均处理时长", integer=True) if "aht_seconds" in headers else None
        key = (day, slot, role)
        if key in seen:
            raise r["time"].error(f"{day} {r['time'].value} {role} given twice (also row {seen[key]})",
                                  f"{day} {r['time'].value} {role_cell.value} 重复了（第 {seen[key]} 行已有）")
        seen[key] = r.row
        out.rows.append(DemandRow(day, slot, role, contacts, None if aht is None else round(aht)))
    if not out.rows:
        raise InputError("no rows of demand", file=path, sheet=sheets[0], zh="没有咨询量数据")
    return out
