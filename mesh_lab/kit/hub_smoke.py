"""``make hub-smoke``: a real JupyterHub on 127.0.0.1 with N learners at once, then everything stopped.

Steps (one line each, with its time):

1. **config** — a temporary folder with a hub config: DummyAuthenticator, a local process spawner
   (one home folder per learner, ``MESH_LAB_WORKSPACE`` in it), an admin service token (in a 0600
   config file, never on a command line), the proxy ``configurable-http-proxy`` from ``.venv/node``;
2. **boot** — the hub and its proxy, on free ports of 127.0.0.1;
3. **spawn** — the learners are created and their servers spawned through the Hub's REST API;
4. **learners** — concurrently, in each learner's kernel (over the Jupyter websocket, through the
   proxy): every code cell of ``00_start_here.ipynb``, a smoke-lab cell that starts the demo service,
   and one exercise check; memory (server + kernel) is sampled while they run;
5. **checks** — each learner's progress went to their own workspace, no two demo services shared a
   port, every server answered;
6. **stop** — servers, hub, proxy and kernels stopped (on success, on failure, and on SIGTERM,
   SIGHUP or Ctrl-C), the temporary folder removed.

It prints per-learner time and peak memory, and learners per GB (the sizing of a workshop hub).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mesh_lab.kit.lab_smoke import (
    HOST,
    Stopped,
    _kill_group,
    _new_process_group,
    collect_output,
    execute_request,
    stop_signals_handled,
)
from mesh_lab.paths import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent
PROXY = Path(sys.prefix) / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
START_NOTEBOOK = PROJECT_ROOT / "notebooks" / "00_start_here.ipynb"
SMOKE_LAB_CODE = (
    "from mesh_lab.service import DemoService\n"
    "from mesh_lab.smoke import default_suite\n"
    "_service = DemoService('healthy').start()\n"
    "_run = default_suite().run(_service, warn=False)\n"
    "print('SERVICE', _service.base_url, _run.passed)\n"
)
CHECK_CODE = "from mesh_lab.exercises.start_here import q1\nseconds = 5 * 3\nq1.check()\n"
STOP_SERVICE_CODE = "_service.stop()\n"


class HubSmokeFailed(Exception):
    """A step of the hub smoke test failed; the message says which and why."""


@dataclass
class Learner:
    """One learner of the run: name, home, what their kernel did, how long and how much memory."""

    name: str
    home: Path
    seconds: float = 0.0
    peak_mb: float = 0.0
    service_url: str = ""
    smoke_passed: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Path:
        return self.home / "mesh-lab-workspace"


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def hub_config(base: Path, token: str, ports: dict[str, int], as_root: bool) -> str:
    """The text of the hub's config file (written 0600: it holds the service token)."""
    home = base / "home"
    return f"""
c = get_config()  # noqa: F821
import os
c.JupyterHub.ip = {HOST!r}
c.JupyterHub.port = {ports['proxy']}
c.JupyterHub.hub_ip = {HOST!r}
c.JupyterHub.hub_port = {ports['hub']}
c.ConfigurableHTTPProxy.api_url = "http://{HOST}:{ports['api']}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{base / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(base / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(base / 'hub.pid')!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(home / '{username}')!r}
c.Spawner.cmd = [{str(VENV_BIN / 'jupyterhub-singleuser')!r}]
c.Spawner.args = {['--allow-root'] if as_root else []!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{
    "MESH_LAB_WORKSPACE": lambda spawner: os.path.join({str(home)!r}, spawner.user.name, "mesh-lab-workspace"),
    "MPLBACKEND": "Agg",
}}
c.JupyterHub.services = [{{"name": "hub-smoke", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "hub-smoke", "services": ["hub-smoke"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
c.JupyterHub.cleanup_servers = True
"""


