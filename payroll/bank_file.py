"""The bank batch file 代发工资文件 finance uploads to the bank's portal to pay a closed month.

Layouts are policy data (`[payroll.bank_files.<id>]`): file format (CSV in an encoding the portal
wants, often GBK, or xlsx), the columns in order with their headers, how amounts are written (yuan
with 2 decimals, or whole fen), the date format, and a count-and-total line at the top or the bottom.
The amounts are the ledger's net pay 实发 of the closed month, to the fen (the register's net column,
the sum of each employee's pay lines), so the file's total is the register's total.

Full account numbers are written here and nowhere else (every other output masks them). The file is
refused — with the employee and the team sheet's row named — for an open month, a missing or
malformed account, or a net pay of zero or less (a bank cannot pay it; correct the month first) — except a
net of zero because a negative net was carried to next month by policy (`negative_net = "carry_over"`):
that employee is left out of the file and named on the command line.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from payroll.finance_policy import BankTemplate
from payroll.csv_out import text as csv_text
from payroll.ledger import CLOSED, Ledger
from kefu.errors import InputError
from kefu.identity import account_problem, digits_of_account
from kefu.files import atomic_write
from kefu.team import TEAM_HEADERS, TEAM_SHEETS, Employee

@dataclass(frozen=True)
class Payment:
    seq: int
    employee: Employee
    account: str
    amount: Decimal


@dataclass(frozen=True)
class BankBatch:
    month: str
    template_id: str
    template: BankTemplate
    payments: tuple[Payment, ...]
    pay_date: date
    carried: tuple[Employee, ...] = ()     # net 0 because a negative net was carried to next month: not paid

    @property
    def count(self) -> int:
        return len(self.payments)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))


def batch_for(ledger: Ledger, month: str, employees: tuple[Employee, ...], team_path: Path,
              template_id: str, template: BankTemplate, pay_date: date) -> BankBatch:
    """The month's payments from the ledger, each checked against the team sheet's account."""
    if ledger.status(month) != CLOSED:
        state = "还没有运行" if ledger.status(month) is None else "还没结账"
        raise InputError(f"{month} is not closed: the bank file is written for a closed month only "
                         f"(run payroll close --month {month} first)", file=ledger.path,
                         zh=f"{month} {state}：代发文件只为已结账的月份生成（请先核对并 payroll close --month {month}）")
    nets = ledger.net_by_employee(month)
    carried_over = ledger.employees_with(month, "negative_net_carry")   # [payroll] negative_net = "carry_over"
    by_id = {e.employee_id: e for e in employees}
    id_column = f"{_column_letter('bank_account')} ({TEAM_HEADERS['bank_account'][0]})"
    payments, carried = [], []
    for eid, net in sorted(nets.items(), key=lambda kv: _order(by_id, kv[0])):
        emp = by_id.get(eid)
        if emp is None:
            raise InputError(f"{eid} is paid in {month} but is not in the team sheet", file=team_path,
                             sheet=TEAM_SHEETS[0], zh=f"{eid} 在 {month} 有工资，却不在员工表中")
        if net == 0 and eid in carried_over:      # nothing to pay: the ledger says why, by policy
            carried.append(emp)
            continue
        seq = len(payments) + 1
        where = dict(file=team_path, sheet=TEAM_SHEETS[0], row=emp.row, column=id_column)
        if net <= 0:
            raise InputError(f"{eid} {emp.name}: net pay {net:.2f} is not above zero; a bank cannot pay it",
                             **where, zh=f"{eid} {emp.name} 实发 {net:.2f} 不大于 0，银行无法代发；请先更正该月")
        if not emp.bank_account:
            raise InputError(f"{eid} {emp.name} has no bank account", **where,
                             zh=f"{eid} {emp.name} 没有银行账号")
        problem = account_problem(emp.bank_account)
        if problem:
            raise InputError(f"{eid} {emp.name}: bad bank account", **where, zh=f"{eid} {emp.name}：{problem}")
        payments.append(Payment(seq, emp, digits_of_account(emp.bank_account), net))
    if not payments:
        raise InputError(f"{month} pays nobody", file=ledger.path, zh=f"{month} 没有要代发的工资")
    return BankBatch(month, template_id, template, tuple(payments), pay_date, tuple(carried))


def _order(by_id: dict[str, Employee], eid: str) -> tuple[int, str]:
    emp = by_id.get(eid)
    return (emp.row if emp else 10 ** 9, eid)


def _column_letter(field: str) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(list(TEAM_HEADERS).index(field) + 1)


def _amount(value: Decimal, unit: str) -> str:
    return f"{int(value * 100)}" if unit == "fen" else f"{value:.2f}"


def rows(batch: BankBatch) -> list[list[str]]:
    """The file's rows as text, the summary line included."""
    t = batch.template
    purpose = t.purpose.format(month=batch.month)
    values = {"purpose": purpose, "currency": t.currency, "pay_date": batch.pay_date.strftime(t.date_format)}
    out = [[c.header for c in t.columns]] if t.header_row else []
    body = []
    for p in batch.payments:
        row = {"seq": str(p.seq), "employee_id": p.employee.employee_id, "name": p.employee.name,
               "account": p.account, "amount": _amount(p.amount, t.amount_unit),
               "id_number": p.employee.id_number or "", **values}
        body.append([row[c.field] for c in t.columns])
    summary = [t.summary_label, f"{batch.count}", _amount(batch.total, t.amount_unit)]
    if t.summary == "top":
        out = [["总笔数", summary[1], "总金额", summary[2]]] + out
    out += body
    if t.summary == "bottom":
        out.append(summary)
    return out


def write_bank_file(batch: BankBatch, out_dir: str | Path) -> Path:
    """DIR/bank-<template>-YYYY-MM.csv|xlsx, written atomically."""
    t = batch.template
    path = Path(out_dir) / f"bank-{batch.template_id}-{batch.month}.{t.format}"
    path.parent.mkdir(parents=True, exist_ok=True)
    table = rows(batch)
    if t.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=t.delimiter, lineterminator="\r\n")
        writer.writerows([[v if _numeric(v) else csv_text(v) for v in r] for r in table])
        data = buffer.getvalue().encode(t.encoding)
        return atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return atomic_write(path, lambda tmp: _write_xlsx(tmp, table, t))


def _numeric(v: str) -> bool:
    return v.replace(".", "", 1).isdigit()


def _write_xlsx(path: Path, table: list[list[str]], t: BankTemplate) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("代发")
    as_text = wb.add_format({"num_format": "@"})
    money = wb.add_format({"num_format": "0.00" if t.amount_unit == "yuan" else "0"})
    amount_col = next((i for i, c in enumerate(t.columns) if c.field == "amount"), None)
    header_at = (1 if t.summary == "top" else 0) if t.header_row else None
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            is_amount = (c == amount_col and r != header_at and _numeric(value)
                         and not (t.summary == "bottom" and r == len(table) - 1))
            if is_amount:                       # the bank reads amounts as numbers, 2 decimals at most
                ws.write_number(r, c, float(Decimal(value)), money)
            else:
                ws.write_string(r, c, value, as_text)
    for c, col in enumerate(t.columns):
        ws.set_column(c, c, 24 if col.field == "account" else 14)
    wb.close()
