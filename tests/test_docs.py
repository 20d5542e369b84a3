"""The documents match the code: every file, module and command they name exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from mesh_lab.__main__ import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]
FILE_PATH = re.compile(r"(?<![\w/.])((?:mesh_lab|tests|benchmarks|notebooks|docs|data)/[\w./-]+\.(?:py|ipynb|md|yaml))")
MODULE_RUN = re.compile(r"python -m (mesh_lab(?:\.[\w.]+)?)(?: ([a-z][\w-]*))?")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_document_names_exists(document):
    missing = sorted({name for name in FILE_PATH.findall(_text(document))
                      if "NN_" not in name and "<" not in name and not (ROOT / name).exists()})
    assert not missing, f"{document.name} names files that do not exist: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_a_document_names_exists(document):
    problems = []
    for module, verb in MODULE_RUN.findall(_text(document)):
        if module == "mesh_lab":
            if verb and verb not in COMMANDS:
                problems.append(f"python -m mesh_lab {verb}: no such command")
        elif importlib.util.find_spec(module) is None:
            problems.append(f"python -m {module}: no such module")
    assert not problems, f"{document.name}: {problems}"


def test_the_architecture_map_names_every_package_and_core_module():
    text = _text(ROOT / "docs" / "architecture.md")
    package = ROOT / "mesh_lab"
    for folder in ("learning", "exercises", "kit", "plots", "widgets"):
        assert f"{folder}/" in text, f"docs/architecture.md does not place mesh_lab/{folder}/"
    core = [p.stem for p in package.glob("*.py") if not p.stem.startswith("_") and p.stem != "display"]
    unplaced = [name for name in core if not re.search(rf"\b{name}\b", text)]
    assert not unplaced, f"docs/architecture.md does not place these modules: {unplaced}"
