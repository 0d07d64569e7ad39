"""Write the generated references: docs/policy.md from the policy models, docs/commands.md from the CLIs.

Every table and key comes from the pydantic models that validate the file (roster.policy.Policy for
[team], [working_time] and [roster]; payroll.policy.PayrollPolicy for [payroll]), so the reference
cannot drift from what the tool accepts; each key's notes and source are the comment beside it in
examples/policy.toml, and a table's notes are its model's docstring and the comment on its header.
docs/commands.md is every command's own help (its example line, options and defaults) as
`roster --help`, `payroll --help` and `kefu --help` print it.
Run `python docs/reference.py` after changing a policy model, the example policy or a command;
tests/test_docs.py fails while a reference differs from what this writes.
"""
from __future__ import annotations

import inspect
import re
import sys
import types
import typing
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "policy.toml"
POLICY_MD = ROOT / "docs" / "policy.md"
COMMANDS_MD = ROOT / "docs" / "commands.md"
ANY = "<名称>"

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#\s*(.*))?$")
_KEY = re.compile(r'^\s*("[^"]+"|[A-Za-z0-9_\-]+)\s*=\s*(.*?)\s*(?:#\s*(.*))?$')


def top_models() -> dict[str, type[BaseModel]]:
    from payroll.policy import PayrollPolicy
    from roster.policy import Policy
    fields = Policy.model_fields
    return {"team": fields["team"].annotation, "working_time": fields["working_time"].annotation,
            "roster": fields["roster"].annotation, "payroll": PayrollPolicy}


def _args(tp) -> tuple:
    return typing.get_args(tp)


def _strip_optional(tp):
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        rest = [a for a in _args(tp) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    if typing.get_origin(tp) is typing.Annotated:
        return _strip_optional(_args(tp)[0])
    return tp


def _model_of(tp) -> tuple[str, type[BaseModel]] | None:
    """('', M) for a model, ('{}', M) for a dict of models, ('[]', M) for a list of models."""
    tp = _strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "", tp
    origin = typing.get_origin(tp)
    if origin is dict:
        inner = _model_of(_args(tp)[1])
        return ("{}", inner[1]) if inner and inner[0] == "" else None
    if origin is list:
        inner = _model_of(_args(tp)[0])
        return ("[]", inner[1]) if inner and inner[0] == "" else None
    return None


def _type_name(tp) -> str:
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return " / ".join(f'"{a}"' for a in _args(tp))
    if origin is dict:
        return f"{{名称 = {_type_name(_args(tp)[1])}}}"
    if origin in (list, tuple):
        return f"[{', '.join(_type_name(a) for a in _args(tp) if a is not Ellipsis)}]"
    names = {"str": "文本", "int": "整数", "float": "数字", "Decimal": "数字", "bool": "true / false",
             "date": "日期", "Path": "路径"}
    return names.get(getattr(tp, "__name__", ""), getattr(tp, "__name__", str(tp)))


def _default(field) -> str:
    if field.is_required():
        return "必填"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel) or value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict, str)) and not value:
        return "空"
    return f"`{value}`"


def walk(prefix: str, model: type[BaseModel], out: list[tuple[str, type[BaseModel], list]]) -> None:
    """Depth first: (table path, model, [(key, field)]) for each table."""
    keys, subtables = [], []
    for name, field in model.model_fields.items():
        nested = _model_of(field.annotation)
        if nested is None:
            keys.append((name, field))
        else:
            kind, sub = nested
            path = f"{prefix}.{name}" + (f".{ANY}" if kind == "{}" else "")
            subtables.append(("[[" + path + "]]" if kind == "[]" else path, sub))
    out.append((prefix, model, keys))
    for path, sub in subtables:
        walk(path, sub, out)


def generic(parts: list[str]) -> str | None:
    """The model path of a concrete table path from the example ('roster.shifts.A' → 'roster.shifts.<名称>')."""
    models = top_models()
    if not parts or parts[0] not in models:
        return None
    model, path, i = models[parts[0]], [parts[0]], 1
    while i < len(parts):
        field = model.model_fields.get(parts[i]) if model is not None else None
        if field is None:
            return None
        nested = _model_of(field.annotation)
        path.append(parts[i])
        i += 1
        if nested is None:
            model = None
        elif nested[0] == "{}":
            if i < len(parts):
                path.append(ANY)
                i += 1
            model = nested[1]
        else:
            model = nested[1]
    return ".".join(path)


def _split(table: str) -> list[str]:
    return [p.strip().strip('"') for p in re.findall(r'"[^"]*"|[^.]+', table)]


