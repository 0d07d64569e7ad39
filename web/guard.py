"""Who may do what: every route takes its session through `viewer(...)` (pages and downloads) or
`changer(...)` (every POST: also the session's CSRF token), naming the roles allowed. Without a session
the browser is sent to the login page; a wrong role or a missing CSRF token is refused with a page that
says why (web.app turns these exceptions into responses)."""
from __future__ import annotations

import secrets
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from web.accounts import ROLES, Session, session_of
from web.workspace import Workspace

SESSION_COOKIE = "kefu_session"
LOGIN_COOKIE = "kefu_login"         # the login form's CSRF token (double submit: there is no session yet)
FLASH_COOKIE = "kefu_flash"


class NotLoggedIn(Exception):
    pass


class Refused(Exception):
    """A request refused (403): wrong role, or a form without its CSRF token."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def _session(request: Request, roles: tuple[str, ...]) -> Session:
    session = session_of(workspace(request).store, request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotLoggedIn()
    if roles and session.user.role not in roles:
        allowed = "、".join(ROLES[r] for r in roles)
        raise Refused(f"没有权限：这一页只对{allowed}开放（你的角色：{ROLES[session.user.role]}）")
    return session


def viewer(*roles: str):
    """A dependency: the logged-in session, whose role is one of `roles` (any role when none given)."""
    def dependency(request: Request) -> Session:
        return _session(request, roles)
    return dependency


def changer(*roles: str):
    """A dependency for a POST: the session as `viewer` gives it, and the form's CSRF token checked."""
    async def dependency(request: Request) -> Session:
        session = _session(request, roles)
        form = await request.form()
        token = form.get("csrf")
        if not isinstance(token, str) or not secrets.compare_digest(token, session.csrf):
            raise Refused("表单缺少有效的校验码（CSRF），未执行；请回到页面重新提交")
        return session
    return dependency


def cookie_options(request: Request) -> dict:
    """HttpOnly, SameSite=Lax, and Secure when the page was served over https."""
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https", "path": "/"}


def done(request: Request, url: str, message: str) -> RedirectResponse:
    """Back to a page (303, so a reload does not post again) with a one-line message shown there once."""
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(FLASH_COOKIE, quote(message), max_age=60, **cookie_options(request))
    return response


def audit(request: Request, session: Session | None, action: str, detail: str, name: str | None = None) -> None:
    who = session.user.name if session is not None else (name or "（未登录）")
    workspace(request).store.audit(who, action, detail)
