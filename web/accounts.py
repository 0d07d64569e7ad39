"""Accounts: the four roles, argon2 password hashes, logging in (rate-limited per user name) and the
server-side sessions a login opens (a random token in the cookie, only its SHA-256 in the store, and a
per-session CSRF token every form carries)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from web.store import Store, User, now, stamp

ROLES = {"supervisor": "客服主管", "hr": "人事", "finance": "财务", "admin": "管理员"}
PAY_ROLES = ("hr", "finance", "admin")          # who may see pay pages and pay files
MIN_PASSWORD = 8
MAX_FAILURES = 5                                # failed logins in FAILURE_WINDOW before the name waits
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)

_hasher = PasswordHasher()
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(Exception):
    """A refused account operation or login; the message is one Chinese line for the user."""


@dataclass(frozen=True)
class Session:
    token: str         # goes into the cookie, never stored
    user: User
    csrf: str


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 40 or any(ch.isspace() or ord(ch) < 32 for ch in name):
        raise AccountError("用户名应为 1 到 40 个字符，不含空格")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"没有角色“{role}”；可选：{'、'.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    return _hasher.hash(password)


def add_user(store: Store, name: str, role: str, password: str) -> User:
    name, role = check_name(name), check_role(role)
    if store.user_named(name) is not None:
        raise AccountError(f"用户“{name}”已存在")
    return store.add_user(name, role, hash_password(password))


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def log_in(store: Store, name: str, password: str) -> Session:
    """A new session for a right name and password; AccountError (one line) otherwise. After
    MAX_FAILURES failures within FAILURE_WINDOW the name is refused, even with the right password, until
    the oldest of them is older than the window."""
    name = name.strip()
    failures = store.failures_since(name, stamp(now() - FAILURE_WINDOW))
    if len(failures) >= MAX_FAILURES:
        wait = datetime.fromisoformat(failures[-MAX_FAILURES]) + FAILURE_WINDOW - now()
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise AccountError(f"登录失败次数过多，请 {minutes} 分钟后再试")
    found = store.user_named(name)
    if found is None:
        _verified(_UNKNOWN_USER_HASH, password)        # as slow as for a real name: the answer tells nothing
    if found is None or not found[0].active or not _verified(found[1], password):
        store.add_failure(name)
        raise AccountError("用户名或密码不对")
    user, password_hash = found
    if _hasher.check_needs_rehash(password_hash):
        store.update_user(user.id, password_hash=_hasher.hash(password))
    store.clear_failures(name)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    store.add_session(_token_key(token), user.id, csrf, stamp(now() + SESSION_LIFETIME))
    return Session(token, user, csrf)


def _verified(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def session_of(store: Store, token: str | None) -> Session | None:
    if not token:
        return None
    found = store.session(_token_key(token))
    return Session(token, found[0], found[1]) if found else None


def log_out(store: Store, token: str) -> None:
    store.drop_session(_token_key(token))
