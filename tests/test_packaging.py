"""Packaging: pyproject.toml and environment.yml cannot drift; the Makefile's stamps skip reinstalls."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import time

import pytest
import yaml

from mesh_lab.paths import PROJECT_ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")
CONDA_ONLY = {"python", "pip"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _bounds(requirements: list[str]) -> dict[str, str | None]:
    """name -> lower bound (the version after >=), from PEP 508 / conda match specs."""
    found = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        assert match, f"cannot read the requirement {requirement!r}"
        name, spec = match.groups()
        bound = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
        found[_normalise(name)] = bound.group(1) if bound else None
    return found


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as stream:
        return tomllib.load(stream)


@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_dependencies(environment: dict) -> tuple[list[str], list[str]]:
    conda, pip = [], []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip.extend(entry.get("pip", []))
        else:
            conda.append(entry)
    return conda, pip


def test_environment_and_pyproject_name_the_same_dependencies(pyproject, environment):
    runtime = _bounds(pyproject["project"]["dependencies"])
    conda, _ = _conda_dependencies(environment)
    in_conda = {name: bound for name, bound in _bounds(conda).items() if name not in CONDA_ONLY}
    assert set(in_conda) == set(runtime), (
        f"only in environment.yml: {sorted(set(in_conda) - set(runtime))}; "
        f"only in pyproject.toml: {sorted(set(runtime) - set(in_conda))}")
    assert in_conda == runtime, "the lower bounds differ between environment.yml and pyproject.toml"


def test_environment_installs_the_kit_from_the_checkout(environment):
    _, pip = _conda_dependencies(environment)
    assert "-e ." in pip or "." in pip, "environment.yml must pip-install the kit from the checkout"
    assert "conda-forge" in environment["channels"]


def test_python_versions_agree(pyproject, environment):
    requires = pyproject["project"]["requires-python"]
    assert re.fullmatch(r">=\s*3\.(\d+)", requires) and int(requires.split(".")[1]) >= 10, requires
    conda, _ = _conda_dependencies(environment)
    assert _bounds(conda)["python"] == requires.removeprefix(">=").strip()


def test_dependencies_have_tested_lower_bounds_and_no_exact_pins(pyproject):
    groups = [pyproject["project"]["dependencies"], *pyproject["project"]["optional-dependencies"].values()]
    for requirement in (req for group in groups for req in group):
        assert "==" not in requirement, f"{requirement}: exact pins make installs fail; use a lower bound"
        assert _bounds([requirement]).popitem()[1], f"{requirement}: give the lower bound you tested"
    dev = _bounds(pyproject["project"]["optional-dependencies"]["dev"])
    assert {"hypothesis", "ruff"} <= set(dev)


# The design card's packages: what a learner's install (`make lab`, Binder) must have. pytest too: the
# Smoke Testing notebooks run `pytest -m smoke -x` (tests/test_learner_install.py checks every import).
DESIGN_CARD = {"jupyterlab", "ipywidgets", "nbval", "pandas", "matplotlib"}
NOTEBOOKS_RUN = {"pytest"}


def test_runtime_dependencies_hold_the_design_card_and_pytest(pyproject):
    runtime = set(_bounds(pyproject["project"]["dependencies"]))
    missing = sorted((DESIGN_CARD | NOTEBOOKS_RUN) - runtime)
    assert not missing, f"add {missing} to [project].dependencies: `make lab` installs no extras"


def test_environment_lists_the_design_card(environment):
    conda, _ = _conda_dependencies(environment)
    missing = sorted((DESIGN_CARD | NOTEBOOKS_RUN) - set(_bounds(conda)))
    assert not missing, f"add {missing} to environment.yml: Binder installs only what it lists"


def test_no_extra_repeats_a_runtime_dependency(pyproject):
    runtime = set(_bounds(pyproject["project"]["dependencies"]))
    for extra, requirements in pyproject["project"]["optional-dependencies"].items():
        repeated = sorted(runtime & set(_bounds(requirements)))
        assert not repeated, (f"{repeated} are runtime dependencies and also in the [{extra}] extra: "
                              "keep them in [project].dependencies only, so the two bounds cannot drift")


# --- the Makefile's stamps: run the real Makefile against a fake .venv that logs every call ---------

FAKE_TOOL = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  for tool in python ruff jupyter; do cp "$0" "$3/bin/$tool"; done
fi
exit 0
"""


@pytest.fixture
def sandbox(tmp_path):
    """A copy of the Makefile and pyproject.toml, and a fake python3 that logs instead of installing."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed (on Windows the README gives the plain commands)")
    shutil.copy(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    log = tmp_path / "calls.log"
    fake = tmp_path / "fake-python3"
    fake.write_text(FAKE_TOOL.format(log=log), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return tmp_path


def _make(sandbox, target: str) -> list[str]:
    log = sandbox / "calls.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "MAKEFLAGS": ""}
    done = subprocess.run(["make", "--no-print-directory", target, f"PYTHON={sandbox / 'fake-python3'}"],
                          cwd=sandbox, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _installs(calls: list[str]) -> list[str]:
    return [call for call in calls if "pip install" in call and "--upgrade pip" not in call]


def test_first_make_test_creates_the_venv_and_installs_the_dev_extra(sandbox):
    calls = _make(sandbox, "test")
    assert any("-m venv .venv" in call for call in calls), calls
    assert any(".[dev]" in call for call in _installs(calls)), calls
    assert any(call.startswith("ruff check") for call in calls)
    assert any("-m pytest" in call and "--nbval-lax" in call for call in calls)


def test_second_make_test_reinstalls_nothing(sandbox):
    _make(sandbox, "test")
    second = _make(sandbox, "test")
    assert _installs(second) == [], f"second run reinstalled: {second}"
    assert any("-m pytest" in call for call in second), "the tests still run"
    assert _installs(_make(sandbox, "lab")) == [], "make lab after make test must not reinstall"


def test_a_changed_pyproject_triggers_one_reinstall(sandbox):
    _make(sandbox, "test")
    now = time.time()
    for stamp in (sandbox / ".venv").glob(".stamp-*"):
        os.utime(stamp, (now - 20, now - 20))
    os.utime(sandbox / "pyproject.toml", (now - 10, now - 10))  # edited after the last install
    assert len(_installs(_make(sandbox, "test"))) == 1
    assert _installs(_make(sandbox, "test")) == []
