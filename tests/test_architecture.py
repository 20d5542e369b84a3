"""The library's shape: the curated public API resolves, and the layering rule of DESIGN.md holds.

Core modules never import matplotlib, ipywidgets or IPython; each is imported in a fresh interpreter
so that nothing another test imported can hide a violation.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import mesh_lab

CORE_MODULES = [
    "mesh_lab.contracts", "mesh_lab.validation", "mesh_lab.sla", "mesh_lab.datasets", "mesh_lab.errors",
    "mesh_lab.mesh", "mesh_lab.simulate", "mesh_lab.service", "mesh_lab.smoke", "mesh_lab.pipeline",
    "mesh_lab.paths",
]
PRESENTATION = ("matplotlib", "ipywidgets", "IPython")


@pytest.mark.parametrize("name", sorted(set(mesh_lab.__all__) - {"__version__"}))
def test_every_public_name_resolves(name):
    assert getattr(mesh_lab, name) is not None


def test_unknown_public_name_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mesh_lab.nope  # noqa: B018


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_presentation_library(module):
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {PRESENTATION!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()} (core must stay headless)"


def test_plain_import_stays_light():
    code = "import sys, mesh_lab\nprint(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
