"""`make lab` serves the start notebook: run the Makefile's own lab recipe, talk to it, stop it.

The install step is skipped with ``make -o`` (the environment is already installed); everything
else is the learner's command. Settings the Makefile does not pass (an OS-chosen port, no browser)
come from a private Jupyter config folder, so the recipe itself is not changed for the test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from mesh_lab.kit import lab_smoke as kit_smoke
from mesh_lab.paths import PROJECT_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("make") is None or os.name == "nt",
                       reason="needs make (see the README for Windows)"),
    pytest.mark.skipif(not (PROJECT_ROOT / ".venv" / "bin" / "jupyter").exists(), reason="needs the installed .venv"),
]

BOOT_DEADLINE = 45.0


@dataclass
class Lab:
    make: subprocess.Popen
    log: Path
    port: int
    token: str
    pid: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def printed(self) -> str:
        return self.log.read_text(errors="replace")


def _get(url: str) -> int:
    assert url.startswith("http://127.0.0.1:")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _server_info(runtime: Path, make: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + BOOT_DEADLINE
    while time.monotonic() < deadline:
        if make.poll() is not None:
            pytest.fail(f"make lab exited with {make.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        for info_file in runtime.glob("jpserver-*.json"):
            try:
                return json.loads(info_file.read_text(encoding="utf-8"))
            except ValueError:
                pass
        time.sleep(0.2)
    pytest.fail(f"make lab did not start listening in {BOOT_DEADLINE} s:\n{log.read_text(errors='replace')[-3000:]}")


def _post(url: str) -> None:
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(url, data=b"", method="POST")
    try:
        urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 (127.0.0.1 only)
    except OSError:
        pass  # already gone


def _stop(make: subprocess.Popen, info: dict | None) -> None:
    """Shut the server down as JupyterLab's own menu does, then end anything left in the group."""
    if info is not None:
        _post(f"http://127.0.0.1:{info['port']}/api/shutdown?token={info['token']}")
        try:
            make.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(make.pid, sig)
        except ProcessLookupError:
            break
        try:
            make.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
    if info is not None:
        try:
            psutil.Process(info["pid"]).wait(timeout=10)
        except (psutil.NoSuchProcess, psutil.TimeoutExpired):
            pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab`, as a learner runs it (install step skipped), stopped with its whole process group."""
    tmp = tmp_path_factory.mktemp("make-lab")
    config = tmp / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {
        "port": 0, "port_retries": 0, "open_browser": False, "allow_root": True,
    }}), encoding="utf-8")
    runtime = tmp / "runtime"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_RUNTIME_DIR": str(runtime),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"), "IPYTHONDIR": str(tmp / "ipython"),
           "MESH_LAB_WORKSPACE": str(tmp / "workspace"), "MAKEFLAGS": ""}
    env.pop("MPLBACKEND", None)  # the learner's shell does not set it
    log = tmp / "make-lab.log"
    with open(log, "wb") as out:
        make = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.stamp-runtime", "lab"],
                                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    info = None
    try:
        info = _server_info(runtime, make, log)
        yield Lab(make, log, info["port"], info["token"], info["pid"])
    finally:
        _stop(make, info)
    assert make.poll() is not None
    assert not psutil.pid_exists(info["pid"]) or psutil.Process(info["pid"]).status() == psutil.STATUS_ZOMBIE


def test_make_lab_serves_the_start_notebook_behind_its_token(lab):
    assert lab.token, "make lab must keep token authentication on"
    assert _get(f"{lab.base}/api/status?token={lab.token}") == 200
    # `jupyter lab notebooks/00_start_here.ipynb` serves the notebooks folder as its root
    assert _get(f"{lab.base}/api/contents/00_start_here.ipynb?token={lab.token}&content=0") == 200
    assert _get(f"{lab.base}/api/contents/00_start_here.ipynb?content=0") == 403, "no token must be refused"
    assert _get(f"{lab.base}/api/contents?token=wrong-{lab.token}") == 403, "a wrong token must be refused"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and f"{lab.port}/lab" not in lab.printed():
        time.sleep(0.2)
    printed = lab.printed()
    assert f"http://127.0.0.1:{lab.port}/lab" in printed and f"token={lab.token}" in printed, "the URL is printed"
    assert "00_start_here.ipynb" in printed


def test_make_lab_kernels_draw_figures_inline(lab):
    """A notebook's figures must show as pictures: the kernel must get matplotlib's inline backend."""
    server = kit_smoke.LabServer(lab.make, Path(), lab.token, lab.log, lab.port)
    kernel_id = kit_smoke.start_kernel(server)
    try:
        import websocket

        url = f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?token={lab.token}"
        sock = websocket.create_connection(url, timeout=30)
        try:
            msg_id = uuid.uuid4().hex
            sock.send(json.dumps(kit_smoke.execute_request(msg_id, "import matplotlib; print(matplotlib.get_backend())")))
            printed, reply = kit_smoke.collect_output(sock, msg_id, time.monotonic() + 30)
        finally:
            sock.close()
    finally:
        kit_smoke.stop_kernel(server, kernel_id)
    assert reply.get("status") == "ok", reply
    assert "inline" in printed, (
        f"kernels started by `make lab` use the {printed.strip()!r} backend, so figures show as text. "
        "MPLBACKEND must not be exported to `make lab` (ipykernel picks inline only when it is unset).")
