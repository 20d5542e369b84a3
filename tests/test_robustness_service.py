"""Robustness of the demo service and the smoke engine: odd clients, odd checks, odd suites, Ctrl-C.

Nothing here may hang, leak a thread or a socket, or escape as a traceback from the standard library.
"""

from __future__ import annotations

import _thread
import json
import socket
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from mesh_lab.errors import MeshLabError
from mesh_lab.pipeline import run_pipeline
from mesh_lab.service import DemoService, ServiceError
from mesh_lab.smoke import SmokeCheck, SmokeSuite, Target, smoke_release


@pytest.fixture()
def service(tmp_path):
    with DemoService(workdir=tmp_path) as svc:
        yield svc


def demo_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(("demo-service", "smoke-check"))]


def raw(port: int, data: bytes, *, half_close: bool = False, timeout: float = 10.0) -> tuple[int, dict]:
    """Send bytes as they are; return the status and the JSON body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(data)
        if half_close:
            conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


# ---------------------------------------------------------------------------------------------- the service
def test_a_body_that_never_arrives_gets_408_not_a_500(service, monkeypatch):
    from mesh_lab import service as service_module

    monkeypatch.setattr(service_module._Handler, "timeout", 0.5)  # 5 s in real life; a test need not wait
    started = time.perf_counter()
    status, body = raw(service.port, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    assert status == 408 and body["error"] == "the body did not arrive within 0.5 s (Content-Length said 100 bytes)"
    assert time.perf_counter() - started < 3  # the handler's own timeout, not forever


def test_a_body_shorter_than_its_content_length_is_a_400_that_says_so(service):
    status, body = raw(service.port, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"user\"",
                       half_close=True)
    assert status == 400 and body["error"] == "the body ended after 7 of the 50 bytes Content-Length announced"


def test_deeply_nested_json_is_a_400_not_a_recursion_error(service):
    nested = b"[" * 15000
    status, body = raw(service.port, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s"
                       % (len(nested), nested))
    assert status == 400 and "nested too deeply" in body["error"]


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n", 431),
    (b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 150 + b"\r\n", 431),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
])
def test_very_long_headers_and_urls_get_a_json_4xx(service, request_bytes, status):
    assert raw(service.port, request_bytes)[0] == status
    assert urllib.request.urlopen(f"{service.base_url}/health", timeout=2).status == 200  # still serving


def test_concurrent_requests_and_stalled_clients_do_not_block_others_or_leak(tmp_path):
    svc = DemoService(workdir=tmp_path).start()
    port = svc.port
    stalled = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    try:
        for conn in stalled:  # slowloris: a request line, then nothing
            conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda _: urllib.request.urlopen(f"{svc.base_url}/health", timeout=3).status,
                                     range(32)))
        assert statuses == [200] * 32
        started = time.perf_counter()
        svc.stop()  # hangs up on the stalled clients instead of waiting for them
        assert time.perf_counter() - started < 2
    finally:
        svc.stop()
        for conn in stalled:
            conn.close()
    assert demo_threads() == []
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# ---------------------------------------------------------------------------------------------- odd checks
def run_one(func, service, **kwargs):
    return SmokeSuite("s", [SmokeCheck("c", "health", func, **kwargs)]).run(service, warn=False).results[0]


def test_a_check_that_returns_false_fails_and_says_to_use_assert(service):
    result = run_one(lambda target: target.get("/health").status == 503, service)
    assert result.status == "fail" and "use assert" in result.message


def test_a_check_that_returns_a_non_string_passes_with_its_text(service):
    result = run_one(lambda target: {"status": target.get("/health").status}, service)
    assert (result.status, result.message) == ("pass", "{'status': 200}")


def test_an_async_or_generator_check_is_an_error_not_a_silent_pass(service):
    async def async_check(target):
        raise AssertionError("never runs")

    def generator_check(target):
        yield target.get("/health")

    for func, word in ((async_check, "async"), (generator_check, "a generator")):
        result = run_one(func, service)
        assert result.status == "error" and f"is {word}" in result.message and "plain def" in result.message


def test_a_check_whose_value_or_exception_cannot_be_printed_still_gives_a_result(service):
    class Unprintable(Exception):
        def __str__(self):
            raise ValueError("no text")

    def raises(target):
        raise Unprintable()

    class Value:
        def __str__(self):
            raise ValueError("no text")

    assert run_one(raises, service).status == "error"
    assert "cannot be shown" in run_one(lambda target: Value(), service).message


def test_a_huge_message_is_cut(service):
    result = run_one(lambda target: "x" * 1_000_000, service)
    assert result.status == "pass" and len(result.message) <= 500 and result.message.endswith("…")


def test_a_check_that_calls_sys_exit_is_an_error_that_says_so(service):
    import sys

    result = run_one(lambda target: sys.exit(3), service)
    assert result.status == "error" and "called sys.exit(3)" in result.message


def test_ctrl_c_during_a_smoke_run_leaves_no_service_or_thread_running():
    def press_ctrl_c(target):
        _thread.interrupt_main()  # what a KeyboardInterrupt from the notebook does to the waiting thread
        time.sleep(0.5)

    suite = SmokeSuite("s", [SmokeCheck("c", "health", press_ctrl_c)])
    with pytest.raises(KeyboardInterrupt):
        smoke_release("healthy", suite=suite)
    time.sleep(0.6)
    assert demo_threads() == []


def test_ctrl_c_during_the_deploy_smoke_of_a_pipeline_stops_the_live_release():
    calls = []

    def boots(target):
        target.service.start()
        calls.append(target.service)
        if target.service.environment == "live":
            _thread.interrupt_main()
            time.sleep(0.5)

    suite = SmokeSuite("s", [SmokeCheck("boots", "boot", boots)])
    with pytest.raises(KeyboardInterrupt):
        run_pipeline("healthy", suite=suite)
    time.sleep(0.6)
    assert [s.environment for s in calls] == ["sandbox", "live"]
    assert not any(s.running for s in calls) and demo_threads() == []


def test_a_typo_in_the_previous_release_is_caught_before_anything_is_deployed():
    with pytest.raises(ServiceError, match="unknown release 'helthy'"):
        run_pipeline("broken_login", previous="helthy")
    assert demo_threads() == []


# ---------------------------------------------------------------------------------------------- odd suites
def test_a_suite_with_no_checks_fails_and_says_why(service):
    run = SmokeSuite("empty").run(service)
    assert not run.passed and "has no checks" in run.summary()


@pytest.mark.parametrize("kwargs, words", [
    ({"timeout": float("inf")}, "timeout must be a positive number"),
    ({"timeout": float("nan")}, "timeout must be a positive number"),
    ({"timeout": True}, "timeout must be a positive number"),
])
def test_a_timeout_that_cannot_be_waited_for_is_refused(kwargs, words):
    with pytest.raises(MeshLabError, match=words):
        SmokeCheck("c", "health", lambda target: None, **kwargs)


@pytest.mark.parametrize("name", [3, "", "  ", None])
def test_a_check_needs_a_text_name(name):
    with pytest.raises(MeshLabError, match="needs a name"):
        SmokeCheck(name, "health", lambda target: None)


@pytest.mark.parametrize("checks, words", [
    (SmokeCheck("c", "health", lambda target: None), "got one check on its own"),
    (None, "got NoneType"),
    ("checks", "got str"),
])
def test_checks_that_are_not_a_list_say_how_to_write_them(checks, words):
    with pytest.raises(MeshLabError, match=words):
        SmokeSuite("s", checks)


@pytest.mark.parametrize("budget", [float("nan"), float("inf"), "5", 0])
def test_a_budget_that_is_not_a_finite_positive_number_is_refused(budget):
    with pytest.raises(MeshLabError, match="budget_s must be a positive number"):
        SmokeSuite("s", [], budget_s=budget)


def test_duplicate_check_names_are_refused():
    check = SmokeCheck("c", "health", lambda target: None)
    with pytest.raises(MeshLabError, match=r"repeated: \['c'\]"):
        SmokeSuite("s", [check, check])


@pytest.mark.parametrize("path, url_end, status", [("health", "/health", 200), ("/health?x= y", "/health?x=%20y", 200),
                                                   ("/hé", "/h%C3%A9", 404)])
def test_target_paths_without_slash_with_spaces_or_accents_are_sent(service, path, url_end, status):
    answer = Target(service.base_url).get(path)
    assert answer.url.endswith(url_end) and answer.status == status


# ---------------------------------------------------------------------------------------------- bursts and trickles
def timed_health(base_url: str, start: threading.Barrier) -> tuple[int, float]:
    start.wait(timeout=10)
    began = time.perf_counter()
    with urllib.request.urlopen(f"{base_url}/health", timeout=10) as answer:
        return answer.status, time.perf_counter() - began


def test_64_clients_at_once_are_all_answered_quickly(service):
    """With the stdlib's backlog of 5 the kernel drops connections in a burst, and a dropped one is
    retried after 1 s (then 3 s): far longer than a smoke check waits."""
    clients = 64
    start = threading.Barrier(clients)
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda _: timed_health(service.base_url, start), range(clients)))
    assert [status for status, _ in answers] == [200] * clients
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 1.0, f"the slowest of {clients} clients waited {slowest:.2f} s (a connection retry takes 1 s)"


def trickle(conn: socket.socket, data: bytes, every_s: float, stop: threading.Event) -> None:
    """Send ``data`` one byte at a time (a slowloris client), until it is sent, refused or stopped."""
    for byte in data:
        if stop.wait(every_s):
            return
        try:
            conn.sendall(bytes([byte]))
        except OSError:
            return


def seconds_until_answered_or_closed(port: int, data: bytes, every_s: float, limit_s: float) -> tuple[float, bytes]:
    stop = threading.Event()
    with socket.create_connection(("127.0.0.1", port), timeout=limit_s) as conn:
        sender = threading.Thread(target=trickle, args=(conn, data, every_s, stop), daemon=True)
        started = time.perf_counter()
        sender.start()
        answer = b""
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # the server hung up while bytes were still coming: also the end of the connection
        except TimeoutError:
            raise AssertionError(f"the connection was still held after {limit_s} s of trickling") from None
        finally:
            stop.set()
            sender.join()
        return time.perf_counter() - started, answer


@pytest.mark.parametrize("data", [b"GET /health HTTP/1.0\r\nX-Slow: " + b"a" * 200,
                                  b"GET /health?" + b"a" * 200],
                         ids=["headers trickling", "request line trickling"])
def test_a_client_trickling_its_request_is_cut_off_at_the_deadline_with_408(service, monkeypatch, data):
    from mesh_lab import service as service_module

    monkeypatch.setattr(service_module._Handler, "header_deadline_s", 1.0, raising=False)  # 5 s in real life
    seconds, answer = seconds_until_answered_or_closed(service.port, data, every_s=0.1, limit_s=6)
    assert seconds < 2.5, f"held for {seconds:.1f} s"
    if answer:  # the answer can be lost when the server hangs up on a client still sending
        assert answer.startswith(b"HTTP/1.0 408 ") and b"did not arrive within 1 s" in answer, answer
    assert urllib.request.urlopen(f"{service.base_url}/health", timeout=2).status == 200


@pytest.mark.slow
def test_one_byte_a_second_cannot_hold_a_connection_for_20_s(service):
    seconds, _ = seconds_until_answered_or_closed(service.port, b"GET /health HTTP/1.0\r\nX: " + b"a" * 30,
                                                  every_s=1.0, limit_s=12)
    assert 4.5 < seconds < 7.5, f"held for {seconds:.1f} s; the deadline is 5 s"
