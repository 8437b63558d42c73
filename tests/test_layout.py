"""The layout keeps its promises: core's packages import only down the pipeline, nothing in core
imports Streamlit or the dashboard, and no module takes part in an import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# core's layers, in pipeline order; a package may import its own layer and the ones before it.
LAYERS = ["core", "core.artifacts", "core.data", "core.model", "core.train", "core.evaluate", "core.explain"]
TOP = {"core.views": len(LAYERS), "core.charts": len(LAYERS)}
PROJECT = ("core", "dashboard", "bench", "tools", "app_pages")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    files = [p for folder in PROJECT for p in (ROOT / folder).rglob("*.py")] + [ROOT / "streamlit_app.py"]
    return {_module_name(p): p for p in files if p.exists()}


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Project modules that ``path`` imports (``from a import b`` counts as ``a.b`` where that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in known
            )
    return {name for name in found if name in known or name.split(".")[0] in ("streamlit", "dashboard")}


def _rank(module: str) -> int | None:
    for prefix, rank in TOP.items():
        if module == prefix or module.startswith(prefix + "."):
            return rank
    if not module.startswith("core"):
        return None
    package = ".".join(module.split(".")[:2])
    return LAYERS.index(package) if package in LAYERS else 0


GRAPH = {name: _imports(path, _modules()) for name, path in _modules().items()}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith("core")))
def test_core_imports_only_down_the_pipeline(module):
    rank = _rank(module)
    for target in GRAPH[module]:
        assert not target.startswith(("streamlit", "dashboard", "bench", "app_pages")), f"{module} imports {target}"
        target_rank = _rank(target)
        if target.startswith("core.charts") and module.startswith("core.charts"):
            continue
        assert target_rank is not None and target_rank <= rank, f"{module} (layer {rank}) imports {target}"


def test_charts_import_no_pipeline_stage():
    for module, targets in GRAPH.items():
        if module.startswith("core.charts"):
            assert all(t.startswith("core.charts") or _rank(t) == 0 for t in targets), (module, targets)


def test_no_import_cycles():
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(GRAPH.get(node, ())):
            if target not in GRAPH:
                continue
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*stack, node, target])
            if target not in state:
                visit(target, [*stack, node])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])


SIZED = [p for folder in ("core", "bench", "dashboard", "app_pages", "tools") for p in (ROOT / folder).rglob("*.py")]


@pytest.mark.parametrize("path", SIZED + [ROOT / "streamlit_app.py"], ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_readable(path):
    """About 400 lines a module and 60 a function, unless the docstring says why it is longer."""
    tree = ast.parse(path.read_text())
    lines = len(path.read_text().splitlines())
    assert lines <= 430 or "longer because" in (ast.get_docstring(tree) or ""), f"{lines} lines"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            reason = "longer because" in (ast.get_docstring(node) or "")
            assert length <= 65 or reason, f"{node.name}: {length} lines"


def test_ci_runs_the_readme_test_command():
    """A newcomer copies the README's one Test line; CI runs that same line, so it works on a fresh clone."""
    readme = (ROOT / "README.md").read_text().split("## Test\n", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    ")]
    assert len(commands) == 1 and "requirements-dev.txt" in commands[0] and "pytest" in commands[0], commands
    assert commands[0] in (ROOT / ".ci" / "run").read_text().splitlines()


POSITIONAL_LIMIT = 3


def _positional(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Parameters a caller may pass by position (positional-only and positional-or-keyword), less self/cls."""
    return [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]


def test_parameters_after_the_third_are_keyword_only():
    """Calls read like cleanlab's ``find_label_issues(labels, pred_probs, *, filter_by=...)``: at most three
    positional parameters, the rest named at every call site (``def f(a, b, c, *, d, e)``)."""
    crowded = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}({', '.join(_positional(node))})"
        for path in SIZED + [ROOT / "streamlit_app.py"]
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and len(_positional(node)) > POSITIONAL_LIMIT
    ]
    assert not crowded, f"{len(crowded)} functions take more than {POSITIONAL_LIMIT} positional parameters:\n" + (
        "\n".join(crowded)
    )
