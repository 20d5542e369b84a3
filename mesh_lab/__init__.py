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
    # errors
    "ContractError": "mesh_lab.errors",
    "MeshLabError": "mesh_lab.errors",
    "MissingDataError": "mesh_lab.errors",
    "DataFileError": "mesh_lab.errors",
    # data contracts and validation (data as a product)
    "Contract": "mesh_lab.contracts",
    "load_contract": "mesh_lab.contracts",
    "contract_from_yaml": "mesh_lab.contracts",
    "lint": "mesh_lab.lint",
    "ValidationReport": "mesh_lab.validation",
    "validate": "mesh_lab.validation",
    "read_product": "mesh_lab.validation",
    "check_sla": "mesh_lab.sla",
    # contract evolution: what a change breaks, and for whom
    "diff": "mesh_lab.evolution",
    "ContractDiff": "mesh_lab.evolution",
    "Change": "mesh_lab.evolution",
    "REFERENCE_TIME": "mesh_lab.datasets",
    "PRODUCTS": "mesh_lab.datasets",
    "product_paths": "mesh_lab.datasets",
    # governance, the platform, ownership, and whether mesh fits
    "govern": "mesh_lab.governance",
    "Policy": "mesh_lab.governance",
    "GLOBAL_POLICIES": "mesh_lab.governance",
    "scaffold": "mesh_lab.platform",
    "publish": "mesh_lab.platform",
    "workspace_catalog": "mesh_lab.platform",
    "ownership_map": "mesh_lab.ownership",
    "diagnose": "mesh_lab.diagnosis",
    "Organisation": "mesh_lab.diagnosis",
    # smoke testing data products
    "smoke_product": "mesh_lab.data_smoke",
    "detection_matrix": "mesh_lab.data_smoke",
    # the mesh: domains, products, catalog, lineage
    "Catalog": "mesh_lab.mesh",
    "DataProduct": "mesh_lab.mesh",
    "Domain": "mesh_lab.mesh",
    "sample_mesh": "mesh_lab.mesh",
    "UnknownProductError": "mesh_lab.mesh",
    # the organisation simulation (use `from mesh_lab.simulate import simulate, compare`)
    "OrgParams": "mesh_lab.simulate",
    # smoke testing: the demo service, the smoke engine, the pipeline
    "DemoService": "mesh_lab.service",
    "RELEASES": "mesh_lab.service",
    "BootError": "mesh_lab.service",
    "SmokeCheck": "mesh_lab.smoke",
    "SmokeSuite": "mesh_lab.smoke",
    "SmokeRun": "mesh_lab.smoke",
    "SmokeFailure": "mesh_lab.smoke",
    "Target": "mesh_lab.smoke",
    "default_suite": "mesh_lab.smoke",
    "smoke_release": "mesh_lab.smoke",
    "run_pipeline": "mesh_lab.pipeline",
    # the kit checking itself
    "run_checks": "mesh_lab.kit.doctor",
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
