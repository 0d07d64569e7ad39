"""工资 (HR): upload the KPI sheet, clock-in sheet and roster, and run a month's pay with the same library
call as `payroll run` (payroll.run.compute_month + publish_month) into the workspace's ledger and its
outputs folder. The months in the ledger are listed with their status."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from kefu.calendar import parse_month
from kefu.errors import InputError
from payroll.ledger import Ledger, month_key
from payroll.run import RunInputs, compute_month, publish_month
from web.accounts import Session
from web.guard import audit, changer, done, viewer, workspace
from web.messages import Problem, as_problem
from web.pages.team import current_team
from web.render import render
from web.uploads import KIND_NAMES, UploadError, save_upload
from web.workspace import Workspace

router = APIRouter()
PAY_CHANGERS = ("hr", "admin")       # finance reads pay, never runs or closes it
INPUT_KINDS = ("kpi", "clock_in", "roster")


def month_of(text: str) -> str:
    """'2026-11' as the ledger keys months; Problem with the CLI's words when it is not a month."""
    try:
        return month_key(*parse_month(text.strip()))
    except InputError:
        raise Problem(f"月份应写成 2026-11 这样，现为“{text}”") from None


def ledger_months(ws: Workspace):
    if not ws.ledger.exists():
        return []
    with as_problem(), Ledger(ws.ledger) as ledger:
        return ledger.months()


def _page(request: Request, session: Session, error: str | None = None, status: int = 200):
    ws = workspace(request)
    try:
        months = ledger_months(ws)
    except Problem as problem:
        months, error = [], error or problem.message
    files = {kind: ws.store.files(kind) for kind in INPUT_KINDS}
    return render(request, "pay.html", session, status=status, error=error, months=months, files=files,
                  kinds=KIND_NAMES, team_ready=ws.store.latest("team") is not None)


@router.get("/pay")
def pay_page(request: Request, session: Session = Depends(viewer(*PAY_CHANGERS))):
    return _page(request, session)


@router.post("/pay/upload")
def upload_input(request: Request, kind: str = Form(...), file: UploadFile = File(...),
                 session: Session = Depends(changer(*PAY_CHANGERS))):
    if kind not in INPUT_KINDS:
        return _page(request, session, error="不认识的文件种类", status=400)
    try:
        record = save_upload(workspace(request), kind, file.filename, file.file, session.user.name)
    except UploadError as err:
        audit(request, session, "上传（被拒绝）", f"{KIND_NAMES[kind]}：{err}")
        return _page(request, session, error=str(err), status=400)
    audit(request, session, "上传", f"{KIND_NAMES[kind]} {record.name}（编号 {record.id}）")
    return done(request, "/pay", f"已上传{KIND_NAMES[kind]} {record.name}")


def _input_path(ws: Workspace, file_id: str, kind: str, required: bool) -> Path | None:
    if not file_id:
        if required:
            raise Problem(f"请选择{KIND_NAMES[kind]}（先上传）")
        return None
    record = ws.store.file(int(file_id)) if file_id.isdigit() else None
    path = ws.path_of(record) if record is not None and record.kind == kind else None
    if path is None:
        raise Problem(f"找不到所选的{KIND_NAMES[kind]}；请刷新页面重新选择")
    return path


@router.post("/pay/run")
def run_pay(request: Request, month: str = Form(""), kpi: str = Form(""), attendance: str = Form(""),
            clock_in: str = Form(""), session: Session = Depends(changer(*PAY_CHANGERS))):
    ws = workspace(request)
    try:
        key = month_of(month)
        current = current_team(ws)
        if current is None:
            raise Problem("还没有团队工作簿和策略文件：请先在“团队”页上传")
        team_file, policy_file = current[0], current[1]
        inputs = RunInputs(ws.path_of(team_file), ws.path_of(policy_file), _input_path(ws, kpi, "kpi", True),
                           _input_path(ws, attendance, "roster", True), None,
                           _input_path(ws, clock_in, "clock_in", False))
        with as_problem(ws.ledger.name):
            result = compute_month(inputs, key, ws.ledger)
            written = publish_month(result, ws.pay_folder(key), ws.ledger)
    except Problem as problem:
        audit(request, session, "运行工资（被拒绝）", f"{month}：{problem.message}")
        return _page(request, session, error=problem.message, status=400)
    for path in written.paths:
        ws.store.keep_output("payroll", ws.relative(path), path.stat().st_size, key, session.user.name)
    net = result.register.totals.net
    audit(request, session, "运行工资", f"{key}：{len(result.register.rows)} 人，实发合计 {net:,.2f}；"
                                     f"输入 {', '.join(f.name for f in result.inputs)}")
    return done(request, f"/pay/{key}", f"{key} 工资已计算：{len(result.register.rows)} 人，实发合计 {net:,.2f}（未结账）")