def api(url: str, token: str, method: str = "GET", data: dict | None = None, timeout: float = 30) -> tuple[int, dict]:
    """One request to the hub or a learner's server with the service token: (status, JSON body)."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"hub-smoke only talks to {HOST}, not {url}")
    payload = json.dumps(data).encode() if data is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(url, data=payload, method=method,
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            body = response.read().decode("utf-8", "replace")
            return response.status, (json.loads(body) if body.strip() else {})
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        with contextlib.suppress(ValueError):
            return error.code, json.loads(body)
        return error.code, {"message": body[:200]}


class HubRun:
    """A running hub, its learners and its clean-up."""

    def __init__(self, users: int, out=sys.stdout):
        self.users = users
        self.out = out
        self.base = Path(tempfile.mkdtemp(prefix="mesh-lab-hub-"))
        self.token = secrets.token_hex(24)
        self.ports = {name: free_port() for name in ("proxy", "hub", "api")}
        self.url = f"http://{HOST}:{self.ports['proxy']}"
        self.process: subprocess.Popen | None = None
        self.learners = [Learner(f"learner{i + 1}", self.base / "home" / f"learner{i + 1}") for i in range(users)]

    # -- steps -----------------------------------------------------------------------------------
    def configure(self) -> str:
        if not PROXY.exists():
            raise HubSmokeFailed(f"configurable-http-proxy is not installed at {PROXY}: run `make hub-smoke`, "
                                 "which installs it from the npm registry into .venv/node")
        config = self.base / "jupyterhub_config.py"
        config.write_text(hub_config(self.base, self.token, self.ports, os.geteuid() == 0), encoding="utf-8")
        config.chmod(0o600)
        for learner in self.learners:
            learner.home.mkdir(parents=True)
        return f"{self.base} (ports {self.ports['proxy']}, {self.ports['hub']}, {self.ports['api']})"

    def boot(self, timeout: float) -> str:
        log = open(self.base / "hub.log", "wb")  # noqa: SIM115 - closed with the process
        env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTERHUB_API_TOKEN")}
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        self.process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(self.base / "jupyterhub_config.py")],
                                        cwd=self.base, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        **_new_process_group())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubSmokeFailed(f"the hub exited with code {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                status, body = api(f"{self.url}/hub/api/", self.token, timeout=2)
                if status == 200:
                    return f"JupyterHub {body.get('version', '?')} on {self.url}"
            time.sleep(0.3)
        raise HubSmokeFailed(f"the hub did not answer within {timeout:g} s:\n{self.log_tail()}")

    def spawn(self, timeout: float) -> str:
        for learner in self.learners:
            status, body = api(f"{self.url}/hub/api/users/{learner.name}", self.token, "POST")
            if status not in (200, 201, 409):
                raise HubSmokeFailed(f"creating {learner.name}: HTTP {status} {body}")
            status, body = api(f"{self.url}/hub/api/users/{learner.name}/server", self.token, "POST")
            if status not in (201, 202):
                raise HubSmokeFailed(f"spawning {learner.name}'s server: HTTP {status} {body}")
        deadline = time.monotonic() + timeout
        waiting = {learner.name for learner in self.learners}
        while waiting and time.monotonic() < deadline:
            for name in sorted(waiting):
                status, body = api(f"{self.url}/hub/api/users/{name}", self.token)
                server = (body.get("servers") or {}).get("", {})
                if status == 200 and server.get("ready"):
                    waiting.discard(name)
            time.sleep(0.5)
        if waiting:
            raise HubSmokeFailed(f"servers not ready after {timeout:g} s: {', '.join(sorted(waiting))}\n{self.log_tail()}")
        return f"{len(self.learners)} servers ready"

    def run_learners(self, timeout: float) -> str:
        cells = [c for c in json.loads(START_NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        stop = threading.Event()
        sampler = threading.Thread(target=self._sample_memory, args=(stop,), daemon=True)
        sampler.start()
        pool = ThreadPoolExecutor(max_workers=len(self.learners))
        try:
            list(pool.map(lambda learner: self._learner_journey(learner, cells, timeout), self.learners))
        finally:  # on a signal, do not wait for the journeys: stopping the hub ends their sockets
            pool.shutdown(wait=False, cancel_futures=True)
            stop.set()
            sampler.join(timeout=5)
        failed = [f"{learner.name}: {'; '.join(learner.errors)}" for learner in self.learners if learner.errors]
        if failed:
            raise HubSmokeFailed("learners failed:\n  " + "\n  ".join(failed))
        times = [learner.seconds for learner in self.learners]
        return f"{len(self.learners)} learners, start notebook + smoke lab + a check: median {statistics.median(times):.1f} s"

    def check(self) -> str:
        problems = []
        for learner in self.learners:
            progress = learner.workspace / "progress.json"
            if not progress.exists():
                problems.append(f"{learner.name}: no progress.json in {learner.workspace}")
                continue
            entry = json.loads(progress.read_text(encoding="utf-8")).get("exercises", {}).get("start_here.q1", {})
            if not entry.get("correct"):
                problems.append(f"{learner.name}: start_here.q1 not recorded as correct in their own workspace")
            if not learner.smoke_passed:
                problems.append(f"{learner.name}: the demo service's smoke suite did not pass")
        urls = [learner.service_url for learner in self.learners]
        if len(set(urls)) != len(urls):
            problems.append(f"two demo services shared an address: {urls}")
        if problems:
            raise HubSmokeFailed("; ".join(problems))
        return f"own workspaces, {len(set(urls))} demo services on {len(set(urls))} ports, every server answered"

    # -- one learner ------------------------------------------------------------------------------
    def _learner_journey(self, learner: Learner, cells: list[dict], timeout: float) -> None:
        import websocket

        started = time.monotonic()
        base = f"{self.url}/user/{learner.name}"
        try:
            status, body = api(f"{base}/api/kernels", self.token, "POST", {"name": "python3"})
            if status not in (200, 201):
                raise HubSmokeFailed(f"starting a kernel: HTTP {status} {body}")
            ws_url = base.replace("http://", "ws://") + f"/api/kernels/{body['id']}/channels"
            sock = websocket.create_connection(ws_url, timeout=timeout,
                                               header=[f"Authorization: token {self.token}"])
            try:
                deadline = started + timeout
                for cell in cells:
                    self._execute(sock, "".join(cell["source"]), deadline, learner, "start notebook")
                printed = self._execute(sock, SMOKE_LAB_CODE, deadline, learner, "smoke lab")
                words = next((line.split() for line in printed.splitlines() if line.startswith("SERVICE")), [])
                learner.service_url, learner.smoke_passed = (words[1], words[2] == "True") if len(words) == 3 else ("", False)
                self._execute(sock, CHECK_CODE, deadline, learner, "exercise check")
                self._execute(sock, STOP_SERVICE_CODE, deadline, learner, "stop the service")
            finally:
                sock.close()
        except Exception as exc:  # noqa: BLE001 - every failure of one learner is reported, not raised
            learner.errors.append(f"{type(exc).__name__}: {exc}")
        learner.seconds = time.monotonic() - started

    def _execute(self, sock, code: str, deadline: float, learner: Learner, what: str) -> str:
        msg_id = uuid.uuid4().hex
        sock.send(json.dumps(execute_request(msg_id, code)))
        printed, reply = collect_output(sock, msg_id, deadline)
        if reply.get("status") != "ok":
            raise HubSmokeFailed(f"{what}: {reply.get('ename')}: {reply.get('evalue')}")
        return printed

    def _sample_memory(self, stop: threading.Event) -> None:
        """Peak RSS per learner of every process whose working folder is in their home (server + kernel)."""
        import psutil

        homes = {str(learner.home): learner for learner in self.learners}
        while not stop.is_set():
            totals: dict[str, float] = {}
            for proc in psutil.process_iter(["cwd", "memory_info"]):
                cwd = proc.info.get("cwd") or ""
                owner = next((h for h in homes if cwd == h or cwd.startswith(h + os.sep)), None)
                if owner and proc.info.get("memory_info"):
                    totals[owner] = totals.get(owner, 0.0) + proc.info["memory_info"].rss / 2**20
            for home, megabytes in totals.items():
                homes[home].peak_mb = max(homes[home].peak_mb, megabytes)
            stop.wait(0.25)

    # -- stopping -----------------------------------------------------------------------------------
    def stop(self) -> str:
        """Stop every server, the hub and the proxy, any process left in a learner's home; remove the folder."""
        if self.process is not None and self.process.poll() is None:
            for learner in self.learners:
                with contextlib.suppress(Exception):
                    api(f"{self.url}/hub/api/users/{learner.name}/server", self.token, "DELETE", timeout=10)
        leftovers = self._processes_in_base()
        if self.process is not None:
            _kill_group(self.process, leftovers)
        self._kill(self._processes_in_base())
        left = self._processes_in_base()
        shutil.rmtree(self.base, ignore_errors=True)
        if left:
            raise HubSmokeFailed(f"processes left running: {sorted(left)}")
        return "hub, proxy, servers and kernels stopped; temporary folder removed"

    def _processes_in_base(self) -> set[int]:
        import psutil

        found = set()
        for proc in psutil.process_iter(["cwd", "cmdline"]):
            cwd = proc.info.get("cwd") or ""
            cmdline = " ".join(proc.info.get("cmdline") or [])
            if cwd.startswith(str(self.base)) or str(self.base) in cmdline:
                found.add(proc.pid)
        found.discard(os.getpid())
        return found

    @staticmethod
    def _kill(pids: set[int]) -> None:
        import psutil

        procs = []
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                proc = psutil.Process(pid)
                proc.kill()
                procs.append(proc)
        psutil.wait_procs(procs, timeout=5)

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join((self.base / "hub.log").read_text(errors="replace").splitlines()[-lines:])
        return "(no hub log)"


