"""``python -m mesh_lab kit-smoke`` (``make smoke``): the kit smoke-tests itself.

Exactly what the seed calls a smoke test — small, fast, critical path only:

1. **boot**    start JupyterLab headless on 127.0.0.1, OS-chosen port, generated token;
2. **health**  ``/api/status`` answers within a deadline;
3. **auth**    a request without the token is refused (token auth is on);
4. **served**  the contents API lists the notebooks;
5. **kernel**  a ``python3`` kernel starts;
6. **journey** the kernel runs ``import mesh_lab; print(mesh_lab.__version__)`` over the server's
   websocket and prints this kit's version;
7. **stop**    kernel and server stop cleanly.

One line per step with its time. On failure the failing step is named, everything started is
stopped (the whole process group), and the exit code is 1.

Stopping it from outside — Ctrl-C (SIGINT), ``timeout`` or a CI runner (SIGTERM), a closed
terminal (SIGHUP) — is handled the same way: JupyterLab and its kernel are stopped, the temporary
folder is removed, and one line says what happened (``kit-smoke stopped by SIGTERM: ...``), exit
code 128 + the signal's number, never a traceback. The token reaches JupyterLab through the
``JUPYTER_TOKEN`` environment variable, never its command line (which every local user can read).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from mesh_lab import __version__
from mesh_lab.paths import PROJECT_ROOT

HOST = "127.0.0.1"
BUDGET_SECONDS = 30.0  # the seed: if it takes much longer, it is not a smoke test any more
JOURNEY_CODE = "import mesh_lab; print(mesh_lab.__version__)"


class StepFailed(Exception):
    """A smoke step did not do what it should; the message says what was found."""


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    message: str


@dataclass
class SmokeReport:
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    @property
    def failed_step(self) -> str | None:
        return next((step.name for step in self.steps if not step.ok), None)


@dataclass
class LabServer:
    """A JupyterLab process we started, with what we need to talk to it and stop it."""

    process: subprocess.Popen
    runtime_dir: Path
    token: str
    log_path: Path
    port: int | None = None

    def __str__(self) -> str:
        return f"started {Path(str(self.process.args[0])).name} ... (pid {self.process.pid})"

    def url(self, path: str, with_token: bool = True) -> str:
        query = f"?token={self.token}" if with_token else ""
        return f"http://{HOST}:{self.port}{path}{query}"

    def log_tail(self, lines: int = 8) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])


# --- steps -----------------------------------------------------------------------------------------


def default_lab_command() -> list[str]:
    return [sys.executable, "-m", "jupyterlab"]


def start_lab(lab_command: list[str], workdir: Path, root_dir: Path) -> LabServer:
    """Start JupyterLab in its own process group, with private config/runtime folders.

    The generated token is passed in the ``JUPYTER_TOKEN`` environment variable (readable only by
    this user), never as a command-line argument.
    """
    token = secrets.token_hex(24)
    runtime_dir = workdir / "runtime"
    runtime_dir.mkdir()
    env = {
        **os.environ,
        "JUPYTER_TOKEN": token,  # the environment, not the command line: `ps` shows argv to everyone
        "JUPYTER_RUNTIME_DIR": str(runtime_dir),
        "JUPYTER_CONFIG_DIR": str(workdir / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "lab-workspaces"),
        "IPYTHONDIR": str(workdir / "ipython"),
        "MPLBACKEND": "Agg",
        "PYTHONUNBUFFERED": "1",
    }
    args = [
        f"--ServerApp.ip={HOST}", "--ServerApp.port=0", "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False", f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.shutdown_no_activity_timeout=120",
        "--LabApp.extension_manager=readonly",  # no PyPI look-ups: the smoke test stays offline
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--ServerApp.allow_root=True")  # CI containers run as root
    log_path = workdir / "lab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([*lab_command, *args], stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, cwd=str(root_dir),
                                   **_new_process_group())
    return LabServer(process, runtime_dir, token, log_path)


def wait_for_port(server: LabServer, deadline: float) -> str:
    """Wait until the server writes its runtime file (it names the port the OS chose)."""
    while time.monotonic() < deadline:
        _raise_if_exited(server)
        for info_file in server.runtime_dir.glob("jpserver-*.json"):
            try:
                info = json.loads(info_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # being written right now
            server.port = int(info["port"])
            return f"JupyterLab pid {server.process.pid} listening on {HOST}:{server.port}"
        time.sleep(0.1)
    raise StepFailed(f"JupyterLab did not start listening in time. Last log lines:\n{server.log_tail()}")


def wait_for_status(server: LabServer, deadline: float) -> str:
    """``/api/status`` must answer 200 before the deadline."""
    last = "no answer yet"
    while time.monotonic() < deadline:
        _raise_if_exited(server)
        try:
            status, body = http(server.url("/api/status"), timeout=2)
            if status == 200:
                return f"/api/status 200, {json.loads(body).get('kernels', 0)} kernels running"
            last = f"HTTP {status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.1)
    raise StepFailed(f"/api/status did not answer 200 in time (last: {last})")


def check_token_required(server: LabServer) -> str:
    """Without the token the API must refuse (403): JupyterLab keeps its token auth."""
    status, _ = http(server.url("/api/contents", with_token=False), timeout=5)
    if status != 403:
        raise StepFailed(f"the API answered HTTP {status} without a token; expected 403 (auth must stay on)")
    return "no token → 403, as it should"


def check_notebooks_served(server: LabServer, expected: str = "00_start_here.ipynb") -> str:
    """The contents API must list the notebooks folder, including the start notebook."""
    status, body = http(server.url("/api/contents/notebooks"), timeout=10)
    if status != 200:
        raise StepFailed(f"GET /api/contents/notebooks answered HTTP {status}")
    entries = json.loads(body).get("content") or []
    names = [entry["name"] for entry in entries]
    if expected not in names:
        raise StepFailed(f"{expected} is not served; the notebooks folder lists: {', '.join(names) or 'nothing'}")
    notebooks = sum(entry["type"] == "notebook" for entry in entries)
    folders = sum(entry["type"] == "directory" for entry in entries)
    return f"notebooks/ lists {expected} (+{notebooks - 1} notebooks, {folders} folders)"


def start_kernel(server: LabServer) -> str:
    """Start a python3 kernel through the REST API; return its id."""
    status, body = http(server.url("/api/kernels"), method="POST", data={"name": "python3"}, timeout=20)
    if status not in (200, 201):
        raise StepFailed(f"POST /api/kernels answered HTTP {status}: {body[:200]!r}")
    return json.loads(body)["id"]


def run_journey(server: LabServer, kernel_id: str, deadline: float) -> str:
    """Execute the journey code through the kernel's websocket; it must print this kit's version."""
    import websocket  # websocket-client, a dependency of jupyter_server

    ws_url = f"ws://{HOST}:{server.port}/api/kernels/{kernel_id}/channels?token={server.token}"
    sock = websocket.create_connection(ws_url, timeout=max(1.0, deadline - time.monotonic()))
    try:
        msg_id = uuid.uuid4().hex
        sock.send(json.dumps(execute_request(msg_id, JOURNEY_CODE)))
        printed, reply = collect_output(sock, msg_id, deadline)
    finally:
        sock.close()
    if reply.get("status") != "ok":
        raise StepFailed(f"the kernel raised {reply.get('ename')}: {reply.get('evalue')}")
    if printed.strip() != __version__:
        raise StepFailed(f"the kernel printed {printed.strip()!r}; expected mesh_lab {__version__}")
    return f"kernel printed mesh_lab {printed.strip()}"


def execute_request(msg_id: str, code: str) -> dict:
    """A Jupyter messaging-protocol execute_request, as the websocket's JSON form expects it."""
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "kit-smoke",
              "session": uuid.uuid4().hex, "date": "", "version": "5.3"}
    content = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}


