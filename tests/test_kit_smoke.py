"""`python -m mesh_lab kit-smoke`: passes on a working kit; names the failing step and leaves no process."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from mesh_lab.kit import lab_smoke as kit_smoke

STEPS = ["launch", "boot", "health", "auth", "served", "kernel", "journey", "stop"]
BUSY_MACHINE_BOOT_S = 60.0  # JupyterLab boots in ~4 s, but in 15-20 s on a busy 2-core CI machine


def _processes_with(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if any(marker in part for part in process.info["cmdline"] or []):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _children_of_this_test() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


@pytest.mark.slow
def test_a_working_kit_passes_every_step_and_stops_everything():
    before = _children_of_this_test()
    out = io.StringIO()
    report = kit_smoke.run(out=out, boot_timeout=BUSY_MACHINE_BOOT_S)
    text = out.getvalue()
    assert report.ok, text
    assert [step.name for step in report.steps] == STEPS
    assert "kernel printed mesh_lab " + kit_smoke.__version__ in text
    assert "no token → 403" in text
    step_lines = [line for line in text.splitlines() if line[:1] in "✔✘"]
    assert len(step_lines) == len(STEPS) and all(line[0] == "✔" and " s " in line for line in step_lines), text
    assert "kit smoke test passed" in text
    assert _children_of_this_test() <= before, "JupyterLab or its kernel is still running"


def test_a_server_that_cannot_start_fails_at_boot(capsys):
    command = f"{shlex.quote(sys.executable)} -c 'import sys; print(\"cannot start\"); sys.exit(3)'"
    assert kit_smoke.main(["--lab-command", command, "--boot-timeout", "10"]) == 1
    out = capsys.readouterr().out
    assert "✘ boot" in out
    assert "exited with code 3" in out and "cannot start" in out
    assert "FAILED at step 'boot'" in out


def test_a_server_that_hangs_is_killed_with_everything_it_started(capsys):
    marker = f"mesh-lab-smoke-test-{uuid.uuid4().hex}"
    grandchild = f"import time; time.sleep(120)  # {marker}"
    code = (f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {grandchild!r}]); "
            f"time.sleep(120)  # {marker}")
    command = shlex.join([sys.executable, "-c", code])
    assert kit_smoke.main(["--lab-command", command, "--boot-timeout", "1.5"]) == 1
    out = capsys.readouterr().out
    assert "FAILED at step 'boot'" in out
    assert "did not start listening in time" in out
    assert _processes_with(marker) == [], "a process of the failed run was left behind"


@pytest.mark.slow
def test_a_failing_journey_is_named_and_cleaned_up(monkeypatch):
    monkeypatch.setattr(kit_smoke, "__version__", "0.0.0-not-this-kit")
    before = _children_of_this_test()
    out = io.StringIO()
    report = kit_smoke.run(out=out, boot_timeout=BUSY_MACHINE_BOOT_S)
    text = out.getvalue()
    assert not report.ok
    assert report.failed_step == "journey", text
    assert "expected mesh_lab 0.0.0-not-this-kit" in text
    assert "FAILED at step 'journey'" in text
    server_pid = int(text.split("JupyterLab pid ")[1].split()[0])
    assert not _alive(server_pid)
    assert _children_of_this_test() <= before, "the kernel or server was left running"


def test_only_localhost_is_ever_contacted():
    with pytest.raises(ValueError, match="127.0.0.1"):
        kit_smoke.http("http://example.com/api/status")


def test_execute_request_follows_the_messaging_protocol():
    message = kit_smoke.execute_request("abc", "print(1)")
    assert message["header"]["msg_type"] == "execute_request"
    assert message["header"]["msg_id"] == "abc"
    assert message["channel"] == "shell"
    assert message["content"]["code"] == "print(1)"


# --- stopping from outside (Ctrl-C, SIGTERM, SIGHUP) and the token ---------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _kit_smoke(args: list[str], tmpdir: Path) -> subprocess.Popen:
    """``python -m mesh_lab kit-smoke ARGS`` with a private TMPDIR, so its temporary files can be counted."""
    tmpdir.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "mesh_lab", "kit-smoke", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def _kill_all(processes: list[psutil.Process]) -> None:
    """Test hygiene: whatever the code under test left behind is killed here, never left running."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.kill()


