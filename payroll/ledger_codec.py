"""How the pay ledger stores values: JSON with Decimal and dates, money in whole fen, hashes, month keys,
times (stored in UTC, shown in China's time) and the OS user who did something."""
from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift_month(key: str, delta: int) -> str:
    """'2026-11' shifted by `delta` calendar months."""
    y, m = (int(p) for p in key.split("-"))
    n = y * 12 + (m - 1) + delta
    return month_key(n // 12, n % 12 + 1)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


SHANGHAI = "Asia/Shanghai"


def local_time(stored: str | None) -> str:
    """A stored UTC time as people in China read it: '2026-12-05 01:30:12 北京时间' ('' for none)."""
    if not stored:
        return ""
    from zoneinfo import ZoneInfo
    at = datetime.fromisoformat(stored)
    if at.tzinfo is None:                  # written as UTC without an offset
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(ZoneInfo(SHANGHAI)).strftime("%Y-%m-%d %H:%M:%S") + " 北京时间"


def os_user() -> str:
    """Who is running the command, as the operating system knows them ('' when it cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):   # no login name and no passwd entry (some containers)
        return ""


# --- JSON for facts and figures: Decimal and date survive the round trip ------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            (k, v), = value.items()
            if k == "$dec":
                return Decimal(v)
            if k == "$date":
                return date.fromisoformat(v)
            if k == "$datetime":
                return datetime.fromisoformat(v)
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(_encode(value), ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return _decode(json.loads(text))


def _to_fen(amount: Decimal) -> int:
    fen = Decimal(amount) * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"amount {amount} is not rounded to the fen")
    return int(fen)


def _from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def lines_digest(lines: Iterable[tuple[str, str, int, str]]) -> str:
    h = hashlib.sha256()
    for row in lines:
        h.update(json.dumps(list(row), ensure_ascii=False).encode())
    return h.hexdigest()


def _facts_from(cls: type | None, data: Any) -> Any:
    """Rebuild a MonthFacts dataclass (tuples come back from JSON as lists)."""
    if cls is None or not dataclasses.is_dataclass(cls) or not isinstance(data, dict):
        return data
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            v = data[f.name]
            kwargs[f.name] = tuple(v) if isinstance(v, list) else v
    return cls(**kwargs)
