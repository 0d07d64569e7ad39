"""财务: the closed months with their workbook, bank file and pay slips as downloads. Finance reads pay and
writes only these files for a closed month (payroll.finance_files, as `payroll bank` and `payroll slips`);
it never runs, closes or reopens a month."""
from __future__ import annotations

import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request

from payroll.finance_files import bank_file, pay_slips
from payroll.ledger import CLOSED
from payroll.policy import load_payroll_policy
from web.accounts import PAY_ROLES, Session
from web.guard import audit, changer, done, viewer, workspace
from web.messages import Problem, as_problem
from web.pages.pay import ledger_months, month_of
from web.pages.team import current_team
from web.render import render

router = APIRouter()


def _page(request: Request, session: Session, error: str | None = None, status: int = 200):
    ws = workspace(request)
    templates = {}
    try:
        months = [m for m in ledger_months(ws) if m.status == CLOSED]
        current = current_team(ws)
        if current is not None:
            with as_problem():
                templates = {k: t.name for k, t in load_payroll_policy(ws.path_of(current[1])).bank_files.items()}
    except Problem as problem:
        months, error = [], error or problem.message
    files = {m.month: ws.store.files("payroll", "bank", "slips", month=m.month) for m in months}
    return render(request, "finance.html", session, status=status, error=error, months=months, files=files,
                  templates=templates, today=_beijing_today().isoformat())


@router.get("/finance")
def finance_page(request: Request, session: Session = Depends(viewer(*PAY_ROLES))):
    return _page(request, session)


def _team_and_policy(ws):
    current = current_team(ws)
    if current is None:
        raise Problem("还没有团队工作簿和策略文件：请人事先在“团队”页上传")
    return ws.path_of(current[0]), ws.path_of(current[1])


def _beijing_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _pay_date(text: str) -> date:
    if not text.strip():
        return _beijing_today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Problem(f"发薪日期应写成 2026-12-10 这样，现为“{text}”") from None


@router.post("/finance/{month}/bank")
def make_bank_file(request: Request, month: str, template: str = Form("generic"), pay_date: str = Form(""),
                   session: Session = Depends(changer(*PAY_ROLES))):
    ws = workspace(request)
    try:
        key = month_of(month)
        team_path, policy_path = _team_and_policy(ws)
        with as_problem(ws.ledger.name):
            path, batch = bank_file(ws.ledger, key, team_path, policy_path, template, _pay_date(pay_date),
                                    ws.pay_folder(key))
    except Problem as problem:
        audit(request, session, "生成代发文件（被拒绝）", f"{month}：{problem.message}")
        return _page(request, session, error=problem.message, status=400)
    ws.store.keep_output("bank", ws.relative(path), path.stat().st_size, key, session.user.name)
    audit(request, session, "生成代发文件", f"{key} {path.name}：{batch.count} 笔，合计 {batch.total:,.2f}")
    return done(request, "/finance", f"已生成 {path.name}：{batch.count} 笔，合计 {batch.total:,.2f} 元")


@router.post("/finance/{month}/slips")
def make_slips(request: Request, month: str, session: Session = Depends(changer(*PAY_ROLES))):
    ws = workspace(request)
    try:
        key = month_of(month)
        team_path, policy_path = _team_and_policy(ws)
        with as_problem(ws.ledger.name):
            written = pay_slips(ws.ledger, key, team_path, policy_path, ws.pay_folder(key))
            archive = written.folder.with_suffix(".zip")
            partial = archive.with_name(f".{archive.name}.part")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
                for slip in sorted(written.folder.glob("*.xlsx")):
                    zf.write(slip, slip.name)
            partial.replace(archive)
    except Problem as problem:
        audit(request, session, "生成工资条（被拒绝）", f"{month}：{problem.message}")
        return _page(request, session, error=problem.message, status=400)
    ws.store.keep_output("slips", ws.relative(archive), archive.stat().st_size, key, session.user.name)
    audit(request, session, "生成工资条", f"{key}：{written.count} 个")
    return done(request, "/finance", f"已生成 {written.count} 个工资条（{archive.name}；打开需密码：{written.password_words}）")
