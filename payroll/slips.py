"""Per-employee pay slips 工资条: one password-protected workbook per person, for a closed month.

Each slip is a small xlsx read on a phone or printed: who (identity, masked account), every earning
and deduction of the person's pay lines with its reason in words, each social-insurance item, the
income tax with the year's cumulative taxable income and tax withheld (累计预扣法), and the net pay —
the same figures as the register (both are views of the ledger's lines). The file is encrypted with
the ECMA-376 agile scheme (msoffcrypto-tool), which Excel, WPS and LibreOffice open after asking for
the password; the password rule is policy (`[payroll.slips]`), e.g. the last six characters of the
ID number, so finance can send the files by e-mail or chat and only the employee opens theirs.

Almost all of a slip's time is its key: `spin_count` rounds of SHA-512 (100,000 as Excel writes them:
~0.07 s a slip, the workbook itself ~0.002 s), so the slips of a large team are written by one process
per core (`write_slips`).
"""
from __future__ import annotations

import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

import xlsxwriter
from msoffcrypto.method.ecma376_agile import ECMA376Agile

from kefu.errors import InputError
from kefu.files import atomic_write, remove_stale_temps_of
from kefu.identity import digits_of_account
from kefu.team import TEAM_HEADERS, TEAM_SHEETS, Employee
from payroll.finance_policy import SlipPolicy
from payroll.lines import PayLine
from payroll.register import SI_ITEMS, Register, RegisterRow, rule_label


PASSWORD_SOURCES = {"id_last6": ("id_number", "身份证号后六位"), "account_last6": ("bank_account", "银行账号后六位"),
                    "employee_id": ("employee_id", "工号")}


@dataclass(frozen=True)
class Slip:
    employee: Employee
    row: RegisterRow
    items: tuple[tuple[str, str, Decimal | None, str], ...]    # (section, item, amount, words)


def password_for(employee: Employee, policy: SlipPolicy, team_path: Path) -> str:
    """The employee's password by the policy's rule; a missing source is an error naming the cell."""
    field, words = PASSWORD_SOURCES[policy.password]
    value = getattr(employee, field) or ""
    if field == "bank_account":
        value = digits_of_account(value)
    value = "".join(value.split()).upper()
    if len(value) < 6 and field != "employee_id":
        letter = _letter(field)
        raise InputError(f"{employee.employee_id} {employee.name}: no {field} to make the slip's password from",
                         file=team_path, sheet=TEAM_SHEETS[0], row=employee.row,
                         column=f"{letter} ({TEAM_HEADERS[field][0]})",
                         zh=f"{employee.employee_id} {employee.name} 的工资条密码取{words}，但这一格是空的或太短")
    return value if field == "employee_id" else value[-6:]


def _letter(field: str) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(list(TEAM_HEADERS).index(field) + 1)


def slip_of(register: Register, row: RegisterRow, employee: Employee, lines: Sequence[PayLine]) -> Slip:
    """The slip's items: earnings (应发), withholdings, after-tax deductions, net, year to date."""
    reasons: dict[str, list[str]] = {}
    for ln in lines:
        reasons.setdefault(ln.rule_id, []).append(ln.reason)
    items: list[tuple[str, str, Decimal | None, str]] = []
    for rule in register.gross_columns:
        if row.by_rule.get(rule):
            items.append(("应发", rule_label(rule), row.by_rule[rule], "；".join(reasons.get(rule, []))))
    items.append(("应发", "应发工资", row.gross, ""))
    for key, label in SI_ITEMS:
        if row.si_items.get(key):
            items.append(("代扣", label, -row.si_items[key], "个人缴纳部分"))
    items.append(("代扣", "个人所得税", -row.income_tax, "；".join(reasons.get("income_tax", []))))
    for rule in register.after_tax_columns:
        if row.by_rule.get(rule):
            items.append(("税后", rule_label(rule), row.by_rule[rule], "；".join(reasons.get(rule, []))))
    items.append(("实发", "实发工资", row.net, "应发 − 社保公积金 − 个税 − 税后扣款"))
    if row.cumulative_taxable is not None:
        items.append(("本年累计", "累计应纳税所得额", row.cumulative_taxable, "累计预扣法"))
    if row.cumulative_tax is not None:
        items.append(("本年累计", "累计已扣个税", row.cumulative_tax, "含本月"))
    return Slip(employee, row, tuple(items))


def write_slip(path: Path, slip: Slip, month: str, password: str, policy: SlipPolicy, sweep: bool = True) -> Path:
    """Write one encrypted slip atomically (`sweep`: as roster_file.atomic_write's)."""
    plain = io.BytesIO()
    _workbook(plain, slip, month, policy)
    plain.seek(0)
    sealed = ECMA376Agile.encrypt(password, plain, spin_count=policy.spin_count)

    def write(tmp: Path) -> None:
        tmp.write_bytes(sealed)
    return atomic_write(path, write, sweep)


# a pool's start-up (~0.1 s) pays only beyond a few slips
POOL_LEAST_SLIPS = 16


def write_slips(jobs: Sequence[tuple[Path, Slip, str]], month: str, policy: SlipPolicy,
                workers: int | None = None) -> list[Path]:
    """Write every (path, slip, password), one process per core (or `workers`); each file atomically."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    remove_stale_temps_of(path for path, _, _ in jobs)       # once, not once a slip (a folder of thousands)
    if workers == 1 or len(jobs) < POOL_LEAST_SLIPS:
        return [write_slip(path, slip, month, password, policy, sweep=False) for path, slip, password in jobs]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_write_job, [(path, slip, password, month, policy) for path, slip, password in jobs],
                             chunksize=chunk))


def _write_job(job: tuple[Path, Slip, str, str, SlipPolicy]) -> Path:
    path, slip, password, month, policy = job
    return write_slip(path, slip, month, password, policy, sweep=False)


def _workbook(stream, slip: Slip, month: str, policy: SlipPolicy) -> None:
    wb = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_numbers": False})
    ws = wb.add_worksheet("工资条")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    money = wb.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"})
    strong = wb.add_format({"border": 1, "num_format": "#,##0.00", "bold": True, "bg_color": "#FFF2CC"})
    r = slip.row
    ws.write_string(0, 0, f"{policy.title} {month}", title)
    who = (("工号", r.employee_id), ("姓名", r.name), ("岗位", r.role), ("店铺", r.shop),
           ("银行账号", r.bank_account))
    for i, (k, v) in enumerate(who, start=2):
        ws.write_string(i, 0, k, head)
        ws.write_string(i, 1, v or "", cell)
    top = len(who) + 3
    for c, label in enumerate(("类别", "项目", "金额（元）", "说明")):
        ws.write_string(top, c, label, head)
    for i, (section, item, amount, words) in enumerate(slip.items, start=top + 1):
        ws.write_string(i, 0, section, cell)
        ws.write_string(i, 1, item, cell)
        if amount is not None:
            ws.write_number(i, 2, float(amount), strong if item in ("应发工资", "实发工资") else money)
        ws.write_string(i, 3, words, cell)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 60)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


def slip_file_name(employee: Employee, month: str) -> str:
    safe = "".join(ch for ch in employee.employee_id if ch.isalnum() or ch in "-_")
    return f"工资条-{month}-{safe}.xlsx"
