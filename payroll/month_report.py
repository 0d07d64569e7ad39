"""The month's workbook kept in the ledger, and the final workbook `payroll close` writes from it.

A run stores (in `month_reports`, sealed with the month) the folder it wrote payroll-YYYY-MM.xlsx to and a
snapshot of what the workbook shows beyond the pay lines: the register (identities already masked), the
review list, the statutory warnings and the 说明 rows. At close the workbook is written again from that
snapshot and the ledger's lines, marked 已结账 with the close time (Asia/Shanghai), the seal and the chain
head, and the month's reopen history (when, why, who) — the open-month note is gone.

Before writing, every employee's net in the snapshot must equal the sum of their lines in the ledger, so a
pay line edited in an open month behind the tool's back (and its `lines_sha256` recomputed) stops the close
instead of being sealed under a workbook that says otherwise.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from payroll.ledger import Ledger, LedgerError, ReopenEntry
from payroll.ledger_codec import _decode, _encode, local_time
from payroll.register import Register, RegisterRow, SummaryRow, shop_totals
from payroll.review import ReviewItem
from payroll.seal import Seal
from payroll.withholding import PayWarning

STATUS_KEY = "状态 status"


def open_status(month: str) -> tuple[str, str]:
    """The 说明 row of a month still open: the workbook is a draft until it is closed."""
    return (STATUS_KEY, f"未结账 open：核对用，payroll close --month {month} 结账后才是最终工资表 "
                        f"(not final until `payroll close --month {month}`)")


def closed_status(closed_at: str) -> tuple[str, str]:
    return (STATUS_KEY, f"已结账 closed {local_time(closed_at)}")


def reopen_rows(entries: Sequence[ReopenEntry]) -> list[tuple[str, str]]:
    """One 说明 row per reopen of the month: when (Asia/Shanghai), who, why."""
    return [("重新打开 reopened", f"{local_time(e.reopened_at)}，{e.user or '（未记录用户）'}：{e.reason}"
                                  + (f"（原结账时间 {local_time(e.closed_at)}）" if e.closed_at else ""))
            for e in entries]


def seal_rows(seal: Seal, head: Seal | None) -> list[tuple[str, str]]:
    rows = [("封存 seal", f"sha256 {seal.digest}"),
            ("上一个已结账月份 previous", f"{seal.previous_month}  sha256 {seal.previous}" if seal.previous_month
             else "（无：本月是账本中第一个已结账月份）")]
    if head is not None:
        rows.append(("链头 chain head", f"{head.month}  sha256 {head.digest}  —— 请把它抄到账本以外（如邮件给财务），"
                                       "它能发现整条链被重算"))
    return rows


def snapshot(register: Register, review: Sequence[Any], warnings: Sequence[Any],
             about: Sequence[tuple[str, str]]) -> str:
    """The JSON stored with the run (Decimals exact)."""
    return json.dumps(_encode({"register": register, "review": list(review), "warnings": list(warnings),
                               "about": [list(r) for r in about]}), ensure_ascii=False, sort_keys=True)


def _row(d: dict) -> RegisterRow:
    leave = d.get("annual_leave")
    return RegisterRow(**{**d, "annual_leave": tuple(leave) if leave is not None else None})


def _register(d: dict) -> Register:
    return Register(d["month"], tuple(d["rule_columns"]), tuple(_row(r) for r in d["rows"]), _row(d["totals"]),
                    tuple(SummaryRow(**s) for s in d["summary"]))


def final_about(about: Sequence[Sequence[str]], closed_at: str, seal: Seal, head: Seal | None,
                reopens: Sequence[ReopenEntry]) -> list[tuple[str, str]]:
    """The run's 说明 rows with the status 已结账, the seal, the chain head and the reopen history."""
    closed = [closed_status(closed_at), *seal_rows(seal, head)]
    out = [(k, v) for k, v in about if k != "重新打开 reopened"]
    at = next((i for i, (k, _) in enumerate(out) if k == STATUS_KEY), None)
    if at is None:                 # a run that wrote no status row: the closed status goes first
        return closed + out + reopen_rows(reopens)
    return out[:at] + closed + out[at + 1:] + reopen_rows(reopens)


