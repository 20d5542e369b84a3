"""`python -m mesh_lab kit-smoke`: passes on a working kit; names the failing step and leaves no process."""

from __future__ import annotations

import io
import shlex
import sys
import uuid

import psutil
import pytest

from mesh_lab.kit import lab_smoke as kit_smoke

STEPS = ["launch", "boot", "health", "auth", "served", "kernel", "journey", "stop"]


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
    report = kit_smoke.run(out=out)
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
    report = kit_smoke.run(out=out)
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
