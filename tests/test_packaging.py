"""Packaging (issue 26): kefu is the shared base both libraries import, no library imports a command-line
module, and no module imports itself round a circle. Read from the source with ast: nothing is imported
to check it, and a function-level import counts as much as one at the top of the file."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kefu", "roster", "payroll", "web")
# the packages each one may import besides itself: kefu is the base; payroll reads rosters; web serves both
MAY_IMPORT = {"kefu": set(), "roster": {"kefu"}, "payroll": {"kefu", "roster"}, "web": {"kefu", "roster", "payroll"}}


@dataclass(frozen=True)
class Import:
    importer: str          # the importing module, e.g. roster.excel
    target: str            # the imported module, e.g. kefu.backups
    line: int
    type_only: bool        # under `if TYPE_CHECKING:`: never executed

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.target}"


def source_modules(root: Path) -> dict[str, Path]:
    """Every module of the packages under `root`, by dotted name."""
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """The project modules a module imports (`from a.b import c` is a.b.c when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    type_only_lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                type_only_lines |= set(range(inner.lineno, inner.end_lineno + 1))
    out = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in dict.fromkeys(targets):
            if target.split(".")[0] in PACKAGES:
                out.append(Import(name, target, node.lineno, node.lineno in type_only_lines))
    return out


def all_imports(root: Path) -> list[Import]:
    modules = source_modules(root)
    return [i for name, path in modules.items() for i in imports_of(name, path, set(modules))]


def layer_breaches(imports: list[Import]) -> list[Import]:
    """Imports of a package the importer's package may not import (type-only ones too: a kefu module
    that needs a roster type for its annotations depends on roster all the same)."""
    return [i for i in imports if i.target.split(".")[0] != i.importer.split(".")[0]
            and i.target.split(".")[0] not in MAY_IMPORT[i.importer.split(".")[0]]]


def is_cli(module: str) -> bool:
    return module.rpartition(".")[2] == "cli"


def cli_imports(imports: list[Import]) -> list[Import]:
    """A library module (anything but a package's `cli`) importing a `cli` module."""
    return [i for i in imports if is_cli(i.target) and not is_cli(i.importer)]


def import_circles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected groups of modules that import each other at run time (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        if not i.type_only and i.target != i.importer:
            graph.setdefault(i.importer, set()).add(i.target)
            graph.setdefault(i.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles


IMPORTS = all_imports(ROOT)


class TestTheSourceTree:
    def test_every_package_is_read(self):
        importers = {i.importer.split(".")[0] for i in IMPORTS}
        assert importers == set(PACKAGES)

    @pytest.mark.parametrize("package", PACKAGES)
    def test_a_package_imports_only_the_packages_below_it(self, package):
        breaches = [str(i) for i in layer_breaches(IMPORTS) if i.importer.split(".")[0] == package]
        assert breaches == [], f"{package} may import only {sorted(MAY_IMPORT[package]) or 'itself'}"

    def test_no_library_imports_a_command_line_module(self):
        assert [str(i) for i in cli_imports(IMPORTS)] == []

    def test_no_import_circle(self):
        assert import_circles(IMPORTS) == []


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in PACKAGES:
        (root / package).mkdir(exist_ok=True)
        (root / package / "__init__.py").touch()
    return root


class TestTheCheckerFindsWhatItLooksFor:
    """The checks above on small trees that break each rule once."""

    def test_kefu_importing_roster_inside_a_function(self, tmp_path):
        root = write_tree(tmp_path, {"kefu/team.py": "def f():\n    from roster.policy import TeamPolicy\n",
                                     "roster/policy.py": "TeamPolicy = 1\n"})
        assert [str(i) for i in layer_breaches(all_imports(root))] == ["kefu.team (line 2) imports roster.policy"]

    def test_roster_importing_payroll_and_payroll_importing_roster(self, tmp_path):
        root = write_tree(tmp_path, {"roster/excel.py": "import payroll.money\n",
                                     "payroll/money.py": "from roster import excel\n"})
        imports = all_imports(root)
        assert [str(i) for i in layer_breaches(imports)] == ["roster.excel (line 1) imports payroll.money"]
        assert import_circles(imports) == [["payroll.money", "roster.excel"]]

    def test_a_type_only_import_breaches_a_layer_but_makes_no_circle(self, tmp_path):
        root = write_tree(tmp_path, {
            "roster/columns.py": "from roster.branching import branch\n",
            "roster/branching.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                   "    from roster.columns import Bound\n    import web.app\nbranch = 1\n"})
        imports = all_imports(root)
        assert import_circles(imports) == []
        assert [str(i) for i in layer_breaches(imports)] == ["roster.branching (line 4) imports web.app"]

    def test_a_circle_of_three_through_a_relative_import(self, tmp_path):
        root = write_tree(tmp_path, {"payroll/a.py": "from . import b\n", "payroll/b.py": "import payroll.c\n",
                                     "payroll/c.py": "def f():\n    from payroll.a import x\n"})
        assert import_circles(all_imports(root)) == [["payroll.a", "payroll.b", "payroll.c"]]

    def test_a_library_importing_a_cli(self, tmp_path):
        root = write_tree(tmp_path, {"payroll/run.py": "from roster.cli import main\n",
                                     "roster/cli.py": "from kefu.cli_common import Commands\n",
                                     "web/cli.py": "from payroll.cli import main\n", "payroll/cli.py": "",
                                     "kefu/cli_common.py": ""})
        assert [str(i) for i in cli_imports(all_imports(root))] == ["payroll.run (line 1) imports roster.cli"]