def _fake_lab_command(marker: str, server_then: str = "time.sleep(120)") -> str:
    """A 'JupyterLab' that never listens, and starts a 'kernel' in a session of its own, as
    jupyter_client does, whose command line names a file in the runtime folder."""
    kernel = f"import time; time.sleep(120)  # {marker}"
    code = ("import os, subprocess, sys, time; "
            f"subprocess.Popen([sys.executable, '-c', {kernel!r}, "
            "os.path.join(os.environ['JUPYTER_RUNTIME_DIR'], 'kernel-1.json')], start_new_session=True); "
            f"{server_then}  # {marker}")
    return shlex.join([sys.executable, "-c", code])


@pytest.mark.parametrize("signum, name", [(signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP"),
                                          (signal.SIGINT, "Ctrl-C (SIGINT)")])
def test_a_signal_stops_the_server_and_its_kernel_removes_temp_files_and_says_one_line(tmp_path, signum, name):
    marker = f"mesh-lab-smoke-test-{uuid.uuid4().hex}"
    kit = _kit_smoke(["--lab-command", _fake_lab_command(marker), "--boot-timeout", "60"], tmp_path / "tmp")
    started: list[psutil.Process] = []
    try:
        def server_and_kernel():  # the kit-smoke process itself names the marker too (its --lab-command)
            found = [p for p in _processes_with(marker) if p.pid != kit.pid]
            return found if len(found) == 2 else None

        started = _wait_for(server_and_kernel, 30, "the fake server and its kernel starting")
        kit.send_signal(signum)
        out, err = kit.communicate(timeout=20)
        assert kit.returncode == 128 + signum, (out, err)
        assert err.strip() == (f"kit-smoke stopped by {name}: JupyterLab and its kernel were stopped and "
                               "the temporary files removed"), err
        assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err
        assert [p for p in started if _alive(p.pid)] == [], "the server or its kernel is still running"
        assert list((tmp_path / "tmp").iterdir()) == [], "temporary files were left behind"
    finally:
        kit.kill()
        kit.communicate()
        _kill_all(started + _processes_with(marker))


def test_a_kernel_left_behind_by_a_server_that_died_is_stopped_too(capsys):
    marker = f"mesh-lab-smoke-test-{uuid.uuid4().hex}"
    command = _fake_lab_command(marker, server_then="sys.exit(3)")
    try:
        assert kit_smoke.main(["--lab-command", command, "--boot-timeout", "30"]) == 1
        assert "exited with code 3" in capsys.readouterr().out
        assert _processes_with(marker) == [], "the orphaned kernel is still running"
    finally:
        _kill_all(_processes_with(marker))


def test_only_kernels_of_this_server_are_counted_as_its_processes(tmp_path):
    sleep = "import time; time.sleep(30)"
    server_process = subprocess.Popen([sys.executable, "-c", "pass"])
    server_process.wait()
    other_kernel = subprocess.Popen([sys.executable, "-c", sleep, "/elsewhere/runtime/kernel-1.json"])
    ours = subprocess.Popen([sys.executable, "-c", sleep, str(tmp_path / "runtime" / "kernel-2.json")])
    try:
        for runtime_dir, expected in ((tmp_path / "runtime", {ours.pid}), (Path(), set())):
            server = kit_smoke.LabServer(server_process, runtime_dir, "token", tmp_path / "log")
            assert kit_smoke.lab_processes(server) == expected
    finally:
        for process in (other_kernel, ours):
            process.kill()
            process.wait()


def test_the_token_is_passed_in_the_environment_not_on_the_command_line(tmp_path):
    command = [sys.executable, "-c", "import time; time.sleep(30)"]
    server = kit_smoke.start_lab(command, tmp_path, tmp_path)
    try:
        launched = " ".join(str(word) for word in server.process.args)
        assert server.token not in launched and "IdentityProvider.token" not in launched
        assert psutil.Process(server.process.pid).environ()["JUPYTER_TOKEN"] == server.token
    finally:
        kit_smoke.stop_now(server)
    assert not _alive(server.process.pid)


@pytest.mark.parametrize("lab_command, words", [("python '-m", "cannot be split into words (No closing quotation)"),
                                                ("  ", "--lab-command is empty")])
def test_a_lab_command_that_cannot_be_split_is_a_one_line_error_with_exit_2(capsys, lab_command, words):
    assert kit_smoke.main(["--lab-command", lab_command]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and words in err, err


def test_an_unbalanced_quote_on_the_real_command_line_gives_no_traceback(tmp_path):
    kit = _kit_smoke(["--lab-command", "python '-m"], tmp_path / "tmp")
    out, err = kit.communicate(timeout=30)
    assert kit.returncode == 2
    assert err.startswith("kit-smoke: --lab-command \"python '-m\" cannot be split") and "Traceback" not in err


@pytest.mark.slow
def test_sigterm_while_the_kernel_runs_stops_jupyterlab_and_the_kernel(tmp_path):
    kit = _kit_smoke(["--boot-timeout", str(BUSY_MACHINE_BOOT_S)], tmp_path / "tmp")
    tree: list[psutil.Process] = []
    try:
        def kernel_started():
            assert kit.poll() is None, f"kit-smoke ended before its kernel started: {kit.communicate()}"
            processes = psutil.Process(kit.pid).children(recursive=True)
            cmdlines = [" ".join(p.cmdline()) for p in processes if _alive(p.pid)]
            return processes if any("ipykernel" in line for line in cmdlines) else None

        tree = _wait_for(kernel_started, 90, "a kernel starting")
        server = next(p for p in tree if p.ppid() == kit.pid)
        token = server.environ()["JUPYTER_TOKEN"]
        assert all(token not in " ".join(p.cmdline()) for p in tree), "the token is on a command line"
        kit.send_signal(signal.SIGTERM)
        out, err = kit.communicate(timeout=30)
        assert kit.returncode == 128 + signal.SIGTERM, (out, err)
        assert "kit-smoke stopped by SIGTERM" in err and "Traceback" not in out + err
        assert [p.pid for p in tree if _alive(p.pid)] == [], "JupyterLab or its kernel is still running"
        assert list((tmp_path / "tmp").iterdir()) == [], "temporary files (the token among them) were left behind"
    finally:
        kit.kill()
        kit.communicate()
        _kill_all(tree)


def _processes_using(folder: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if process.pid != os.getpid() and (str(folder) in " ".join(process.cmdline())
                                               or str(folder) in process.environ().get("JUPYTER_RUNTIME_DIR", "")):
                found.append(process)
    return found


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("timeout") is None, reason="needs coreutils' timeout")
def test_a_run_under_timeout_leaves_no_jupyter_process_and_no_temp_file(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    answer = subprocess.run(["timeout", "-s", "TERM", "2", sys.executable, "-m", "mesh_lab", "kit-smoke"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    try:
        assert answer.returncode == 124, answer  # timeout's own code: the command was stopped by it
        assert "kit-smoke stopped by SIGTERM" in answer.stderr and "Traceback" not in answer.stdout + answer.stderr
        assert time.perf_counter() - started < 15
        assert _processes_using(tmpdir) == [], "a JupyterLab process of the stopped run is still running"
        assert list(tmpdir.iterdir()) == [], "temporary files were left behind"
    finally:
        _kill_all(_processes_using(tmpdir))
