"""The team workbook: sheet 员工 (one row per employee) and sheet 请假与偏好 (leave and wishes).

Shared by roster and payroll; see SPEC §2.1 and §2.2 for the columns. The request types of approved
leave are the policy's leave types (TeamPolicy.leave: code, name, mark or alias in the 类型 column).
Optional columns for annual leave: 参加工作日期 (first employment anywhere, for the cumulative service
that sets the entitlement; 入职日期 when blank) and 年假已休（启用前）(annual-leave days already taken in
the year the shop started the tool, before its first month; see payroll.annual_leave).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kefu.errors import InputError
from kefu.identity import account_problem, id_number_problem, text_of_number_cell
from kefu.leave_types import DEFAULT_LEAVE, LeaveTypes
from kefu.sheets import Cell, read_rows
from kefu.team_policy import TeamPolicy

TEAM_SHEETS = ("员工", "team", "Team", "employees")
REQUEST_SHEETS = ("请假与偏好", "requests", "Requests")

TEAM_HEADERS = {
    "employee_id": ("工号", "employee_id"),
    "name": ("姓名", "name"),
    "role": ("岗位", "role"),
    "level": ("等级", "level"),
    "grade": ("薪资档", "grade"),
    "shop": ("店铺", "shop"),
    "hire_date": ("入职日期", "hire_date"),
    "regular_date": ("转正日期", "regular_date"),
    "leave_date": ("离职日期", "leave_date"),
    "duty_eligible": ("可值班", "duty_eligible"),
    "city": ("城市", "city"),
    "si_base": ("社保基数", "si_base"),
    "id_number": ("身份证号", "id_number"),
    "bank_account": ("银行账号", "bank_account"),
    "work_start_date": ("参加工作日期", "work_start_date"),
    "annual_leave_taken": ("年假已休（启用前）", "年假已休(启用前)", "年假已休", "annual_leave_taken"),
}
REQUEST_HEADERS = {
    "employee_id": ("工号", "employee_id"),
    "start": ("开始日期", "start", "日期", "date"),
    "end": ("结束日期", "end"),
    "kind": ("类型", "kind", "type"),
    "shift": ("班次", "shift"),
    "weight": ("权重", "weight"),
    "note": ("备注", "note"),
}
# Request kinds besides leave (the policy's leave types are hard and fixed): wishes weighed by the solver.
REQUEST_KINDS = {
    "DAY_OFF": ("休息申请", "申请休息", "day_off", "想休", "休息"),
    "PREFER": ("偏好班次", "prefer", "想上"),
    "AVOID": ("避免班次", "avoid", "不想上"),
}
LEAVE_KINDS = DEFAULT_LEAVE.codes        # the default leave types; a Team knows its policy's
LEVELS = ("P1", "P2", "P3", "P4", "P5", "P6")


@dataclass(frozen=True)
class Employee:
    employee_id: str
    name: str
    role: str                     # a role id of [team.roles]
    level: str | None
    grade: str | None
    shop: str | None              # a shop id of [team.shops]
    hire_date: date | None
    regular_date: date | None
    leave_date: date | None       # last day employed
    duty_eligible: bool
    city: str | None
    si_base: Decimal | None
    id_number: str | None
    bank_account: str | None
    row: int
    work_start_date: date | None = None     # 参加工作日期: first employment anywhere (annual-leave service)
    annual_leave_taken: Decimal | None = None   # 年假已休（启用前）: days taken before the tool's first month

    def employed_on(self, day: date) -> bool:
        return (self.hire_date is None or day >= self.hire_date) and (
            self.leave_date is None or day <= self.leave_date)


@dataclass(frozen=True)
class Request:
    employee_id: str
    start: date
    end: date
    kind: str                     # a leave code of the policy, or DAY_OFF PREFER AVOID
    shift: str | None
    weight: int | None            # None: the policy's weight for the kind
    row: int

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Team:
    path: Path
    employees: tuple[Employee, ...]
    requests: tuple[Request, ...]
    leave: LeaveTypes = DEFAULT_LEAVE     # the policy's leave types, which request kinds are leave
    notices: tuple[str, ...] = ()         # what the reader noticed and let pass, one line each (Chinese)

    def by_id(self) -> dict[str, Employee]:
        return {e.employee_id: e for e in self.employees}


def read_team(path: str | Path, policy: TeamPolicy, shift_ids: tuple[str, ...] = ()) -> Team:
    """Read and check the team workbook; any bad cell is an InputError naming it."""
    path = Path(path)
    roles, shops = policy.role_lookup(), policy.shop_lookup()
    employees: list[Employee] = []
    seen: dict[str, int] = {}
    notices: list[str] = []
    for r in read_rows(path, TEAM_SHEETS, TEAM_HEADERS, ("employee_id", "name", "role")):
        eid = r["employee_id"].text(required=True)
        if eid in seen:
            raise r["employee_id"].error(f"duplicate 工号 {eid} (first on row {seen[eid]})",
                                         f"工号 {eid} 重复（第 {seen[eid]} 行已有）")
        seen[eid] = r.row
        employees.append(_employee(r, eid, roles, shops, _shown(policy), notices))
        if len(employees) == 1:
            notices += _missing_columns(path, r)
    if not employees:
        raise InputError("no employees in the team sheet", file=path, sheet=TEAM_SHEETS[0], zh="员工表里没有员工")
    rows = read_rows(path, REQUEST_SHEETS, REQUEST_HEADERS, ("employee_id", "start", "kind"), optional_sheet=True)
    if rows is None:
        notices.append(f"{path.name}：没有“{REQUEST_SHEETS[0]}”工作表，本月没有批准的假，也没有休息申请和班次偏好"
                       f"（如有，请加上这张表；表名也可写作 {REQUEST_SHEETS[1]}）")
    requests = tuple(_request(r, seen, shift_ids, policy.leave) for r in rows) if rows is not None else ()
    return Team(path, tuple(employees), requests, policy.leave, tuple(notices))


# Optional columns whose absence changes what the month can be: said once, in words.
MISSING_COLUMN_MEANS = {
    "duty_eligible": "所有人都不能值班（值班规则需要可值班的人）",
    "hire_date": "所有人按整月在职计算",
    "leave_date": "所有人按整月在职计算",
}


def _missing_columns(path: Path, r) -> list[str]:
    return [f"{path.name}，工作表 员工：没有“{TEAM_HEADERS[f][0]}”列，{means}"
            for f, means in MISSING_COLUMN_MEANS.items() if not r.has(f)]


def _identity(r, notices: list[str]) -> tuple[str | None, str | None]:
    """The ID number and bank account as text; a malformed one is a notice naming its cell."""
    id_number = text_of_number_cell(r["id_number"], "身份证号", "the ID number")
    account = text_of_number_cell(r["bank_account"], "银行账号", "the bank account")
    for cell, value, problem in ((r["id_number"], id_number, id_number_problem),
                                 (r["bank_account"], account, account_problem)):
        found = problem(value) if value else None
        if found:
            notices.append(cell.error(found, found).chinese())
    return id_number, account


def _shown(policy: TeamPolicy) -> dict[str, str]:
    """What a supervisor may write for a role or a shop, as an error lists it: 售前（presale）."""
    roles = "、".join(f"{r.name}（{rid}）" if r.name and r.name != rid else rid for rid, r in policy.roles.items())
    return {"role": roles, "shop": "、".join(policy.shops)}


def _lookup(cell: Cell, table: dict[str, str], what: str, shown: dict[str, str]) -> str:
    text = cell.text(required=True)
    key = text.lower()
    if key not in table:
        what_zh = {"role": "岗位", "shop": "店铺"}[what]
        raise cell.error(f"unknown {what} {text!r}; known: {', '.join(sorted(set(table.values())))}",
                         f"未知{what_zh}“{text}”；可填：{shown[what]}")
    return table[key]


def _employee(r, eid, roles, shops, shown, notices: list[str]) -> Employee:
    level = r["level"].text()
    if level is not None and level.upper() not in LEVELS:
        raise r["level"].error(f"level must be one of {', '.join(LEVELS)}, got {level!r}",
                               f"等级应为 {'、'.join(LEVELS)} 之一，现为“{level}”")
    shop = _lookup(r["shop"], shops, "shop", shown) if not r["shop"].blank and shops else r["shop"].text()
    hire, regular, leave = r["hire_date"].date(), r["regular_date"].date(), r["leave_date"].date()
    if hire and leave and leave < hire:
        raise r["leave_date"].error(f"leave date {leave} is before hire date {hire}",
                                    f"离职日期 {leave} 早于入职日期 {hire}")
    si_base = None
    if not r["si_base"].blank:
        try:
            si_base = Decimal(str(r["si_base"].value).replace(",", "").strip())
        except InvalidOperation:
            raise r["si_base"].error(f"expected an amount, got {r['si_base'].value!r}",
                                     f"应填金额，现为“{r['si_base'].value}”") from None
        if si_base < 0:
            raise r["si_base"].error("social-insurance base cannot be negative", "社保基数不能为负数")
    work_start = r["work_start_date"].date()
    if work_start and hire and work_start > hire:
        raise r["work_start_date"].error(f"work start date {work_start} is after hire date {hire}",
                                         f"参加工作日期 {work_start} 晚于入职日期 {hire}")
    taken = None
    if not r["annual_leave_taken"].blank:
        try:
            taken = Decimal(str(r["annual_leave_taken"].value).strip())
        except InvalidOperation:
            raise r["annual_leave_taken"].error(f"expected a number of days, got {r['annual_leave_taken'].value!r}",
                                                f"应填天数，现为“{r['annual_leave_taken'].value}”") from None
        if taken < 0:
            raise r["annual_leave_taken"].error("days taken cannot be negative", "已休天数不能为负数")
    id_number, account = _identity(r, notices)
    return Employee(
        employee_id=eid, name=r["name"].text(required=True), role=_lookup(r["role"], roles, "role", shown),
        level=level.upper() if level else None, grade=r["grade"].text(), shop=shop,
        hire_date=hire, regular_date=regular, leave_date=leave,
        duty_eligible=r["duty_eligible"].flag(), city=r["city"].text(), si_base=si_base,
        id_number=id_number, bank_account=account, row=r.row,
        work_start_date=work_start, annual_leave_taken=taken)


def _request(r, known: dict[str, int], shift_ids: tuple[str, ...], leave: LeaveTypes) -> Request:
    eid = r["employee_id"].text(required=True)
    if eid not in known:
        raise r["employee_id"].error(f"unknown 工号 {eid}: not in the team sheet", f"工号 {eid} 不在员工表中")
    start = r["start"].date(required=True)
    end = r["end"].date() or start
    if end < start:
        raise r["end"].error(f"end date {end} is before start date {start}", f"结束日期 {end} 早于开始日期 {start}")
    text = r["kind"].text(required=True)
    kind = leave.code_for(text) or next(
        (k for k, names in REQUEST_KINDS.items() if text.lower() in {k.lower(), *names}), None)
    if kind is None:
        names = [leave.name(c) for c in leave.codes] + [n[0] for n in REQUEST_KINDS.values()]
        raise r["kind"].error(f"unknown request type {text!r}; use one of " + ", ".join(names),
                              f"未知类型“{text}”；可填：" + "、".join(names))
    limit = leave[kind].max_days if kind in leave else None
    if limit is not None and (end - start).days + 1 > limit:
        raise r["end"].error(f"{leave.name(kind)} is at most {limit} days by the policy "
                             f"(team.leave_types.{kind}.max_days), this row asks {(end - start).days + 1}",
                             f"{leave.name(kind)}按策略最多 {limit} 天（team.leave_types.{kind}.max_days），"
                             f"本行为 {(end - start).days + 1} 天")
    shift = r["shift"].text()
    if kind in ("PREFER", "AVOID"):
        if shift is None:
            raise r["shift"].error(f"{text} needs a shift", f"{text} 需要填写班次")
    if shift is not None:
        shift = shift.upper()
        if shift_ids and shift not in shift_ids:
            raise r["shift"].error(f"unknown shift {shift!r}; known: {', '.join(shift_ids)}",
                                   f"未知班次“{shift}”；可填：{'、'.join(shift_ids)}")
    weight = None
    if not r["weight"].blank:
        try:
            weight = int(r["weight"].value)
        except (TypeError, ValueError):
            raise r["weight"].error(f"weight must be a whole number, got {r['weight'].value!r}",
                                    f"权重应为整数，现为“{r['weight'].value}”") from None
        if weight < 0:
            raise r["weight"].error("weight cannot be negative", "权重不能为负数")
    return Request(eid, start, end, kind, shift, weight, r.row)
