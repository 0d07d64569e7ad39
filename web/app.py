"""The web workspace's application: FastAPI with server-rendered pages over the same library as the CLI.

`create_app(workspace)` wires the pages (web.pages), the vendored static files, the refusals of
web.guard as pages, an upper bound on request bodies (a 50 MB upload is refused before it is read) and
headers that keep pages out of frames and scripts to this site's own.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from web.accounts import session_of
from web.guard import SESSION_COOKIE, NotLoggedIn, Refused
from web.pages import admin, files, finance, login, pay, pay_month, roster, team
from web.render import render
from web.roster_jobs import Jobs
from web.roster_versions import Versions
from web.uploads import too_large
from web.workspace import Workspace

FORM_ALLOWANCE = 1024 * 1024        # the rest of a form beside its files
SECURITY_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
                    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}


def create_app(ws: Workspace) -> FastAPI:
    app = FastAPI(title="客服排班与薪酬", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.workspace = ws
    app.state.roster_versions = Versions(ws)
    app.state.roster_jobs = Jobs()
    app.router.on_shutdown.append(app.state.roster_jobs.stop_all)     # no solve outlives the server
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for module in (login, team, roster, pay, pay_month, finance, files, admin):
        app.include_router(module.router)

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > 2 * ws.max_upload_bytes + FORM_ALLOWANCE:
            response = _refusal(request, too_large(ws.max_upload_bytes), 413)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(NotLoggedIn)
    async def to_login(request: Request, exc: NotLoggedIn):
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def incomplete_form(request: Request, exc: RequestValidationError):
        missing = [str(e["loc"][-1]) for e in exc.errors() if e.get("loc")]
        return _refusal(request, f"表单不完整或有误（{'、'.join(missing) or '请重新填写'}），未执行；请回到页面重新提交", 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        words = {404: "没有这一页", 405: "这一页不接受这种请求"}.get(exc.status_code, f"请求未能处理（{exc.status_code}）")
        return _refusal(request, words, exc.status_code)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return _refusal(request, exc.message, 403)

    return app


def _refusal(request: Request, message: str, status: int):
    session = session_of(request.app.state.workspace.store, request.cookies.get(SESSION_COOKIE))
    return render(request, "message.html", session, status=status, error=message)