def example_notes() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From the example policy: {table: header comment}, {table.key: comment}, {table.key: value}."""
    tables, notes, values = {}, {}, {}
    current: list[str] = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        if m := _HEADER.match(line):
            raw = _split(m.group(2))
            current = raw
            path = _generic_table(raw)
            if path and m.group(3):
                tables.setdefault(path, m.group(3))
            continue
        if (m := _KEY.match(line)) and current:
            key = m.group(1).strip('"')
            path = _generic_table(current)
            if path is None:
                continue
            full = f"{path}.{key}"
            values.setdefault(full, m.group(2))
            if m.group(3):
                notes.setdefault(full, m.group(3))
            sub = _generic_table(current + [key])
            if sub and m.group(3):                 # an inline table: its comment describes the table
                tables.setdefault(sub, m.group(3))
    return tables, notes, values


def _generic_table(parts: list[str]) -> str | None:
    # dict keys of scalars (grades, targets, weights) sit under a mapping key: keep the key's path
    path = generic(parts)
    if path is None and len(parts) > 1:
        parent = generic(parts[:-1])
        return f"{parent}.{ANY}" if parent else None
    return path


def model_notes(model: type[BaseModel]) -> dict[str, str]:
    """The comment beside each field in the model's source (the rule or unit it states)."""
    found: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, BaseModel)) or klass is BaseModel:
            continue
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        for m in re.finditer(r"^\s{4}(\w+):[^#\n]*#\s*(.+)$", source, re.M):
            found[m.group(1)] = m.group(2).strip()
    return found


def render() -> str:
    tables, notes, values = example_notes()
    out = ["# 策略文件参考 Policy reference", "",
           "由 `python docs/reference.py` 从策略模型生成，勿手改。每个键的说明与出处取自",
           "`examples/policy.toml` 中该键旁的注释；未知的键会被拒绝并指名。",
           "Generated from the policy models by `python docs/reference.py`: do not edit by hand.",
           "Each key's notes and source are the comment beside it in `examples/policy.toml`; unknown keys",
           f"are rejected with their table and key named. `{ANY}` stands for a name you choose (a shift id,",
           "a role id, a city).", ""]
    found: list = []
    for top, model in top_models().items():
        walk(top, model, found)
    for path, model, keys in found:
        table = path if path.startswith("[[") else f"[{path}]"
        out += [f"## `{table}`", ""]
        doc = (model.__doc__ or "").strip()
        if doc and not doc.startswith(("A base class", "Usage docs")):
            out += [" ".join(doc.split()), ""]
        if path.strip("[]") in tables:
            out += [f"示例注释 Example: {tables[path.strip('[]')]}", ""]
        if keys:
            out += ["| 键 key | 类型 type | 默认 default | 示例 example | 说明 notes |", "|---|---|---|---|---|"]
            from_model = model_notes(model)
            for name, field in keys:
                full = f"{path.strip('[]')}.{name}"
                example = values.get(full, "")
                cell = f"`{example}`" if example else ""
                note = notes.get(full) or from_model.get(name, "")
                out.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | "
                           f"{cell.replace('|', '¦')} | {note.replace('|', '¦')} |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_commands() -> str:
    """Each command's help as its CLI prints it, grouped by program."""
    import click

    out = ["# 命令参考 Command reference", "",
           "由 `python docs/reference.py` 从命令本身的帮助生成，勿手改；与 `roster 命令 --help`、",
           "`payroll 命令 --help`、`kefu 命令 --help` 所示相同。Generated from each command's own `--help`.", "",
           "退出码 Exit codes: 0 成功 success; 1 `roster check` 发现违规 violations found; 2 硬约束无法同时满足",
           "the hard rules cannot all hold (solve/repair); 3 输入有误 an input error (one line naming file, sheet,",
           "row and column; nothing written), 命令行用法有误 a usage error (one line naming the option) or 无法写出",
           "a storage error (file and cause); 4 时限内没有找到排班 no roster within --time-limit.", "",
           "`kefu` (the web workspace, docs/workspace.md): 0 成功 success; 3 命令行用法有误或无法打开工作区、添加用户",
           "a usage error, or a workspace or user that cannot be opened or added (one line).", "",
           "`roster --version`、`payroll --version`、`kefu --version` 显示版本 print the version.", ""]
    for path, command in cli_commands():
        ctx = click.Context(command, info_name=path, terminal_width=100, max_content_width=100)
        out += [f"## `{path}`", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def cli_commands() -> list[tuple[str, "click.Command"]]:
    """('roster solve', command), ... for every command of the three programs, subcommands of a group
    (`kefu admin add`) by their full path, in the order of the reference."""
    import click

    from payroll.cli import main as payroll_main
    from roster.cli import main as roster_main
    from web.cli import main as kefu_main

    def leaves(path: str, group: click.Group):
        for name in sorted(group.commands):
            command = group.commands[name]
            if isinstance(command, click.Group):
                yield from leaves(f"{path} {name}", command)
            else:
                yield f"{path} {name}", command
    return [leaf for prog, group in (("roster", roster_main), ("payroll", payroll_main), ("kefu", kefu_main))
            for leaf in leaves(prog, group)]


def main() -> None:
    for path, text in ((POLICY_MD, render()), (COMMANDS_MD, render_commands())):
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
