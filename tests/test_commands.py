"""Commands never lose or misplace a file, and every bad input is one line and exit 2 — no traceback.

Each case runs the real command line (``python -m mesh_lab …``) in a subprocess where the point is
what a user sees (no traceback), and in process where the point is the exit code and the files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mesh_lab import datasets, paths
from mesh_lab.paths import PROJECT_ROOT, WorkspaceError, data_dir, workspace, write_atomically


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "mesh_lab", *args], capture_output=True, text=True,
                          timeout=120, env=environment, cwd=cwd or PROJECT_ROOT)


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` with its size and modification time."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def one_line_exit_2(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr


# ---------------------------------------------------------------------------------------------- data generate
@pytest.mark.parametrize("out", ["data/catalog", "notebooks", "notebooks/data_mesh", "data/../notebooks"])
def test_data_generate_refuses_any_folder_inside_data_or_notebooks(out, capsys):
    kit = {name: snapshot(PROJECT_ROOT / name) for name in ("data", "notebooks")}
    cwd = os.getcwd()
    os.chdir(PROJECT_ROOT)
    try:
        assert datasets.main(["generate", "--out", out]) == 2
        assert datasets.main(["generate", "--out", out, "--force"]) == 2  # --force is for data/ itself only
    finally:
        os.chdir(cwd)
    assert "refusing to write into the kit's" in capsys.readouterr().err
    assert {name: snapshot(PROJECT_ROOT / name) for name in ("data", "notebooks")} == kit


def test_data_generate_refuses_a_symlink_that_points_into_data(tmp_path, capsys):
    link = tmp_path / "innocent"
    link.symlink_to(data_dir() / "payments")
    before = snapshot(data_dir())
    assert datasets.main(["generate", "--out", str(link)]) == 2
    assert "inside" in capsys.readouterr().err
    assert snapshot(data_dir()) == before


def test_data_generate_refuses_an_out_whose_domain_folder_is_a_symlink_into_notebooks(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "payments").symlink_to(PROJECT_ROOT / "notebooks")
    before = snapshot(PROJECT_ROOT / "notebooks")
    assert datasets.main(["generate", "--out", str(out)]) == 2
    assert snapshot(PROJECT_ROOT / "notebooks") == before


def test_data_generate_with_force_still_allows_the_shipped_data_folder_itself(monkeypatch, tmp_path):
    copy = tmp_path / "data"
    copy.mkdir()
    monkeypatch.setenv("MESH_LAB_DATA", str(copy))  # a stand-in for data/, so the test writes nothing in the kit
    assert datasets.main(["generate", "--out", str(copy)]) == 2
    assert datasets.main(["generate", "--out", str(copy), "--force"]) == 0
    assert (copy / "payments" / "transactions.csv").exists()


def test_data_generate_out_a_file_is_one_line_and_exit_2(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    result = run_cli("data", "generate", "--out", str(afile))
    one_line_exit_2(result, "is a file")
    assert afile.read_text() == "mine"


def test_data_generate_negative_seed_is_one_line_and_exit_2(tmp_path):
    result = run_cli("data", "generate", "--out", str(tmp_path / "d"), "--seed", "-1")
    one_line_exit_2(result, "--seed -1 is negative")
    assert not (tmp_path / "d").exists()


def test_a_workspace_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    afile = tmp_path / "ws"
    afile.write_text("not a folder")
    result = run_cli("data", "generate", env={"MESH_LAB_WORKSPACE": str(afile)})
    one_line_exit_2(result, "is a file, not a folder")
    assert "MESH_LAB_WORKSPACE" in result.stderr


def test_workspace_that_is_a_file_raises_a_mesh_lab_error_with_the_fix(tmp_path, monkeypatch):
    afile = tmp_path / "ws"
    afile.write_text("x")
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(afile))
    with pytest.raises(WorkspaceError, match="is a file, not a folder; set MESH_LAB_WORKSPACE to a folder"):
        workspace()
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(afile / "below"))
    with pytest.raises(WorkspaceError, match="cannot create the workspace"):
        workspace()


def test_a_read_only_workspace_is_a_clear_error(tmp_path, monkeypatch, capsys):
    ws = tmp_path / "ws"
    ws.mkdir()
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(ws))
    real_access = os.access
    monkeypatch.setattr(paths.os, "access", lambda p, mode: False if Path(p) == ws else real_access(p, mode))
    with pytest.raises(WorkspaceError, match="is read-only"):
        workspace()
    assert workspace(writable=False) == ws  # reading (a facilitator's copy) is still fine
    assert datasets.main(["generate"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_workspace_in_data_generate_is_exit_2_for_real(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    ws.chmod(0o500)
    try:
        one_line_exit_2(run_cli("data", "generate", env={"MESH_LAB_WORKSPACE": str(ws)}), "read-only")
    finally:
        ws.chmod(0o700)


def test_an_out_folder_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(datasets, "write_atomically", refuse)
    assert datasets.main(["generate", "--out", str(tmp_path / "ro")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the sample data: Permission denied" in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------- the writer
def test_write_atomically_writes_text_and_bytes_and_leaves_no_temporary_file(tmp_path):
    write_atomically(tmp_path / "a.txt", "héllo")
    write_atomically(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_bytes() == "héllo".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_write_atomically_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def broken_replace(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(paths.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_the_kits_writers_all_use_the_shared_atomic_writer():
    sources = {name: (PROJECT_ROOT / "mesh_lab" / name).read_text(encoding="utf-8")
               for name in ("datasets.py", "learning/progress.py", "kit/strip_notebooks.py")}
    for name, source in sources.items():
        assert "write_atomically" in source, name
        assert "mkstemp" not in source and ".tmp\")" not in source, f"{name} still has its own atomic writer"