def collect_output(sock, msg_id: str, deadline: float) -> tuple[str, dict]:
    """Read messages until the execute_reply and the idle status for our request have arrived."""
    import websocket

    printed, reply, idle = [], None, False
    while reply is None or not idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StepFailed("the kernel did not answer in time")
        sock.settimeout(remaining)
        try:
            raw = sock.recv()
        except websocket.WebSocketTimeoutException:
            raise StepFailed("the kernel did not answer in time") from None
        if isinstance(raw, bytes):  # a message with binary buffers (a widget's image): never ours to read
            continue
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream" and message["content"].get("name") == "stdout":
            printed.append(message["content"]["text"])
        elif kind == "execute_reply":
            reply = message["content"]
        elif kind == "status" and message["content"].get("execution_state") == "idle":
            idle = True
    return "".join(printed), reply


def stop_kernel(server: LabServer, kernel_id: str) -> str:
    status, _ = http(server.url(f"/api/kernels/{kernel_id}"), method="DELETE", timeout=10)
    if status != 204:
        raise StepFailed(f"DELETE /api/kernels/{kernel_id} answered HTTP {status}")
    return "kernel stopped"


def stop_server(server: LabServer, grace: float = 5.0) -> str:
    """Ask the server to shut down; then end its process group and its kernels. Never raises."""
    process = server.process
    kernels = lab_processes(server) - {process.pid}  # while the server lives, kernels are its children
    if process.poll() is None and server.port is not None:
        try:
            http(server.url("/api/shutdown"), method="POST", timeout=3)
        except OSError:
            pass
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    clean = process.poll() is not None
    _kill_group(process, kernels | lab_processes(server))
    return "server stopped cleanly" if clean else "server did not stop when asked: its process group was killed"


