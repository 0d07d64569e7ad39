"""Rendering pages: the Jinja2 templates (autoescaped: any text a user typed or uploaded is shown as text),
the navigation each role sees, the one-time message after a change, and times in Beijing time."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates

from web.accounts import PAY_ROLES, ROLES, Session
from web.guard import FLASH_COOKIE, cookie_options

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
BEIJING = ZoneInfo("Asia/Shanghai")

# (path, label, roles that see it)
NAVIGATION = (("/", "首页", tuple(ROLES)), ("/team", "团队", ("supervisor", "hr", "admin")),
              ("/roster", "排班", ("supervisor", "hr", "admin")),
              ("/pay", "工资", ("hr", "admin")), ("/finance", "财务", PAY_ROLES),
              ("/admin/users", "用户", ("admin",)), ("/admin/audit", "审计日志", ("admin",)))


def local_time(text: str | None) -> str:
    """'2026-12-04T10:30:00+00:00' -> '2026-12-04 18:30' (Beijing time)."""
    if not text:
        return "—"
    at = datetime.fromisoformat(text)
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if at.tzinfo else at.strftime("%Y-%m-%d %H:%M")


def money(value) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


TEMPLATES.env.filters.update(local=local_time, money=money, size=size)
TEMPLATES.env.globals.update(ROLES=ROLES)


def render(request: Request, template: str, session: Session | None, status: int = 200, error: str | None = None,
           **context):
    """The page, with the navigation of the session's role, its CSRF token and any one-time message."""
    flash = request.cookies.get(FLASH_COOKIE)
    role = session.user.role if session is not None else None
    nav = [(path, label) for path, label, roles in NAVIGATION if role in roles]
    response = TEMPLATES.TemplateResponse(request, template, {
        "session": session, "user": session.user if session else None, "csrf": session.csrf if session else "",
        "nav": nav, "here": request.url.path, "flash": unquote(flash) if flash else None, "error": error,
        **context}, status_code=status)
    if flash:
        response.delete_cookie(FLASH_COOKIE, **cookie_options(request))
    return response
