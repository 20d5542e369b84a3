"""Mesh Lab: learn Data Mesh and Smoke Testing by doing.

The public API is curated here. Names are loaded lazily so that ``import mesh_lab``
stays fast; ``dir(mesh_lab)`` lists them all.
"""

from __future__ import annotations

import importlib

from mesh_lab.paths import data_dir, workspace

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "ContractError": "mesh_lab.errors",
    "MeshLabError": "mesh_lab.errors",
}

__all__ = ["__version__", "workspace", "data_dir", *sorted(_LAZY)]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mesh_lab' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