def stop_now(server: LabServer) -> None:
    """End the server and its kernels at once, without asking (Ctrl-C, SIGTERM, SIGHUP). Never raises."""
    _kill_group(server.process, lab_processes(server))


def lab_processes(server: LabServer) -> set[int]:
    """PIDs of the server, everything it started, and any kernel with a connection file in its runtime folder.

    Kernels run in sessions of their own (jupyter_client starts them so), so killing the server's
    process group misses them; their command line names their connection file in the runtime
    folder, which also finds a kernel whose server has already died.
    """
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, ppid, _ in table:
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    pending = [server.process.pid]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    if server.runtime_dir.is_absolute():  # a relative one could match any kernel on the machine
        marker = str(server.runtime_dir / "kernel-")  # a kernel's connection file: <runtime>/kernel-<id>.json
        found |= {pid for pid, _, command in table if marker in command}
    if server.process.poll() is None:
        found.add(server.process.pid)
    found.discard(os.getpid())
    return found


# --- plumbing --------------------------------------------------------------------------------------


def http(url: str, method: str = "GET", data: dict | None = None, timeout: float = 5) -> tuple[int, str]:
    """One HTTP request to the local server: (status, body). HTTP errors are answers, not exceptions."""
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"kit-smoke only talks to {HOST}, not {url}")
    payload = json.dumps(data).encode() if data is not None else (b"" if method == "POST" else None)
    request = urllib.request.Request(url, data=payload, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _raise_if_exited(server: LabServer) -> None:
    code = server.process.poll()
    if code is not None:
        raise StepFailed(f"JupyterLab exited with code {code}. Last log lines:\n{server.log_tail() or '(no output)'}")


def _new_process_group() -> dict:
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _kill_group(process: subprocess.Popen, others: set[int] | frozenset[int] = frozenset()) -> None:
    """End the process, its process group, and the process groups of ``others`` (its kernels)."""
    if os.name == "nt":
        for pid in others:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        if process.poll() is None:
            process.kill()
    else:
        groups = {process.pid} | _groups_of(others)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for group in groups:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, sig)
            if _all_gone(process, others, timeout=3.0):
                break
        for group in groups:  # a last SIGKILL reaches any straggler left in a group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        pass


def _groups_of(pids: set[int] | frozenset[int]) -> set[int]:
    """The process groups of ``pids`` that are still alive, never the group kit-smoke itself is in."""
    groups = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            groups.add(os.getpgid(pid))
    groups.discard(os.getpgrp())
    return groups


