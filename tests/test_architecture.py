"""The library's shape: the curated public API resolves, and the layering rule of DESIGN.md holds.

Core modules never import matplotlib, ipywidgets or IPython; each is imported in a fresh interpreter
so that nothing another test imported can hide a violation.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mesh_lab

PRESENTATION = ("matplotlib", "ipywidgets", "IPython")


@pytest.mark.parametrize("name", sorted(set(mesh_lab.__all__) - {"__version__"}))
def test_every_public_name_resolves(name):
    assert getattr(mesh_lab, name) is not None


def test_unknown_public_name_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mesh_lab.nope  # noqa: B018


def core_modules() -> list[str]:
    """Every core module, found by where it lives (DESIGN.md's layer table), never listed by hand."""
    return sorted(m for m in module_names() if layer_of(m) == "core" and not m.startswith("mesh_lab.smoke_tests"))


def test_core_modules_import_no_presentation_library_in_a_fresh_interpreter():
    modules = core_modules()
    assert {"mesh_lab.contracts", "mesh_lab.validation", "mesh_lab.report", "mesh_lab.evolution"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"    bad = [m for m in {PRESENTATION!r} if m in sys.modules]\n"
        "    if bad:\n"
        "        print(name, 'pulled in', ','.join(bad)); break\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{out.stdout.strip()} (core must stay headless)"


def test_plain_import_stays_light():
    code = "import sys, mesh_lab\nprint(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# --------------------------------------------------------------------------------------------------
# One-way layers: the import graph of every module, imports inside functions included
# --------------------------------------------------------------------------------------------------

PACKAGE = Path(mesh_lab.__file__).resolve().parent

#: layer -> the layers it may import (its own included), from DESIGN.md's layer table.
MAY_IMPORT = {
    "core": {"core"},
    "presentation": {"core", "presentation"},
    "learning": {"core", "presentation", "learning"},
    "exercises": {"core", "presentation", "learning"},
    "kit": {"core", "presentation", "learning", "kit"},
    "front door": {"core", "presentation", "learning", "exercises", "kit", "front door"},
}
PRESENTATION_PACKAGES = ("mesh_lab.plots", "mesh_lab.widgets")


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def layer_of(module: str) -> str:
    """The layer of a module of mesh_lab, by where it lives."""
    if module in ("mesh_lab", "mesh_lab.__main__"):
        return "front door"
    if module == "mesh_lab.display" or module.startswith(PRESENTATION_PACKAGES):
        return "presentation"
    for layer, package in (("learning", "mesh_lab.learning"), ("exercises", "mesh_lab.exercises"),
                           ("kit", "mesh_lab.kit")):
        if module == package or module.startswith(package + "."):
            return layer
    return "core"


def imported_names(path: Path, module: str) -> list[tuple[str, int]]:
    """(imported dotted name, line) for every import in the file, at any depth (functions included).

    ``from a.b import c`` yields ``a.b`` and ``a.b.c`` (``c`` may be a module)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {imported mesh_lab module: line}. Importing the package root for ``__version__`` is
    not an edge: the root is always loaded first and imports only ``paths``."""
    modules = module_names()

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, dict[str, int]] = {}
    for module, path in modules.items():
        edges: dict[str, int] = {}
        for name, line in imported_names(path, module):
            target = owner(name) if name.startswith("mesh_lab") else None
            if target and target not in (module, "mesh_lab"):
                edges.setdefault(target, line)
        graph[module] = edges
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if not state.get(nxt):
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def layer_violations(graph: dict[str, dict[str, int]]) -> list[str]:
    """Every import that points up the layer table, as ``file:line: a (layer) imports b (layer)``."""
    modules = module_names()
    problems = []
    for module, edges in sorted(graph.items()):
        for target, line in sorted(edges.items()):
            source_layer, target_layer = layer_of(module), layer_of(target)
            exercise_to_exercise = source_layer == target_layer == "exercises"
            if target_layer not in MAY_IMPORT[source_layer] or exercise_to_exercise:
                where = modules[module].relative_to(PACKAGE.parent)
                problems.append(f"{where}:{line}: {module} ({source_layer}) imports {target} ({target_layer})")
    return problems


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle (imports inside functions count): " + " -> ".join(cycle)


def test_every_import_points_down_the_layer_table(capsys):
    graph = import_graph()
    assert not layer_violations(graph), "\n".join(layer_violations(graph))
    with capsys.disabled():  # the picture the note shows: modules and edges per layer
        counts: dict[str, list[int]] = {}
        for module, edges in graph.items():
            counts.setdefault(layer_of(module), [0, 0])
            counts[layer_of(module)][0] += 1
            counts[layer_of(module)][1] += len(edges)
        print("\nlayer        modules  imports of mesh_lab modules")
        for layer in MAY_IMPORT:
            modules_n, edges_n = counts.get(layer, [0, 0])
            print(f"{layer:<12} {modules_n:>7}  {edges_n:>5}")


def test_the_layer_checks_catch_a_cycle_and_an_upward_import():
    graph = {"mesh_lab.contracts": {"mesh_lab.validation": 1}, "mesh_lab.validation": {"mesh_lab.contracts": 3}}
    assert find_cycle(graph) == ["mesh_lab.contracts", "mesh_lab.validation", "mesh_lab.contracts"]
    upward = {"mesh_lab.smoke": {"mesh_lab.widgets.smoke": 7}, "mesh_lab.widgets.smoke": {}}
    assert layer_violations(upward) == [
        "mesh_lab/smoke.py:7: mesh_lab.smoke (core) imports mesh_lab.widgets.smoke (presentation)"]
    sideways = {"mesh_lab.exercises.smoke_01": {"mesh_lab.exercises.data_mesh_01": 2},
                "mesh_lab.exercises.data_mesh_01": {}}
    assert layer_violations(sideways), "one notebook's exercises must not import another's"


def test_a_function_level_import_counts(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from mesh_lab.widgets import smoke\n")
    assert ("mesh_lab.widgets.smoke", 2) in imported_names(source, "mesh_lab.m")


def test_core_source_never_imports_a_presentation_library():
    offenders = []
    for module, path in module_names().items():
        if layer_of(module) != "core":
            continue
        for name, line in imported_names(path, module):
            if name.split(".")[0] in PRESENTATION:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name}")
    assert not offenders, offenders


# --------------------------------------------------------------------------------------------------
# exercises/: one module per notebook, and nothing else
# --------------------------------------------------------------------------------------------------

BIND = re.compile(r"^\s*from mesh_lab\.exercises\.(\w+) import \*", re.M)


def notebook_bindings() -> dict[str, list[str]]:
    """exercise module key -> the notebooks that bind it with ``from mesh_lab.exercises.<key> import *``."""
    bindings: dict[str, list[str]] = {}
    for notebook in sorted((PACKAGE.parent / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        keys = BIND.findall(code)
        assert keys, f"{notebook.name} binds no exercises: every notebook lets its learner check themselves"
        for key in keys:
            bindings.setdefault(key, []).append(notebook.relative_to(PACKAGE.parent / "notebooks").as_posix())
    return bindings


def is_one_activity(key: str, books: list[str]) -> bool:
    """The one exception to "one module, one notebook": the game day's notebooks (the game master's and
    the teams') are one activity in one folder, ``notebooks/<key>/``, and share the module named after it."""
    return all(book.startswith(f"{key}/") and book.count("/") == 1 for book in books)


def test_every_exercise_module_pairs_with_exactly_one_notebook_and_back():
    modules = {info.name for info in pkgutil.iter_modules([str(PACKAGE / "exercises")])}
    bindings = notebook_bindings()
    orphan_modules = sorted(modules - set(bindings))
    orphan_bindings = sorted(set(bindings) - modules)
    shared = {key: books for key, books in bindings.items() if len(books) > 1 and not is_one_activity(key, books)}
    assert not orphan_modules, f"exercise modules no notebook binds: {orphan_modules}"
    assert not orphan_bindings, f"notebooks bind exercise modules that do not exist: {orphan_bindings}"
    assert not shared, f"an exercise module belongs to one notebook: {shared}"


def test_only_the_notebooks_of_one_activity_folder_share_a_module():
    assert is_one_activity("workshop", ["workshop/game_day.ipynb", "workshop/team.ipynb"])
    assert not is_one_activity("data_mesh_01", ["data_mesh/01_what_is_data_mesh.ipynb", "00_start_here.ipynb"])
    assert not is_one_activity("workshop", ["workshop/team.ipynb", "data_mesh/01_what_is_data_mesh.ipynb"])
    assert not is_one_activity("workshop", ["workshop/a/team.ipynb", "workshop/b.ipynb"])


def test_every_exercise_module_is_discovered_without_a_deny_list():
    from mesh_lab.learning import engine

    discovered = {name.rsplit(".", 1)[1] for name in engine.exercise_module_names()}
    assert discovered == {info.name for info in pkgutil.iter_modules([str(PACKAGE / "exercises")])}
    for exercise in engine.all_exercises():
        assert exercise.module == f"mesh_lab.exercises.{exercise.notebook}", (
            f"{exercise.id} is declared in {exercise.module}: its id's notebook key must name its module")
