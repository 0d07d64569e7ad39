"""One month's pay: the register as its run stored it in the ledger (payroll.month_report.stored_report),
each person's pay lines with their reasons, the review list and statutory warnings; closing and reopening
with a reason through the same library calls as `payroll close` and `payroll reopen`."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from payroll.excel import KIND_LABELS
from payroll.ledger import CLOSED, Ledger
from payroll.month_report import close_month, stored_report
from payroll.register import rule_label, warning_label
from web.accounts import PAY_ROLES, Session
from web.guard import audit, changer, done, viewer, workspace
from web.messages import Problem, as_problem
from web.pages.pay import PAY_CHANGERS, month_of
from web.render import render

router = APIRouter()
MAX_REASON = 500


def _month_data(ws, month: str, employee_id: str | None = None) -> dict:
    if not ws.ledger.exists():
        raise Problem(f"{month} 还没有运行过工资")
    with as_problem(ws.ledger.name), Ledger(ws.ledger) as ledger:
        info = ledger.run_info(month)
        if info is None:
            raise Problem(f"{month} 还没有运行过工资")
        report = stored_report(ledger, month)
        lines = ledger.lines(month, employee_id) if employee_id else []
        reopens = ledger.reopen_log(month)
    if report is None:
        raise Problem(f"{month}：账本里没有该月工资表的快照；请重新运行该月")
    return {"month": month, "info": info, "closed": info.status == CLOSED, "report": report, "lines": lines,
            "reopens": reopens, "files": ws.store.files("payroll", "bank", "slips", month=month)}


def _refused_draft(request: Request, session: Session, data: dict):
    """Finance reads closed months only: an open month is HR's draft."""
    if session.user.role in PAY_CHANGERS or data["closed"]:
        return None
    return render(request, "message.html", session, status=403,
                  error=f"没有权限：{data['month']} 还没结账，财务只看已结账的月份")


def _page(request: Request, session: Session, month: str, error: str | None = None, status: int = 200):
    try:
        data = _month_data(workspace(request), month_of(month))
    except Problem as problem:
        return render(request, "message.html", session, status=404, error=problem.message)
    if (refused := _refused_draft(request, session, data)) is not None:
        return refused
    return render(request, "pay_month.html", session, status=status, error=error, rule_label=rule_label,
                  warning_label=warning_label, kind_labels=KIND_LABELS,
                  can_change=session.user.role in PAY_CHANGERS, **data)


@router.get("/pay/{month}")
def month_page(request: Request, month: str, session: Session = Depends(viewer(*PAY_ROLES))):
    return _page(request, session, month)


@router.get("/pay/{month}/people/{employee_id}")
def person_page(request: Request, month: str, employee_id: str, session: Session = Depends(viewer(*PAY_ROLES))):
    try:
        data = _month_data(workspace(request), month_of(month), employee_id)
    except Problem as problem:
        return render(request, "message.html", session, status=404, error=problem.message)
    if (refused := _refused_draft(request, session, data)) is not None:
        return refused
    row = data["report"].register.by_id().get(employee_id)
    if row is None:
        return render(request, "message.html", session, status=404, error=f"{month} 的工资表里没有工号 {employee_id}")
    review = [r for r in data["report"].review if r.employee_id == employee_id]
    warnings = [w for w in data["report"].warnings if w.employee_id == employee_id]
    return render(request, "person.html", session, row=row, rule_label=rule_label, warning_label=warning_label,
                  kind_labels=KIND_LABELS, person_review=review, person_warnings=warnings, **data)


@router.post("/pay/{month}/close")
def close(request: Request, month: str, session: Session = Depends(changer(*PAY_CHANGERS))):
    ws = workspace(request)
    try:
        key = month_of(month)
        with as_problem(ws.ledger.name):
            if not ws.ledger.exists():
                raise Problem(f"{key} 还没有运行过工资")
            changed, seal, head, written = close_month(ws.ledger, key, ws.pay_folder(key))
    except Problem as problem:
        audit(request, session, "结账（被拒绝）", f"{month}：{problem.message}")
        return _page(request, session, month, error=problem.message, status=400)
    for path in written:
        ws.store.keep_output("payroll", ws.relative(path), path.stat().st_size, key, session.user.name)
    if not changed:
        return done(request, f"/pay/{key}", f"{key} 此前已结账，账本未作改动")
    audit(request, session, "结账", f"{key}：封存 sha256 {seal.digest}")
    return done(request, f"/pay/{key}", f"{key} 已结账，封存 sha256 {seal.digest}；链头 {head.digest}"
                                        "（请抄到账本以外保存）")


@router.post("/pay/{month}/reopen")
def reopen(request: Request, month: str, reason: str = Form(""), session: Session = Depends(changer(*PAY_CHANGERS))):
    ws = workspace(request)
    try:
        key = month_of(month)
        reason = " ".join(reason.split())
        if not reason:
            raise Problem("重新打开已结账的月份必须写明原因")
        if len(reason) > MAX_REASON:
            raise Problem(f"原因最多 {MAX_REASON} 个字")
        with as_problem(ws.ledger.name):
            if not ws.ledger.exists():
                raise Problem(f"{key} 还没有运行过工资")
            with Ledger(ws.ledger) as ledger:
                ledger.reopen(key, reason)
    except Problem as problem:
        audit(request, session, "重新打开（被拒绝）", f"{month}：{problem.message}")
        return _page(request, session, month, error=problem.message, status=400)
    audit(request, session, "重新打开", f"{key}：{reason}")
    return done(request, f"/pay/{key}", f"{key} 已重新打开（原因已记录：{reason}）；请重新运行该月，核对后再结账")
