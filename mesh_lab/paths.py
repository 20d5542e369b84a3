"""Where the kit reads from and where it writes to.

Learners' files live in ``workspace/`` (or ``$MESH_LAB_WORKSPACE``); the kit never writes
into ``data/`` or ``notebooks/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
WORKSPACE_ENV = "MESH_LAB_WORKSPACE"
DATA_ENV = "MESH_LAB_DATA"


def workspace() -> Path:
    """Return the learner's workspace folder, creating it if needed.

    ``$MESH_LAB_WORKSPACE`` overrides the default ``<project>/workspace``.
    """
    override = os.environ.get(WORKSPACE_ENV)
    path = Path(override).expanduser() if override else PROJECT_ROOT / "workspace"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Return the folder holding the sample data products (read-only for the kit).

    ``$MESH_LAB_DATA`` overrides the default ``<project>/data``.
    """
    override = os.environ.get(DATA_ENV)
    return Path(override).expanduser() if override else PROJECT_ROOT / "data"