def run(users: int = 5, boot_timeout: float = 90.0, spawn_timeout: float = 180.0, learner_timeout: float = 300.0,
        out=sys.stdout) -> HubRun:
    """Run every step; raises :class:`HubSmokeFailed` (after stopping everything) when one fails."""
    hub = HubRun(users, out)
    steps = [("config", hub.configure), ("boot", lambda: hub.boot(boot_timeout)),
             ("spawn", lambda: hub.spawn(spawn_timeout)), ("learners", lambda: hub.run_learners(learner_timeout)),
             ("checks", hub.check)]
    try:
        for name, step in steps:
            started = time.monotonic()
            detail = step()
            print(f"✔ {name:<9} {time.monotonic() - started:6.1f} s  {detail}", file=out, flush=True)
    finally:
        started = time.monotonic()
        detail = hub.stop()
        print(f"✔ {'stop':<9} {time.monotonic() - started:6.1f} s  {detail}", file=out, flush=True)
    return hub


def report(hub: HubRun) -> str:
    """Per-learner time and peak memory, and what a workshop hub needs."""
    lines = ["learner      time (s)  peak memory (MB, server + kernel)"]
    lines += [f"{learner.name:<12} {learner.seconds:8.1f}  {learner.peak_mb:8.0f}" for learner in hub.learners]
    peaks = [learner.peak_mb for learner in hub.learners]
    worst = max(peaks) if peaks else 0.0
    per_gb = int(1024 // worst) if worst else 0
    lines.append(f"{len(hub.learners)} learners at once: max {max(learner.seconds for learner in hub.learners):.1f} s, "
                 f"peak {worst:.0f} MB per learner → about {per_gb} learners per GB "
                 f"(TLJH sizing: learners × {worst:.0f} MB + 128 MB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab.kit.hub_smoke [--users N]``: exit 0 all good, 1 a step failed, 128+n on a signal."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.hub_smoke", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("HUB_USERS", "5")),
                        help="learners at once (default 5, or $HUB_USERS)")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 40:
        print("hub-smoke: --users must be 1 to 40", file=sys.stderr)
        return 2
    try:
        with stop_signals_handled():
            hub = run(args.users)
    except Stopped as stopped:
        print(f"hub-smoke stopped by {stopped.signal_name}: everything it started was stopped", file=sys.stderr)
        return stopped.exit_code
    except HubSmokeFailed as exc:
        print(f"✘ hub-smoke failed: {exc}", file=sys.stderr)
        return 1
    print(report(hub))
    return 0


if __name__ == "__main__":
    sys.exit(main())
