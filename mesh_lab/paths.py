"""Where the kit reads from and where it writes to, and the one way it writes a file.

Learners' files live in ``workspace/`` (or ``$MESH_LAB_WORKSPACE``); the kit never writes
into ``data/`` or ``notebooks/``. Every file the kit writes goes through :func:`write_atomically`,
so a crash or a full disk never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mesh_lab.errors import MeshLabError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
WORKSPACE_ENV = "MESH_LAB_WORKSPACE"
DATA_ENV = "MESH_LAB_DATA"
_WORKSPACE_FIX = (f"set {WORKSPACE_ENV} to a folder you can write, e.g. "
                  f"export {WORKSPACE_ENV}=$HOME/mesh-lab-workspace")


class WorkspaceError(MeshLabError, OSError):
    """The workspace folder cannot be used (it is a file, cannot be created, or is read-only).

    The message says which folder and how to fix it; commands turn it into exit code 2.
    """


def workspace(writable: bool = True) -> Path:
    """Return the learner's workspace folder, creating it if needed.

    ``$MESH_LAB_WORKSPACE`` overrides the default ``<project>/workspace``. Raises
    :class:`WorkspaceError` (with the fix) when the path is a file, cannot be created, or — unless
    ``writable=False`` (only reading) — is read-only.
    """
    override = os.environ.get(WORKSPACE_ENV)
    path = Path(override).expanduser() if override else PROJECT_ROOT / "workspace"
    where = f"{WORKSPACE_ENV}={override}" if override else "the default workspace"
    if path.exists() and not path.is_dir():
        raise WorkspaceError(f"the workspace {path} ({where}) is a file, not a folder; {_WORKSPACE_FIX}")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the workspace {path} ({where}): {exc.strerror or exc}; "
                             f"{_WORKSPACE_FIX}") from None
    if writable and not os.access(path, os.W_OK | os.X_OK):
        raise WorkspaceError(f"the workspace {path} ({where}) is read-only; {_WORKSPACE_FIX}")
    return path


def data_dir() -> Path:
    """Return the folder holding the sample data products (read-only for the kit).

    ``$MESH_LAB_DATA`` overrides the default ``<project>/data``.
    """
    override = os.environ.get(DATA_ENV)
    return Path(override).expanduser() if override else PROJECT_ROOT / "data"


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (mkstemp would give 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` all at once: a temporary file in the same
    folder, flushed to disk, then renamed over ``path``. Readers see the old file or the new one, never
    half of it; on any error the temporary file is removed and ``path`` is untouched.

    An existing file keeps its permissions; a new one gets the usual ones. Returns ``path``.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    mode = _file_mode(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with contextlib.suppress(OSError):
            os.chmod(temporary, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path