@dataclass(frozen=True)
class MonthReport:
    """What the month's last run showed beyond the pay lines: register, review list, warnings, 说明 rows."""

    register: Register
    review: tuple[ReviewItem, ...]
    warnings: tuple[PayWarning, ...]
    about: tuple[tuple[str, str], ...]


def stored_report(ledger: Ledger, month: str) -> MonthReport | None:
    """The month's report as its last run stored it (None when the ledger holds none)."""
    stored = ledger.month_report(month)
    if stored is None:
        return None
    data = _decode(json.loads(stored[1]))
    return MonthReport(_register(data["register"]),
                       tuple(ReviewItem(**{**r, "months": tuple(r["months"])}) for r in data["review"]),
                       tuple(PayWarning(**w) for w in data["warnings"]),
                       tuple((str(k), str(v)) for k, v in data["about"]))


def write_final_workbook(ledger: Ledger, month: str, seal: Seal, path: Path) -> None:
    """Write the closed month's workbook to `path` (a temporary path the caller renames into place)."""
    from payroll.excel import write_workbook

    report = stored_report(ledger, month)
    if report is None:
        raise LedgerError(f"{month}: the ledger holds no workbook snapshot (run before this version); run the "
                          "month again to write the final workbook",
                          zh=f"{month}：账本里没有该月工作簿的快照（由旧版本运行）；请重新运行该月，再结账")
    register = report.register
    nets = ledger.net_by_employee(month)
    differ = [r.employee_id for r in register.rows if nets.get(r.employee_id) != r.net]
    differ += sorted(set(nets) - {r.employee_id for r in register.rows})
    if differ:
        raise LedgerError(f"{month}: the pay lines of {', '.join(differ[:5])} in {ledger.path.name} differ from "
                          "the workbook of the run that wrote them; run the month again before closing",
                          zh=f"{month}：账本 {ledger.path.name} 中 {'、'.join(differ[:5])} 的工资明细与写入它们的那次运行"
                             "的工资表不一致；请重新运行该月，再结账")
    about = final_about(report.about, seal.sealed_at, seal, ledger.chain_head() or seal, ledger.reopen_log(month))
    write_workbook(path, register, ledger.lines(month), list(report.review), list(report.warnings), about,
                   shop_totals(register),
                   f"{month} 工资表（已结账）", ledger.path)


def workbook_folder(ledger: Ledger, month: str) -> Path | None:
    """Where the month's last run wrote its workbook (None when it wrote none)."""
    stored = ledger.month_report(month)
    return Path(stored[0]) if stored and stored[0] else None


def close_month(db: str | Path, month: str, out_dir: str | Path | None = None
                ) -> tuple[bool, Seal | None, Seal | None, list[Path]]:
    """Close and seal `month`, and write its final workbook (to `out_dir`, else the folder of its last run).

    Returns (closed now, the month's seal, the chain head, files written). The workbook is written to a
    temporary file inside the ledger transaction and renamed into place after the commit, so a failure
    leaves the month open and the draft workbook as it was. A month already closed is left as it is in the
    ledger, and its final workbook is written again (say, after the first rename failed because the file
    was open in Excel).
    """
    from payroll.csv_out import StagedFiles

    with Ledger(db) as ledger, StagedFiles() as staged:
        def final_workbook(seal: Seal) -> None:
            folder = Path(out_dir) if out_dir is not None else workbook_folder(ledger, month)
            if out_dir is None and folder is not None and not folder.is_dir():
                raise LedgerError(f"{month} was run with --out {folder}, which no longer exists; give --out "
                                  "for the final workbook", zh=f"{month} 运行时的输出文件夹 {folder} 已不存在；"
                                                             "请用 --out 指定最终工作簿写到哪个文件夹")
            if folder is not None:
                write_final_workbook(ledger, month, seal, staged.path(folder / f"payroll-{month}.xlsx"))

        closed = ledger.close(month, before_commit=final_workbook)
        if not closed and ledger.month_report(month) is not None:
            final_workbook(ledger.seal(month))
        written = staged.commit()
        return closed, ledger.seal(month), ledger.chain_head(), written
