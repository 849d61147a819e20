"""The import graph of the project's own modules, read from the source with ``ast`` (nothing is imported), and the
loops in it (issue "Engine 2": no module imports one that imports it back, directly or around a loop).

Every import counts, wherever it is written: at module level, inside a function or method, in a ``try`` — a
function-local import only delays the loop to the first call, it does not remove it. Imports under
``if TYPE_CHECKING:`` are left out: they never run. ``importlib.import_module("a.b")`` with a literal name counts
as ``import a.b``; a computed name (``import_module(f"{app}.urls")``, the engine's discovery of apps) cannot be
read and is left out.

How a name resolves:

- ``import a.b.c`` imports ``a.b.c`` (a package resolves to its ``__init__``). The parent packages it also runs
  (``a``, ``a.b``) are not counted: they are always initialised before the child, so they cannot form a loop
  with it the way two sibling modules can.
- ``from a.b import c`` imports ``a.b.c`` when ``c`` is a submodule, otherwise ``a.b``.
- ``from . import x`` / ``from ..x import y`` resolve against the importing module's package.

    python -m gazette.devtools.imports          # print every loop of the project, per package
"""

from __future__ import annotations

import ast
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

# Directories that are not part of the running code.
SKIP_DIRS = frozenset({"migrations", "tests", ".venv", "venv", "bench", "node_modules", "__pycache__"})
# The project package; it has no apps.py of its own (its engine parts each do).
PROJECT_PACKAGE = "gazette"


@dataclass(frozen=True)
class ImportSite:
    """One import statement: where it is and whether it runs at import time or only when a function is called."""

    path: str
    line: int
    local: bool  # inside a function or method


@dataclass
class ImportGraph:
    """Project modules (dotted names) and the project modules each one imports, with where it does so."""

    modules: dict[str, Path] = field(default_factory=dict)
    edges: dict[str, dict[str, list[ImportSite]]] = field(default_factory=dict)

    def targets(self, module: str) -> set[str]:
        return set(self.edges.get(module, {}))

    def restricted_to(self, prefix: str) -> ImportGraph:
        """The graph of one top-level package: its modules and the imports among them."""
        inside = {m for m in self.modules if package_of(m) == prefix}
        return ImportGraph(
            modules={m: p for m, p in self.modules.items() if m in inside},
            edges={
                m: {t: sites for t, sites in targets.items() if t in inside}
                for m, targets in self.edges.items()
                if m in inside
            },
        )


def package_of(module: str) -> str:
    return module.split(".", 1)[0]


def project_packages(root: Path) -> list[str]:
    """``gazette`` plus every top-level directory that is a Django app (has an ``apps.py``), so a new regulation
    app is checked without editing a list."""
    found = []
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child.name in SKIP_DIRS or child.name.startswith("."):
            continue
        if not (child / "__init__.py").exists():
            continue
        if child.name == PROJECT_PACKAGE or (child / "apps.py").exists():
            found.append(child.name)
    return found


