"""Downloads: only files the workspace itself keeps, by their number in the store (never a path from the
request), and only to the roles allowed that kind of file: pay files to HR, finance and admin."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from payroll.ledger import CLOSED, Ledger
from web.accounts import PAY_ROLES, ROLES, Session
from web.guard import audit, viewer, workspace
from web.render import render

router = APIRouter()
# who may download each kind of file
READERS = {"team": ("supervisor", "hr", "admin"), "policy": ("supervisor", "hr", "admin"),
           "roster": ("supervisor", "hr", "admin"), "kpi": PAY_ROLES, "clock_in": PAY_ROLES,
           "payroll": PAY_ROLES, "bank": PAY_ROLES, "slips": PAY_ROLES}
def month_closed(ws, month: str | None) -> bool:
    if month is None or not ws.ledger.exists():
        return False
    with Ledger(ws.ledger) as ledger:
        return ledger.status(month) == CLOSED


MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv",
         ".zip": "application/zip", ".toml": "text/plain"}


@router.get("/files/{file_id}")
def download(request: Request, file_id: str, session: Session = Depends(viewer())):
    ws = workspace(request)
    record = ws.store.file(int(file_id)) if file_id.isdigit() else None
    path = ws.path_of(record) if record is not None else None
    if path is None:
        return render(request, "message.html", session, status=404, error="没有这个文件")
    if session.user.role not in READERS.get(record.kind, ()):
        allowed = "、".join(ROLES[r] for r in READERS.get(record.kind, ()))
        return render(request, "message.html", session, status=403, error=f"没有权限：这类文件只对{allowed}开放")
    if session.user.role == "finance" and record.kind == "payroll" and not month_closed(ws, record.month):
        return render(request, "message.html", session, status=403,
                      error=f"没有权限：{record.month} 还没结账，财务只下载已结账月份的工资表")
    audit(request, session, "下载", f"{record.name}（编号 {record.id}）")
    return FileResponse(path, media_type=MEDIA.get(path.suffix.lower(), "application/octet-stream"),
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(record.name)}"})
