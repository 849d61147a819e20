"""Issue "Engine 2": no module imports one that imports it back, directly or around a loop — function-local imports
included (a local import delays a loop to the first call; it does not remove it). The graph is read from the source
(``gazette/devtools/imports.py``); nothing is imported. ``python -m gazette.devtools.imports`` prints the loops with
the line of every import on them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gazette.devtools.imports import (
    ImportGraph,
    cross_package_cycles,
    cycle_edges,
    format_loop,
    import_cycles,
    import_graph,
    loops_through,
    package_cycles,
    project_packages,
    report,
)

ROOT = Path(__file__).resolve().parents[1]

# Packages whose loops are known and removed by the Engine-2 rewrite. Strict: once a package is free of loops its
# case passes, the xfail turns into a failure and the entry must go.
KNOWN_LOOPS: dict[str, str] = {}

# Imports of the engine allowed on a loop: none (the deadline sweep reaches the engine's breach transitions through
# a performer the engine registers, gazette.deadlines.services.breach_transition_performer).
GAZETTE_ALLOWED_LOOP_IMPORTS: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return import_graph(ROOT)


def _params() -> list:
    return [
        pytest.param(
            package, id=package,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LOOPS[package])] if package in KNOWN_LOOPS else [],
        )
        for package in project_packages(ROOT)
    ]


@pytest.mark.parametrize("package", _params())
def test_no_module_of_a_package_imports_itself_back(graph, package):
    inner, cycles = package_cycles(graph, package)
    assert not cycles, f"import loops in {package}/:\n" + report(inner, cycles, sites=True)


def test_the_engine_has_no_loop(graph):
    """Any import of gazette/ that closes a loop fails, naming the lines."""
    inner, cycles = package_cycles(graph, "gazette")
    on_loops = set().union(*(cycle_edges(inner, c) for c in cycles))
    new = on_loops - GAZETTE_ALLOWED_LOOP_IMPORTS
    assert not new, "new import loops in gazette/:\n" + "\n".join(
        f"  {s} -> {t}: {', '.join(f'{x.path}:{x.line}' for x in inner.edges[s][t])}" for s, t in sorted(new)
    ) + "\n" + report(inner, cycles)


def test_no_loop_crosses_packages(graph):
    cycles = cross_package_cycles(graph)
    assert not cycles, "import loops across packages:\n" + report(graph, cycles, sites=True)


def test_every_regulation_app_is_checked():
    assert {"gazette", "fund", "collection"} <= set(project_packages(ROOT))


# --- the checker itself, on a tree written for the test ------------------------------------------------------------
def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return root


def test_a_loop_through_a_function_local_import_is_found(tmp_path):
    root = _tree(tmp_path, {
        "app/__init__.py": "",
        "app/apps.py": "",
        "app/models.py": """
            def total():
                from app.services import compute
                return compute()
        """,
        "app/services.py": "from app.models import total\n",
    })
    graph = import_graph(root)
    assert import_cycles(graph) == [["app.models", "app.services"]]
    assert [format_loop(loop) for loop in loops_through(graph, ["app.models", "app.services"])] == [
        "app.models -> app.services -> app.models"
    ]
    site = graph.edges["app.models"]["app.services"][0]
    assert (site.path, site.line, site.local) == (str(Path("app/models.py")), 3, True)


def test_a_type_checking_import_is_no_loop(tmp_path):
    root = _tree(tmp_path, {
        "app/__init__.py": "",
        "app/apps.py": "",
        "app/models.py": """
            from typing import TYPE_CHECKING
            import typing

            if TYPE_CHECKING:
                from app.services import compute
            if typing.TYPE_CHECKING:
                import app.services
            else:
                import app.other
        """,
        "app/services.py": "from app.models import total\n",
        "app/other.py": "",
    })
    graph = import_graph(root)
    assert import_cycles(graph) == []
    assert graph.targets("app.models") == {"app.other"}  # the else branch runs


def test_relative_imports_resolve_against_the_importing_package(tmp_path):
    root = _tree(tmp_path, {
        "app/__init__.py": "from . import models\n",  # a submodule named in ``from . import``
        "app/apps.py": "",
        "app/models.py": "from .sub.tasks import run\n",
        "app/sub/__init__.py": "",
        "app/sub/tasks.py": """
            def run():
                from .. import helpers
                from ..models import X
                from . import missing_name
        """,
        "app/helpers.py": "import app.sub\n",  # a package resolves to its __init__
    })
    graph = import_graph(root)
    assert graph.targets("app") == {"app.models"}
    assert graph.targets("app.models") == {"app.sub.tasks"}
    assert graph.targets("app.sub.tasks") == {"app.helpers", "app.models", "app.sub"}
    assert graph.targets("app.helpers") == {"app.sub"}
    assert import_cycles(graph) == [["app.models", "app.sub.tasks"]]


def test_a_module_importing_itself_is_a_loop_and_packages_are_told_apart(tmp_path):
    root = _tree(tmp_path, {
        "gazette/__init__.py": "",
        "gazette/core.py": "def f():\n    from gazette.core import f\n",
        "gazette/engine.py": "def f():\n    import app.models\n",
        "gazette/migrations/__init__.py": "",
        "gazette/migrations/0001_initial.py": "import gazette.engine\n",
        "app/__init__.py": "",
        "app/apps.py": "",
        "app/models.py": "from gazette import engine\n",
        "app/tests/__init__.py": "",
        "app/tests/test_x.py": "import app.models\n",
        "notanapp/__init__.py": "import gazette.core\n",
        "bench/__init__.py": "",
        "bench/apps.py": "",
    })
    assert project_packages(root) == ["app", "gazette"]
    graph = import_graph(root)
    assert "gazette.migrations.0001_initial" not in graph.modules
    assert "app.tests.test_x" not in graph.modules
    assert package_cycles(graph, "gazette")[1] == [["gazette.core"]]
    assert package_cycles(graph, "app")[1] == []
    assert cross_package_cycles(graph) == [["app.models", "gazette.engine"]]
    assert "app.models -> gazette.engine -> app.models" in report(graph, cross_package_cycles(graph))