def module_index(root: Path, packages: list[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the given packages outside the skipped directories."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(part in SKIP_DIRS for part in relative.parts[:-1]):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    """Yields (imported name candidates, line, local) for every import that can run."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0  # function nesting
        self.found: list[tuple[list[str], int, bool]] = []

    # Scopes -----------------------------------------------------------------
    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function  # noqa: N815

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:  # the else branch does run
                self.visit(child)
            return
        self.generic_visit(node)

    # Imports ----------------------------------------------------------------
    def _add(self, candidates: list[str], node: ast.AST) -> None:
        self.found.append((candidates, node.lineno, self.depth > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add([alias.name], node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base_parts = self.package.split(".") if self.package else []
            if node.level - 1 > len(base_parts):
                return  # beyond the top level: Python would refuse it too
            base_parts = base_parts[: len(base_parts) - (node.level - 1)]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self._add([base], node)
            else:
                # A submodule if there is one, else a name defined in ``base``.
                self._add([f"{base}.{alias.name}" if base else alias.name, base], node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if (
            name == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not node.args[0].value.startswith(".")
        ):
            self._add([node.args[0].value], node)
        self.generic_visit(node)


def import_graph(root: Path, packages: list[str] | None = None) -> ImportGraph:
    """Parse every module of ``packages`` (default: :func:`project_packages`) under ``root`` and collect the
    imports between them."""
    root = Path(root)
    packages = project_packages(root) if packages is None else packages
    graph = ImportGraph(modules=module_index(root, packages))
    for module, path in graph.modules.items():
        collector = _Collector(module, is_package=path.name == "__init__.py")
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        targets = graph.edges.setdefault(module, {})
        for candidates, line, local in collector.found:
            target = next((c for c in candidates if c in graph.modules), None)
            if target is None:
                continue  # not a project module (the standard library, Django, …)
            site = ImportSite(path=str(path.relative_to(root)), line=line, local=local)
            sites = targets.setdefault(target, [])
            if site not in sites:  # ``from .models import A, B`` is one statement
                sites.append(site)
    return graph


def strongly_connected_components(graph: ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph has hundreds of modules; no recursion limit to worry about)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.targets(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.targets(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def import_cycles(graph: ImportGraph) -> list[list[str]]:
    """The loops: strongly connected components of more than one module, and modules that import themselves;
    each sorted, the list sorted."""
    found = [c for c in strongly_connected_components(graph) if len(c) > 1 or c[0] in graph.targets(c[0])]
    return sorted(found)


def cycle_edges(graph: ImportGraph, component: list[str]) -> set[tuple[str, str]]:
    """The imports that lie on a loop of ``component`` (every edge inside a strongly connected component does)."""
    members = set(component)
    return {(m, t) for m in component for t in graph.targets(m) if t in members}


def loops_through(graph: ImportGraph, component: list[str]) -> list[list[str]]:
    """Readable loops covering every module and import of ``component``: the shortest loop through each import
    on it, without repeats (a component can hold exponentially many loops; these name every edge once at least)."""
    members = set(component)
    loops: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for source, target in sorted(cycle_edges(graph, component)):
        tail = _shortest_loop_from(graph, target, source, members)
        loop = [source, *tail]
        # Rotate so the smallest module leads; the same loop found from another edge is then recognised.
        body = loop[:-1]
        pivot = body.index(min(body))
        key = tuple(body[pivot:] + body[:pivot])
        if key not in seen:
            seen.add(key)
            loops.append([*key, key[0]])
    return sorted(loops, key=lambda loop: (len(loop), loop))


def _shortest_loop_from(graph: ImportGraph, start: str, goal: str, members: set[str]) -> list[str]:
    """Shortest path start -> … -> goal inside ``members``."""
    if start == goal:
        return [goal]
    previous: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for child in sorted(graph.targets(node) & members):
            if child in seen:
                continue
            seen.add(child)
            previous[child] = node
            if child == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            queue.append(child)
    raise ValueError(f"{goal} is not reachable from {start} inside the component")


def format_loop(loop: list[str]) -> str:
    return " -> ".join(loop)


def describe_import(graph: ImportGraph, source: str, target: str) -> str:
    sites = graph.edges[source][target]
    where = ", ".join(f"{s.path}:{s.line}{' (in a function)' if s.local else ''}" for s in sites)
    return f"{source} -> {target}  [{where}]"


def report(graph: ImportGraph, cycles: list[list[str]], *, sites: bool = False) -> str:
    """Every loop of every component, one per line; with ``sites`` also the import statements on them."""
    lines = []
    for component in cycles:
        lines.append(f"loop of {len(component)} module(s): {', '.join(component)}")
        lines.extend(f"    {format_loop(loop)}" for loop in loops_through(graph, component))
        if sites:
            lines.extend(f"      {describe_import(graph, s, t)}" for s, t in sorted(cycle_edges(graph, component)))
    return "\n".join(lines)


def package_cycles(graph: ImportGraph, package: str) -> tuple[ImportGraph, list[list[str]]]:
    """Loops made only of one package's modules."""
    inner = graph.restricted_to(package)
    return inner, import_cycles(inner)


def cross_package_cycles(graph: ImportGraph) -> list[list[str]]:
    """Loops of the whole project whose modules belong to more than one package (the per-package checks cannot see
    them)."""
    return [c for c in import_cycles(graph) if len({package_of(m) for m in c}) > 1]


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[2]
    graph = import_graph(root)
    total = 0
    for package in project_packages(root):
        inner, cycles = package_cycles(graph, package)
        total += len(cycles)
        print(f"== {package}: {len(cycles)} loop component(s), {sum(map(len, cycles))} module(s) on them")
        if cycles:
            print(report(inner, cycles, sites=True))
    cross = cross_package_cycles(graph)
    total += len(cross)
    print(f"== across packages: {len(cross)} loop component(s)")
    if cross:
        print(report(graph, cross, sites=True))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