def _all_gone(process: subprocess.Popen, others: set[int] | frozenset[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None and not any(_running(pid) for pid in others):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (an ended process its parent has not reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _process_table() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every visible process: psutil if installed, else /proc."""
    try:
        import psutil
    except ImportError:
        return _proc_table()
    table = []
    for proc in psutil.process_iter(["pid", "ppid", "cmdline"]):
        info = proc.info
        table.append((info["pid"], info["ppid"] or 0, " ".join(info["cmdline"] or [])))
    return table


def _proc_table() -> list[tuple[int, int, str]]:
    table: list[tuple[int, int, str]] = []
    root = Path("/proc")
    if not root.is_dir():
        return table
    for entry in root.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError, IndexError):
            continue
        table.append((int(entry.name), ppid, command))
    return table


# --- stopping from outside: Ctrl-C, SIGTERM, SIGHUP ---------------------------------------------

STOP_SIGNALS: tuple[int, ...] = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                                      if hasattr(signal, name))


class Stopped(BaseException):
    """kit-smoke was told to stop by a signal (Ctrl-C, SIGTERM, SIGHUP). Not an ``Exception``: no step
    may catch it as its own failure."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def signal_name(self) -> str:
        name = signal.Signals(self.signum).name
        return f"Ctrl-C ({name})" if self.signum == signal.SIGINT else name

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a command ended by that signal."""
        return 128 + self.signum


class _StopSignals:
    """The signal handler: raises ``Stopped`` once, or later when inside a ``held()`` block."""

    def __init__(self) -> None:
        self.pending: int | None = None
        self.received: int | None = None  # the first stop signal, even if its Stopped got swallowed
        self.depth = 0
        self.stopping = False

    def __call__(self, signum: int, frame) -> None:
        self.received = self.received or signum
        if self.stopping:
            return  # already stopping: the clean-up under way is what was asked for
        if self.depth:
            self.pending = self.pending or signum
            return
        self.stopping = True
        raise Stopped(signum)

    @contextlib.contextmanager
    def held(self):
        """A signal arriving inside this block is raised at its end (the block must not be cut)."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth and self.pending is not None and not self.stopping:
                self.stopping = True
                raise Stopped(self.pending)


_signals: _StopSignals | None = None


def _held():
    return _signals.held() if _signals is not None else contextlib.nullcontext()


@contextlib.contextmanager
def stop_signals_handled():
    """Inside this block, SIGINT, SIGTERM and SIGHUP raise ``Stopped`` (main thread only).

    A signal already ignored (``nohup``, a background job) stays ignored.
    """
    global _signals
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = _StopSignals()
    previous = {}
    for sig in STOP_SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_IGN:
            previous[sig] = signal.signal(sig, handler)
    _signals = handler
    try:
        yield
    finally:
        handler.stopping = True  # a signal from now on finds nothing left to stop: no traceback for it
        for sig, old in previous.items():
            signal.signal(sig, old)
        _signals = None


class _Runner:
    """Runs named steps, timing each and printing one line per step."""

    def __init__(self, out):
        self.out = out
        self.report = SmokeReport()

    def step(self, name: str, action, describe=str):
        start = time.perf_counter()
        try:
            value = action()
        except Exception as exc:  # any failure is this step's failure, reported by name
            seconds = time.perf_counter() - start
            message = str(exc) if isinstance(exc, StepFailed) else f"{type(exc).__name__}: {exc}"
            self.report.steps.append(StepResult(name, False, seconds, message))
            self._print("✘", name, seconds, message)
            raise StepFailed(message) from exc
        seconds = time.perf_counter() - start
        message = describe(value)
        self.report.steps.append(StepResult(name, True, seconds, message))
        self._print("✔", name, seconds, message)
        return value

    def _print(self, mark: str, name: str, seconds: float, message: str) -> None:
        print(f"{mark} {name:<8} {seconds:6.2f} s  {message}", file=self.out, flush=True)


def run(lab_command: list[str] | None = None, root_dir: Path = PROJECT_ROOT, boot_timeout: float = BUDGET_SECONDS,
        kernel_timeout: float = 10.0, out=None) -> SmokeReport:
    """Run every step; stop kernel and server and remove the temporary folder whatever happens.

    Returns the report. A ``Stopped`` (or ``KeyboardInterrupt``) raised meanwhile propagates once
    everything is stopped and removed.
    """
    out = out or sys.stdout
    runner = _Runner(out)
    command = lab_command or default_lab_command()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="mesh-lab-smoke-"))
    server: LabServer | None = None
    kernel_id: str | None = None
    interrupted = False
    try:
        with _held():  # a signal between Popen and this assignment would leave a server nobody knows about
            server = runner.step("launch", lambda: start_lab(command, tmp, root_dir))
        boot_deadline = time.monotonic() + boot_timeout
        runner.step("boot", lambda: wait_for_port(server, boot_deadline))
        runner.step("health", lambda: wait_for_status(server, boot_deadline))
        runner.step("auth", lambda: check_token_required(server))
        runner.step("served", lambda: check_notebooks_served(server))
        kernel_id = runner.step("kernel", lambda: start_kernel(server),
                                describe=lambda kid: f"python3 kernel {kid} started")
        runner.step("journey", lambda: run_journey(server, kernel_id, time.monotonic() + kernel_timeout))
        runner.step("stop", lambda: _stop_all(server, kernel_id))
        kernel_id = None
    except StepFailed:
        pass
    except BaseException:
        interrupted = True
        raise
    finally:
        with _held():
            if server is not None:
                _clean_up(server, kernel_id, quick=interrupted)
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - started
    if total > BUDGET_SECONDS:
        print(f"⚠ the run took {total:.1f} s, over its {BUDGET_SECONDS:.0f} s budget: a smoke test must stay fast",
              file=out)
    if runner.report.ok:
        print(f"kit smoke test passed in {total:.1f} s", file=out)
    else:
        print(f"kit smoke test FAILED at step '{runner.report.failed_step}' after {total:.1f} s", file=out)
    return runner.report


def _clean_up(server: LabServer, kernel_id: str | None, quick: bool) -> None:
    """Whatever state the run ended in, leave no server and no kernel running."""
    if quick:
        stop_now(server)
        return
    if server.process.poll() is None and kernel_id is not None:
        try:
            stop_kernel(server, kernel_id)
        except Exception:
            pass  # the kill below ends it anyway
    stop_server(server)


def _stop_all(server: LabServer, kernel_id: str) -> str:
    kernel = stop_kernel(server, kernel_id)
    stopped = stop_server(server)
    if "cleanly" not in stopped:
        raise StepFailed(stopped)
    return f"{kernel}, {stopped}"


def split_lab_command(text: str | None) -> list[str] | None:
    """``--lab-command`` as words (shell quoting rules); ``ValueError`` with a one-line reason."""
    if text is None:
        return None
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ValueError(f"--lab-command {text!r} cannot be split into words ({exc}); quote it as in a shell, "
                         f"e.g. --lab-command \"python -m jupyterlab\"") from None
    if not words:
        raise ValueError("--lab-command is empty; leave it out to use this Python's JupyterLab")
    return words


def main(argv: list[str] | None = None) -> int:
    """Command line: exit 0 when every step passed, 1 when one failed, 2 for a bad argument,
    128 + the signal's number when stopped by Ctrl-C, SIGTERM or SIGHUP."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab kit-smoke",
                                     description="Smoke-test the kit: boot JupyterLab, check it serves, run a kernel.")
    parser.add_argument("--lab-command", help="command that starts JupyterLab (default: this Python -m jupyterlab); "
                                              "server options are appended")
    parser.add_argument("--boot-timeout", type=float, default=BUDGET_SECONDS,
                        help="seconds allowed for boot + health (a busy machine boots JupyterLab slowly)")
    parser.add_argument("--kernel-timeout", type=float, default=10.0, help="seconds allowed for the journey")
    args = parser.parse_args(argv or [])
    try:
        command = split_lab_command(args.lab_command)
    except ValueError as exc:
        print(f"kit-smoke: {exc}", file=sys.stderr)
        return 2
    with stop_signals_handled():
        try:
            report = run(command, boot_timeout=args.boot_timeout, kernel_timeout=args.kernel_timeout)
            received = _signals.received if _signals is not None else None
            if received:  # a signal whose Stopped was swallowed (raised inside a finaliser): still a stop
                raise Stopped(received)
            return 0 if report.ok else 1
        except (Stopped, KeyboardInterrupt) as exc:
            stop = exc if isinstance(exc, Stopped) else Stopped(signal.SIGINT)
            print(f"kit-smoke stopped by {stop.signal_name}: JupyterLab and its kernel were stopped and the "
                  f"temporary files removed", file=sys.stderr, flush=True)
            return stop.exit_code
