"""Shared fixtures. Every test gets its own workspace so nothing touches the learner's files."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_workspace(tmp_path, monkeypatch):
    ws = tmp_path / "workspace"
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(ws))
    return ws
