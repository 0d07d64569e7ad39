"""Reading the one TOML policy file and turning validation failures into one clear message.

The file holds `[team]` (roles, shops), `[roster]` and `[payroll]`; each package validates its
own tables with strict pydantic models, so an unknown key is rejected with its table named.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roster.errors import InputError

TOP_LEVEL_TABLES = ("team", "roster", "payroll")
M = TypeVar("M", bound=BaseModel)


def read_policy_toml(path: str | Path) -> dict[str, Any]:
    """The raw policy tables; a missing file, a TOML syntax error or an unknown table is an InputError."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("policy file not found", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path) from None
    unknown = sorted(set(data) - set(TOP_LEVEL_TABLES))
    if unknown:
        raise InputError(f"unknown table [{unknown[0]}]; expected one of "
                         + ", ".join(f"[{t}]" for t in TOP_LEVEL_TABLES), file=path)
    return data


def validate_table(model: type[M], data: dict[str, Any], path: str | Path, table: str) -> M:
    """Validate one table; the first problem becomes an InputError naming `table.key`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in (table, *err["loc"]))
        if err["type"] == "extra_forbidden":
            msg = f"unknown key {key}"
        else:
            got = err.get("input")
            shown = "" if isinstance(got, dict) else f" (got {got!r})"
            msg = f"{key}: {err['msg']}{shown}"
        raise InputError(msg, file=path) from None
