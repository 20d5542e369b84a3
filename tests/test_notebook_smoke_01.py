"""The smoke-testing notebook starts many services and a pytest subprocess; afterwards nothing is left.

The notebook runs in a real kernel (as nbval runs it). A probe cell after the setup cell records the
kernel's threads and sockets; a probe at the end requires no running ``DemoService``, no new thread,
no new socket, no child process and no leftover service folder in the workspace.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "smoke_testing" / "01_what_is_smoke_testing.ipynb"

BASELINE = """
import os, threading
def _mesh_lab_sockets():
    fds = "/proc/self/fd"
    return {os.readlink(f"{fds}/{fd}") for fd in os.listdir(fds)
            if os.path.exists(f"{fds}/{fd}") and os.readlink(f"{fds}/{fd}").startswith("socket:")}
_mesh_lab_threads = {t.ident for t in threading.enumerate()}
_mesh_lab_sockets_before = _mesh_lab_sockets()
"""

PROBE = """
import gc, json, os, threading, time
from mesh_lab.paths import workspace
from mesh_lab.service import DemoService

def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found

time.sleep(0.2)  # let a finished worker thread exit
services_dir = workspace() / "demo_service"
print(json.dumps({
    "running services": [repr(o) for o in gc.get_objects() if isinstance(o, DemoService) and o.running],
    "new threads": [t.name for t in threading.enumerate() if t.ident not in _mesh_lab_threads],
    "new sockets": sorted(_mesh_lab_sockets() - _mesh_lab_sockets_before),
    "child processes": _children(os.getpid()),
    "service folders": sorted(p.name for p in services_dir.iterdir()) if services_dir.exists() else [],
}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads and sockets through /proc")
def test_the_notebook_leaves_no_service_thread_socket_or_process_behind(_isolated_workspace, monkeypatch):
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(setup + 1, nbformat.v4.new_code_cell(BASELINE))
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(notebook, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.get("name") == "stdout")
    leftovers = json.loads(printed)
    assert leftovers == {"running services": [], "new threads": [], "new sockets": [],
                         "child processes": [], "service folders": []}
