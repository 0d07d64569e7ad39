"""A closed month's files for finance, as `payroll bank` and `payroll slips` (and the web workspace) write
them: the bank batch file and one password-protected pay slip per employee. Both read the month from the
ledger after verifying its seals, and the team workbook with its policy; nothing is written unless every
account and every password checks out."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from kefu.backups import writing
from kefu.errors import InputError
from payroll.bank_file import BankBatch, batch_for, write_bank_file
from payroll.ledger import CLOSED, Ledger, LedgerError


def read_team_with_policy(team_path: Path, policy_path: Path):
    """The policy and the team workbook read with it."""
    from roster.policy import load_policy
    from kefu.team import read_team

    policy = load_policy(policy_path)
    return policy, read_team(team_path, policy.team, tuple(policy.roster.shifts))


@contextmanager
def verified_ledger(db: str | Path) -> Iterator[Ledger]:
    """The ledger a closed month is read from, its seals verified first (LedgerError naming the first month
    whose data was changed)."""
    if not Path(db).exists():
        raise LedgerError(f"no ledger at {db} (pass --db)", zh=f"找不到账本 {db}（请用 --db 指定账本）")
    with Ledger(db) as ledger:
        ledger.check_sealed()
        yield ledger


def bank_file(db: str | Path, month: str, team_path: Path, policy_path: Path, template_id: str, pay_date: date,
              out_dir: Path) -> tuple[Path, BankBatch]:
    """Write the month's bank batch file in layout `template_id` to `out_dir`; its path and batch."""
    from payroll.policy import load_payroll_policy

    templates = load_payroll_policy(policy_path).bank_files
    if template_id not in templates:
        known = "、".join(templates) or "（策略里没有 [payroll.bank_files]）"
        raise InputError(f"unknown bank file layout {template_id!r}", file=policy_path,
                         zh=f"没有名为“{template_id}”的代发文件格式；可选：{known}")
    _, team = read_team_with_policy(team_path, policy_path)
    with verified_ledger(db) as ledger:
        batch = batch_for(ledger, month, team.employees, Path(team_path), template_id, templates[template_id],
                          pay_date)
    with writing(Path(out_dir)):
        return write_bank_file(batch, out_dir), batch


@dataclass(frozen=True)
class SlipsWritten:
    folder: Path
    count: int
    password_words: str      # how the files open, in words (身份证号后六位)


def pay_slips(db: str | Path, month: str, team_path: Path, policy_path: Path, out_dir: Path) -> SlipsWritten:
    """Write out_dir/slips-YYYY-MM/工资条-YYYY-MM-<工号>.xlsx, one encrypted slip per employee paid."""
    from payroll.policy import load_payroll_policy
    from payroll.register import build_register
    from payroll.slips import PASSWORD_SOURCES, password_for, slip_file_name, slip_of, write_slips

    slip_policy = load_payroll_policy(policy_path).slips
    policy, team = read_team_with_policy(team_path, policy_path)
    with verified_ledger(db) as ledger:
        if ledger.status(month) != CLOSED:
            raise LedgerError(f"{month} is not closed", zh=f"{month} 还没结账：工资条只为已结账的月份生成")
        lines = ledger.lines(month)
    paid = {ln.employee_id for ln in lines}
    employees = [e for e in team.employees if e.employee_id in paid]
    roles = {k: r.name for k, r in policy.team.roles.items()}
    register = build_register(month, lines, employees, {}, roles)
    by_id = {e.employee_id: e for e in employees}
    jobs = [(by_id[r.employee_id], r, password_for(by_id[r.employee_id], slip_policy, Path(team_path)))
            for r in register.rows]                       # every password checked before any file is written
    folder = Path(out_dir) / f"slips-{month}"
    by_person: dict[str, list] = {}
    for ln in lines:
        by_person.setdefault(ln.employee_id, []).append(ln)
    slips = [(folder / slip_file_name(emp, month), slip_of(register, row, emp, by_person[emp.employee_id]), password)
             for emp, row, password in jobs]
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
        write_slips(slips, month, slip_policy)
    return SlipsWritten(folder, len(jobs), PASSWORD_SOURCES[slip_policy.password][1])
