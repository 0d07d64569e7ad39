"""Logging in and out, and each role's home page."""
from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from web.accounts import AccountError, Session, log_in, log_out, session_of
from web.guard import LOGIN_COOKIE, SESSION_COOKIE, audit, changer, cookie_options, viewer, workspace
from web.render import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never //other.host or a full URL) is followed after logging in."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _login_page(request: Request, next_url: str, error: str | None = None, status: int = 200):
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, status=status, error=error, login_token=token,
                      next_url=_safe_next(next_url))
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, **cookie_options(request))
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    if session_of(workspace(request).store, request.cookies.get(SESSION_COOKIE)) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next)


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf: str = Form(""),
          next: str = Form("/")):
    expected = request.cookies.get(LOGIN_COOKIE) or ""
    if not expected or not secrets.compare_digest(csrf, expected):
        return _login_page(request, next, "登录表单已过期，请重新输入", status=403)
    store = workspace(request).store
    try:
        session = log_in(store, name, password)
    except AccountError as err:
        audit(request, None, "登录失败", str(err), name=name.strip()[:40] or "（空用户名）")
        return _login_page(request, next, str(err), status=401)
    audit(request, session, "登录", "")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, **cookie_options(request))
    response.delete_cookie(LOGIN_COOKIE, **cookie_options(request))
    return response


@router.post("/logout")
def logout(request: Request, session: Session = Depends(changer())):
    log_out(workspace(request).store, session.token)
    audit(request, session, "退出", "")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, **cookie_options(request))
    return response


@router.get("/")
def home(request: Request, session: Session = Depends(viewer())):
    return render(request, "home.html", session)
