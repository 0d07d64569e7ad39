"""管理员: users and their roles (add, change role, reset password, disable), and the audit log."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from web.accounts import ROLES, AccountError, Session, add_user, check_role, hash_password
from web.guard import audit, changer, done, viewer, workspace
from web.render import render

router = APIRouter()


def _page(request: Request, session: Session, error: str | None = None, status: int = 200):
    return render(request, "users.html", session, status=status, error=error, users=workspace(request).store.users())


@router.get("/admin/users")
def users_page(request: Request, session: Session = Depends(viewer("admin"))):
    return _page(request, session)


@router.post("/admin/users")
def new_user(request: Request, name: str = Form(""), role: str = Form(""), password: str = Form(""),
             session: Session = Depends(changer("admin"))):
    try:
        user = add_user(workspace(request).store, name, role, password)
    except AccountError as err:
        return _page(request, session, error=str(err), status=400)
    audit(request, session, "添加用户", f"{user.name}（{ROLES[user.role]}）")
    return done(request, "/admin/users", f"已添加用户 {user.name}（{ROLES[user.role]}）")


@router.post("/admin/users/{user_id}")
def change_user(request: Request, user_id: int, role: str = Form(""), active: str = Form(""),
                password: str = Form(""), session: Session = Depends(changer("admin"))):
    store = workspace(request).store
    user = store.user_by_id(user_id)
    if user is None:
        return _page(request, session, error="没有这个用户", status=404)
    changes = []
    try:
        new_hash = hash_password(password) if password else None      # checked before anything changes
        if role and role != user.role:
            if user.id == session.user.id:
                raise AccountError("不能改自己的角色（请另一位管理员来改）")
            store.update_user(user.id, role=check_role(role))
            changes.append(f"角色 {ROLES[user.role]} → {ROLES[role]}")
        if active in ("0", "1") and bool(int(active)) != user.active:
            if user.id == session.user.id:
                raise AccountError("不能停用自己")
            store.update_user(user.id, active=active == "1")
            changes.append("启用" if active == "1" else "停用（已退出登录）")
        if new_hash is not None:
            store.update_user(user.id, password_hash=new_hash)
            changes.append("重设密码")
    except AccountError as err:
        return _page(request, session, error=str(err), status=400)
    if not changes:
        return done(request, "/admin/users", f"{user.name}：没有改动")
    audit(request, session, "修改用户", f"{user.name}：{'，'.join(changes)}")
    return done(request, "/admin/users", f"{user.name}：{'，'.join(changes)}")


@router.get("/admin/audit")
def audit_page(request: Request, session: Session = Depends(viewer("admin"))):
    return render(request, "audit.html", session, entries=workspace(request).store.audit_log())
