"""The package's shape: no import cycle (counting imports inside functions), Textual only in ``tui/``.

The graph is read from the source with ``ast``: every ``import`` and ``from … import`` of a
module of ours, wherever it is written (a function body included), is an edge; imports
under ``if TYPE_CHECKING:`` never run and are left out.  A name taken from a package that
is one of its submodules (``from ofsted_reader import cache``) is an edge to that submodule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ofsted_reader"
ROOT = "ofsted_reader"
LAUNCHERS = {"ofsted_reader.main", "ofsted_reader.__main__"}
"""The modules that start the reader: the only ones outside ``tui/`` that may lead to Textual."""


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


MODULES = _module_names()


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for inner in node.body:
                skipped.update(id(n) for n in ast.walk(inner))
    return skipped


def imports_of(module: str) -> tuple[set[str], set[str]]:
    """(modules of ours that ``module`` imports anywhere, top-level names of other packages it imports)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_blocks(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    ours: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                (ours if alias.name.split(".")[0] == ROOT else others).add(alias.name if alias.name.split(".")[0] == ROOT else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != ROOT:
                others.add(target.split(".")[0])
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                ours.add(sub if sub in MODULES else target)
    ours.discard(module)
    return {m for m in ours if m in MODULES}, others


GRAPH = {module: imports_of(module)[0] for module in MODULES}


def _cycle() -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (found := visit(module)):
            return found
    return None


def closure(module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        for target in GRAPH[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_is_read() -> None:
    # A sanity check that the walk sees imports inside functions.
    assert "ofsted_reader.ingest" in GRAPH["ofsted_reader.reports"]  # imported inside open_report
    assert "ofsted_reader.tui.app" in GRAPH["ofsted_reader.main"]  # imported inside read


def test_no_import_cycle_even_counting_imports_inside_functions() -> None:
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("ofsted_reader.tui")))
def test_textual_is_imported_only_in_tui(module: str) -> None:
    _, others = imports_of(module)
    assert "textual" not in others
    if module not in LAUNCHERS:
        # … nor reached through a module of ours: the parser, model, cache and commands start without it.
        assert not {m for m in closure(module) if m.startswith("ofsted_reader.tui")}, module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith(("ofsted_reader.ingest", "ofsted_reader.model"))))
def test_the_parser_and_model_import_neither_rich_nor_the_ui(module: str) -> None:
    for reached in {module} | closure(module):
        assert not {"rich", "textual"} & imports_of(reached)[1], reached
