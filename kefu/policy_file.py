"""Reading the one TOML policy file and turning validation failures into one clear message.

The file holds `[team]` (roles, shops), `[working_time]` (the regime, kefu.working_time), `[roster]`
and `[payroll]`; each package validates its
own tables with strict pydantic models, so an unknown key is rejected with its table named. Every
message is given in English and in Chinese (kefu.errors.InputError).
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kefu.errors import InputError
from kefu.text_files import read_text

TOP_LEVEL_TABLES = ("team", "working_time", "roster", "payroll")
M = TypeVar("M", bound=BaseModel)


class PolicyValueError(ValueError):
    """A validator's complaint about a policy value, with its Chinese wording for the roster CLI."""

    def __init__(self, message: str, zh: str):
        super().__init__(message)
        self.zh = zh


def read_policy_toml(path: str | Path) -> dict[str, Any]:
    """The raw policy tables; a missing file, a TOML syntax error or an unknown table is an InputError."""
    path = Path(path)
    try:
        data = tomllib.loads(read_text(path, "策略文件", "the policy file"))
    except FileNotFoundError:
        raise InputError("policy file not found", file=path, zh="找不到策略文件") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path, zh=f"不是有效的 TOML 文件：{exc}") from None
    unknown = sorted(set(data) - set(TOP_LEVEL_TABLES))
    if unknown:
        tables = [f"[{t}]" for t in TOP_LEVEL_TABLES]
        raise InputError(f"unknown table [{unknown[0]}]; expected one of " + ", ".join(tables), file=path,
                         zh=f"未知的表 [{unknown[0]}]；只能是 " + "、".join(tables))
    return data


def validate_table(model: type[M], data: dict[str, Any], path: str | Path, table: str) -> M:
    """Validate one table; the first problem becomes an InputError naming `table.key`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in (table, *err["loc"]))
        if err["type"] == "extra_forbidden":
            msg, zh = f"unknown key {key}", f"未知的键 {key}"
        else:
            got = err.get("input")
            shown = "" if isinstance(got, dict) else f" (got {got!r})"
            msg = f"{key}: {err['msg']}{shown}"
            zh_shown = ("" if isinstance(got, dict) or err["type"] == "missing"
                        else f"（现为“{got}”）" if isinstance(got, str) else f"（现为 {got}）")
            zh = f"{key}：{_zh_problem(err)}{zh_shown}"
        raise InputError(msg, file=path, zh=zh) from None


def _zh_problem(err: dict) -> str:
    """pydantic's complaint in Chinese for the types a policy file meets; its English otherwise."""
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if getattr(cause, "zh", None):
        return cause.zh
    words = {
        "missing": "缺少这一项",
        "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
        "float_parsing": "应为数字", "float_type": "应为数字",
        "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
        "string_type": "应为文本（加引号）", "dict_type": "应为一个表", "list_type": "应为列表",
        "date_parsing": "应为日期，如 2026-12-01", "date_from_datetime_parsing": "应为日期，如 2026-12-01",
        "greater_than_equal": f"应不小于 {ctx.get('ge')}", "greater_than": f"应大于 {ctx.get('gt')}",
        "less_than_equal": f"应不大于 {ctx.get('le')}", "less_than": f"应小于 {ctx.get('lt')}",
        "literal_error": f"应为 {ctx.get('expected')} 之一",
    }
    return words.get(err["type"], err["msg"])
