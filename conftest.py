"""Root conftest: guards that hold for the whole run, notebooks (nbval) included.

The kit promises never to write into ``data/`` or ``notebooks/``: learners' files go to the
workspace. This fixture fingerprints both folders when the session starts and fails the run at
the end if any file was added, removed or changed by any test or notebook.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
GUARDED = ("data", "notebooks")


def _fingerprint() -> dict[str, str]:
    prints = {}
    for folder in GUARDED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts and "__pycache__" not in path.parts:
                prints[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


@pytest.fixture(scope="session", autouse=True)
def _kit_never_writes_data_or_notebooks():
    before = _fingerprint()
    yield
    after = _fingerprint()
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    problems = [f"{kind}: {', '.join(paths)}" for kind, paths in
                (("added", added), ("removed", removed), ("changed", changed)) if paths]
    assert not problems, (
        "the test run wrote into data/ or notebooks/, which the kit must never do "
        "(learners' files belong in mesh_lab.workspace()): " + "; ".join(problems)
    )
