"""A learner's install (``make lab``: ``pip install -e .``, no extras) has everything the notebooks use.

Two checks, one static and one that runs:

- Every module a notebook imports, every ``%``/``!`` magic that calls a module, and any use of pytest
  in a cell is stdlib, ``mesh_lab``, or provided by a distribution in ``[project].dependencies``. Every
  module the library itself imports is in the *closure* of those dependencies (what
  ``pip install -e .`` installs, requirements of requirements included).
- The Smoke Testing 01 notebook's ``pytest -m smoke -x`` cell (``mesh_lab.smoke.run_pytest_smoke``)
  runs in a Python that refuses every module only a distribution outside that closure provides
  (a ``sys.meta_path`` guard installed by a ``sitecustomize`` on ``PYTHONPATH``, so the pytest
  subprocess it starts is guarded too). A control run with pytest taken out of the allowed set
  must fail with "No module named 'pytest'", which proves the guard guards.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from mesh_lab.paths import PACKAGE_DIR, PROJECT_ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

DISTRIBUTION = "mesh-lab"
SMOKE_01 = PROJECT_ROOT / "notebooks" / "smoke_testing" / "01_what_is_smoke_testing.ipynb"
STDLIB = frozenset(sys.stdlib_module_names)
REINSTALL_HINT = "reinstall the kit: .venv/bin/python -m pip install -e '.[dev]'"


# --- what a runtime-only install provides -----------------------------------------------------------


def runtime_requirements() -> list[str]:
    """``[project].dependencies`` as written in pyproject.toml (the source, never stale metadata)."""
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as stream:
        return list(tomllib.load(stream)["project"]["dependencies"])


def direct_distributions(requirements: Iterable[str]) -> set[str]:
    """Canonical names of the distributions the requirements name (markers evaluated, no extra)."""
    parsed = (Requirement(text) for text in requirements)
    return {canonicalize_name(req.name) for req in parsed if req.marker is None or req.marker.evaluate({"extra": ""})}


def requirement_closure(requirements: Iterable[str]) -> set[str]:
    """Canonical names of every distribution installing ``requirements`` brings in.

    Requirements of requirements are followed through the installed metadata; markers are evaluated
    for this Python, with the extras each requirement asks for (``jupyter-server[term]``) and only those.
    """
    closure: set[str] = set()
    visited: set[tuple[str, frozenset[str]]] = set()
    missing: list[str] = []
    todo = [(Requirement(text), ("",)) for text in requirements]
    while todo:
        requirement, extras_asked = todo.pop()
        if requirement.marker is not None and not any(
                requirement.marker.evaluate({"extra": extra}) for extra in extras_asked):
            continue
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in visited:
            continue
        visited.add(key)
        try:
            needs = importlib.metadata.requires(requirement.name) or []
        except importlib.metadata.PackageNotFoundError:
            missing.append(str(requirement))
            continue
        closure.add(name)
        todo.extend((Requirement(text), ("", *requirement.extras)) for text in needs)
    assert not missing, f"required but not installed in {sys.prefix}: {sorted(missing)}; {REINSTALL_HINT}"
    return closure


@functools.lru_cache(maxsize=1)
def _owners_by_module() -> dict[str, frozenset[str]]:
    """Top-level module -> canonical names of the installed distributions that provide it."""
    return {module: frozenset(canonicalize_name(dist) for dist in dists)
            for module, dists in importlib.metadata.packages_distributions().items()}


def modules_outside(allowed: set[str]) -> set[str]:
    """Installed top-level modules that only distributions outside ``allowed`` provide (stdlib never)."""
    return {module for module, owners in _owners_by_module().items()
            if module not in STDLIB and not owners & allowed}


@functools.lru_cache(maxsize=1)
def runtime_closure() -> frozenset[str]:
    """What ``pip install -e .`` installs: mesh-lab and the closure of its runtime dependencies."""
    return frozenset(requirement_closure(runtime_requirements()) | {canonicalize_name(DISTRIBUTION)})


# --- which modules a notebook cell uses -------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _console_scripts() -> dict[str, str]:
    """Command name -> the top-level module its console script runs (``ruff`` -> ``ruff``).

    A script that runs a private module (``pytest`` runs ``_pytest``...) is named by the public module
    of the same name when the same distribution provides both.
    """
    scripts = {}
    for entry_point in importlib.metadata.entry_points(group="console_scripts"):
        module = entry_point.module.partition(".")[0]
        owners = _owners_by_module()
        if module.startswith("_") and owners.get(entry_point.name, frozenset()) & owners.get(module, frozenset()):
            module = entry_point.name
        scripts[entry_point.name] = module
    return scripts


def shell_modules(command: str) -> set[str]:
    """Modules a ``!`` shell command runs: ``python -m X`` gives X; an installed console script its module."""
    found = set()
    for part in re.split(r"&&|\|\||[;|]", command):
        try:
            words = shlex.split(part)
        except ValueError:
            words = part.split()
        if not words:
            continue
        program = Path(words[0]).name
        if re.fullmatch(r"python[0-9.]*|\{sys\.executable\}", program):
            if "-m" in words[:-1]:
                found.add(words[words.index("-m") + 1].partition(".")[0])
        elif program in _console_scripts():
            found.add(_console_scripts()[program])
    if "pytest" in command:
        found.add("pytest")
    return found


def magic_modules(name: str, line: str) -> set[str]:
    """Modules a ``%name line`` magic calls: ``%run -m X``, ``%load_ext X``, ``%pip``, ``%matplotlib``."""
    words = line.split()
    if name == "run":
        return {words[words.index("-m") + 1].partition(".")[0]} if "-m" in words[:-1] else set()
    if name == "load_ext":
        return {word.partition(".")[0] for word in words}
    if name in ("pip", "conda", "mamba"):
        return {"pip"}  # the kit must not need installing anything from inside a notebook
    if name in ("matplotlib", "pylab"):
        return {"matplotlib"}
    if name in ("sx", "system"):
        return shell_modules(line)
    return code_modules(line)  # %time, %timeit, %prun...: the line is Python


def _is_ipython_call(node: ast.Call, methods: tuple[str, ...]) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr in methods and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name) and func.value.func.id == "get_ipython")


def _constant_args(node: ast.Call) -> list[str]:
    return [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]


def code_modules(source: str) -> set[str]:
    """Top-level modules a cell's code uses: its imports, its magics, and pytest if it names pytest.

    Magics are turned into Python by IPython's own transformer first (``!cmd`` becomes
    ``get_ipython().system('cmd')``). Any identifier containing ``pytest`` (``run_pytest_smoke``,
    ``pytest.main``) counts as a use of pytest. Source that is not Python (``%%bash``) uses nothing.
    """
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
        elif isinstance(node, ast.Call) and _is_ipython_call(node, ("system", "getoutput")):
            found |= shell_modules(" ".join(_constant_args(node)))
        elif isinstance(node, ast.Call) and _is_ipython_call(node, ("run_line_magic", "run_cell_magic")):
            name, line, *body = _constant_args(node) + ["", ""]
            found |= magic_modules(name, line) | (code_modules(body[0]) if body[0] else set())
        names = [getattr(node, "id", None), getattr(node, "attr", None)]
        if isinstance(node, ast.alias):
            names += [node.name, node.asname]
        if any(name and "pytest" in name for name in names):
            found.add("pytest")
    return found


def notebooks() -> list[Path]:
    """Every learner notebook (checkpoints skipped)."""
    found = sorted((PROJECT_ROOT / "notebooks").rglob("*.ipynb"))
    return [path for path in found if ".ipynb_checkpoints" not in path.parts]


def notebook_modules(paths: Iterable[Path]) -> dict[str, set[str]]:
    """Top-level module -> the notebook cells (``path#cell N``) that use it."""
    uses: dict[str, set[str]] = {}
    for path in paths:
        cells = nbformat.read(path, as_version=4).cells
        for number, cell in enumerate(cells, start=1):
            if cell.cell_type == "code":
                for module in code_modules(cell.source):
                    uses.setdefault(module, set()).add(f"{path.relative_to(PROJECT_ROOT)}#cell {number}")
    return uses


def unprovided(modules: Iterable[str], allowed: set[str], lacking: str = "a runtime-only install lacks"
               ) -> dict[str, str]:
    """Modules that are neither stdlib, ``mesh_lab``, nor provided by a distribution in ``allowed``: why."""
    problems = {}
    for module in sorted(set(modules)):
        if module in STDLIB or module == "mesh_lab":
            continue
        owners = _owners_by_module().get(module, frozenset())
        if not owners:
            problems[module] = "no installed distribution provides it"
        elif not owners & allowed:
            problems[module] = f"comes from {', '.join(sorted(owners))}, which {lacking}"
    return problems


# --- which modules the library imports --------------------------------------------------------------


def _catches_import_error(node: ast.Try) -> bool:
    caught = [handler.type for handler in node.handlers if handler.type is not None]
    names = {ast.unparse(name) for kind in caught for name in (kind.elts if isinstance(kind, ast.Tuple) else [kind])}
    return bool(names & {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _required_imports(node: ast.AST) -> set[str]:
    """Top-level modules imported under ``node``, except optional ones (``try: ... except ImportError``)."""
    if isinstance(node, ast.Try) and _catches_import_error(node):
        return set().union(*(_required_imports(child) for child in node.handlers + node.orelse + node.finalbody))
    if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
        return set().union(*(_required_imports(child) for child in node.orelse))
    found = set()
    if isinstance(node, ast.Import):
        found = {alias.name.partition(".")[0] for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        found = {node.module.partition(".")[0]}
    return found.union(*(_required_imports(child) for child in ast.iter_child_nodes(node)))


def library_modules() -> dict[str, set[str]]:
    """Top-level module -> the library files that import it (function-local imports included)."""
    uses: dict[str, set[str]] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in _required_imports(tree):
            uses.setdefault(module, set()).add(str(path.relative_to(PROJECT_ROOT)))
    return uses


def _report(problems: dict[str, str], uses: dict[str, set[str]]) -> str:
    return "\n".join(f"- {module} ({why}); used in {', '.join(sorted(uses[module]))}"
                     for module, why in problems.items())


# --- the static checks ------------------------------------------------------------------------------


def test_every_module_the_notebooks_use_is_a_runtime_dependency():
    uses = notebook_modules(notebooks())
    assert "mesh_lab" in uses and "pytest" in uses, f"the scan found too little to be trusted: {sorted(uses)}"
    problems = unprovided(uses, direct_distributions(runtime_requirements()), "[project].dependencies lacks")
    assert not problems, (
        "notebooks use modules that `make lab` (pip install -e ., no extras) does not install; add their "
        "distribution to [project].dependencies in pyproject.toml and to environment.yml:\n"
        + _report(problems, uses))


def test_every_module_the_library_imports_comes_with_a_runtime_install():
    uses = library_modules()
    assert {"pandas", "pytest"} <= set(uses), f"the scan found too little to be trusted: {sorted(uses)}"
    problems = unprovided(uses, set(runtime_closure()))
    assert not problems, (
        "mesh_lab imports modules that a runtime-only install lacks; add their distribution to "
        "[project].dependencies in pyproject.toml and to environment.yml:\n" + _report(problems, uses))


@pytest.mark.parametrize(("source", "expected"), [
    ("import numpy as np\nfrom pandas.api import types", {"numpy", "pandas"}),
    ("from . import sibling\nx = 1", set()),
    ("result = run_pytest_smoke(url)", {"pytest"}),
    ("!pytest -m smoke -x", {"pytest"}),
    ("!{sys.executable} -m nbclient --help", {"nbclient"}),
    ("files = !python3 -m ruff check .", {"ruff"}),
    ("%run -m hypothesis.extra.ghostwriter", {"hypothesis"}),
    ("%load_ext autoreload", {"autoreload"}),
    ("%pip install psutil", {"pip"}),
    ("%matplotlib inline", {"matplotlib"}),
    ("%timeit import psutil", {"psutil"}),
    ("%%capture out\nimport psutil", {"psutil"}),
    ("%%bash\nls -l", set()),
])
def test_the_notebook_scan_sees_imports_magics_and_pytest(source, expected):
    assert code_modules(source) == expected


def test_the_scan_reports_a_module_from_a_dev_only_distribution():
    allowed = direct_distributions(runtime_requirements())
    problems = unprovided(code_modules("import hypothesis\nimport pandas\nimport json"), allowed)
    assert list(problems) == ["hypothesis"], problems
    assert "hypothesis" in problems["hypothesis"]
    assert unprovided(["surely_no_such_module_here"], allowed) == {
        "surely_no_such_module_here": "no installed distribution provides it"}


def test_the_library_scan_skips_optional_and_type_checking_imports():
    tree = ast.parse(textwrap.dedent("""
        import yaml
        try:
            import pyarrow
        except ImportError:
            import csv
        try:
            import fcntl
        except (OSError, ModuleNotFoundError):
            pass
        if TYPE_CHECKING:
            import hypothesis
        def later():
            from jupyter_client import kernelspec
    """))
    assert _required_imports(tree) == {"yaml", "csv", "jupyter_client"}


def test_the_runtime_closure_follows_requirements_of_requirements():
    closure = runtime_closure()
    assert {"pytest", "nbval"} <= closure, "the notebook runs pytest: it must be a runtime dependency"
    assert {"ipykernel", "jupyter-server", "pluggy"} <= closure, "requirements of requirements are followed"
    # pytest, psutil and idna name hypothesis or ruff under an extra nobody asks for: markers are evaluated
    assert not {"hypothesis", "ruff"} & closure, "dev-only tools leaked into the runtime closure"


# --- the Smoke 01 pytest cell, run with runtime dependencies only ------------------------------------

GUARD = '''"""Written by tests/test_learner_install.py: refuse modules a runtime-only install of mesh-lab lacks."""
import importlib.abc
import os
import sys

BLOCKED = frozenset(filter(None, os.environ.get("MESH_LAB_BLOCKED_MODULES", "").split(",")))


class RuntimeOnlyFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in BLOCKED:
            raise ModuleNotFoundError(
                f"No module named {top!r} (blocked: not installed by `pip install -e .` of mesh-lab)", name=top)
        return None


sys.meta_path.insert(0, RuntimeOnlyFinder())
'''

CHILD = '''
import json, sys
from mesh_lab.service import DemoService
from mesh_lab.smoke import run_pytest_smoke

report = {"guarded": any(type(f).__name__ == "RuntimeOnlyFinder" for f in sys.meta_path)}
try:
    __import__(sys.argv[1])
    report["probe"] = "imported"
except ModuleNotFoundError as exc:
    report["probe"] = str(exc)
with DemoService("healthy") as service:
    done = run_pytest_smoke(service.base_url)
report["healthy"] = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
if len(sys.argv) > 2:  # the notebook's own cells, verbatim: its setup cell, then its pytest cell
    import contextlib, io
    namespace, printed = {}, io.StringIO()
    with contextlib.redirect_stdout(printed):
        for source in json.loads(sys.argv[2]):
            exec(compile(source, "<notebook cell>", "exec"), namespace)
    report["notebook"] = printed.getvalue()
print(json.dumps(report))
'''


def smoke_01_cells() -> list[str]:
    """The Smoke 01 notebook's setup cell (its first code cell) and the cell that runs ``pytest -m smoke -x``."""
    code = [cell.source for cell in nbformat.read(SMOKE_01, as_version=4).cells if cell.cell_type == "code"]
    pytest_cells = [source for source in code if "run_pytest_smoke(" in source]
    assert len(pytest_cells) == 1, f"expected one cell calling run_pytest_smoke in {SMOKE_01}, found {pytest_cells}"
    return [code[0], pytest_cells[0]]


def run_guarded(allowed: set[str], probe: str, tmp_path: Path, cells: list[str] | None = None) -> dict:
    """Run ``CHILD`` in a Python that refuses every module only distributions outside ``allowed`` provide."""
    (tmp_path / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])),
           "MESH_LAB_BLOCKED_MODULES": ",".join(sorted(modules_outside(allowed))),
           "MESH_LAB_WORKSPACE": str(tmp_path / "workspace"), "MPLBACKEND": "Agg"}
    argv = [sys.executable, "-c", CHILD, probe, *([json.dumps(cells)] if cells is not None else [])]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, f"the guarded run crashed:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def runtime_only_run(tmp_path_factory) -> dict:
    """The guarded run with exactly the runtime closure allowed (one subprocess for the tests below)."""
    return run_guarded(set(runtime_closure()), "hypothesis", tmp_path_factory.mktemp("guard"), smoke_01_cells())


@pytest.mark.slow
def test_the_guard_refuses_a_dev_only_module(runtime_only_run):
    if importlib.util.find_spec("hypothesis") is None:
        pytest.skip("hypothesis (dev extra) is not installed, so the probe proves nothing")
    assert runtime_only_run["guarded"], "the sitecustomize guard was not installed in the subprocess"
    assert "No module named 'hypothesis'" in runtime_only_run["probe"], runtime_only_run["probe"]


@pytest.mark.slow
def test_the_smoke_suite_passes_with_runtime_dependencies_only(runtime_only_run):
    healthy = runtime_only_run["healthy"]
    assert "No module named" not in healthy["stderr"], (
        "run_pytest_smoke needs a module that `make lab` does not install:\n" + healthy["stderr"])
    assert healthy["returncode"] == 0, f"pytest -m smoke -x failed against a healthy release:\n{healthy}"
    assert re.search(r"\b4 passed\b", healthy["stdout"]), healthy["stdout"]


@pytest.mark.slow
def test_the_notebooks_pytest_cell_runs_with_runtime_dependencies_only(runtime_only_run):
    printed = runtime_only_run["notebook"]
    assert "No module named" not in printed, printed
    assert "test_login_then_dashboard FAILED" in printed and "exit code: 1" in printed, (
        "the notebook's cell deploys broken_login: pytest must run and stop at the login test\n" + printed)


@pytest.mark.slow
def test_without_pytest_the_same_run_fails_as_the_learner_saw_it(tmp_path):
    allowed = set(runtime_closure()) - {"pytest"}
    report = run_guarded(allowed, "pytest", tmp_path)
    assert "No module named 'pytest'" in report["probe"], report["probe"]
    healthy = report["healthy"]
    assert healthy["returncode"] != 0
    assert "No module named 'pytest'" in healthy["stderr"], healthy
