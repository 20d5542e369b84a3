"""The demo service: endpoints, bad requests, releases, loopback only, clean shutdown."""

from __future__ import annotations

import copy
import gc
import http.client
import json
import os
import socket
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesh_lab import service as service_module
from mesh_lab.errors import MeshLabError
from mesh_lab.service import (
    DEMO_USER,
    RELEASES,
    BootError,
    DemoService,
    ServiceError,
    UnsafeHostError,
    release_config,
)


def new_threads(before: list[threading.Thread]) -> list[threading.Thread]:
    """Threads alive now that were not alive before (threads that ended meanwhile do not count)."""
    return [t for t in threading.enumerate() if t not in before]


def request(svc: DemoService, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, dict]:
    """One raw HTTP request with http.client: (status, headers, parsed JSON body)."""
    conn = http.client.HTTPConnection("127.0.0.1", svc.port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        raw = answer.read()
        return answer.status, dict(answer.headers), (json.loads(raw) if raw else {})
    finally:
        conn.close()


def login(svc: DemoService, user: str = DEMO_USER["user"], password: str = DEMO_USER["password"]):
    body = json.dumps({"user": user, "password": password}).encode()
    return request(svc, "POST", "/login", body, {"Content-Type": "application/json"})


def read_until_closed(sock: socket.socket) -> str:
    chunks = []
    while chunk := sock.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks).decode()


def still_serving(svc: DemoService) -> bool:
    return request(svc, "GET", "/health")[0] == 200


@pytest.fixture
def healthy():
    with DemoService("healthy") as svc:
        yield svc


# --------------------------------------------------------------------------- endpoints

def test_health_follows_the_ietf_health_check_format(healthy):
    status, headers, body = request(healthy, "GET", "/health")
    assert status == 200
    assert headers["Content-Type"] == "application/health+json"
    assert body["status"] == "pass"
    (db_check,) = body["checks"]["database:responseTime"]
    assert db_check["componentType"] == "datastore"
    assert db_check["status"] == "pass"
    assert db_check["observedUnit"] == "ms"
    assert isinstance(db_check["observedValue"], float) and db_check["observedValue"] >= 0


def test_health_is_warn_with_200_when_the_database_is_slow(healthy, monkeypatch):
    monkeypatch.setattr(service_module, "HEALTH_WARN_MS", -1.0)  # any response time is "slow"
    status, _, body = request(healthy, "GET", "/health")
    assert (status, body["status"]) == (200, "warn")
    assert "slowly" in body["checks"]["database:responseTime"][0]["output"]


def test_version_names_the_release(healthy):
    status, _, body = request(healthy, "GET", "/version")
    assert status == 200
    assert body == {"release": "healthy", "version": "2.4.0", "schema_version": 2, "expected_schema_version": 2}


@pytest.mark.parametrize("release,environment,schema", [("missing_migration", "live", 1),
                                                        ("missing_migration", "sandbox", 2),
                                                        ("db_unreachable", "live", None)])
def test_version_reports_the_schema_the_database_really_has(release, environment, schema):
    with DemoService(release, environment=environment) as svc:
        status, _, body = request(svc, "GET", "/version")
    assert (status, body["schema_version"], body["expected_schema_version"]) == (200, schema, 2)


def test_login_then_dashboard_reads_the_database(healthy):
    status, _, body = login(healthy)
    assert status == 200 and len(body["token"]) == 32
    status, _, board = request(healthy, "GET", "/dashboard", headers={"Authorization": f"Bearer {body['token']}"})
    assert status == 200
    with closing(sqlite3.connect(healthy.db_path)) as conn:
        count, total = conn.execute("SELECT count(*), sum(amount) FROM orders").fetchone()
    assert board == {"user": DEMO_USER["user"], "orders": count, "revenue": round(total, 2)}


def test_the_dashboard_changes_when_the_database_changes(healthy):
    token = login(healthy)[2]["token"]
    with closing(sqlite3.connect(healthy.db_path)) as conn, conn:
        conn.execute("DELETE FROM orders WHERE id > 2")
    board = request(healthy, "GET", "/dashboard", headers={"Authorization": f"Bearer {token}"})[2]
    assert board["orders"] == 2


def test_wrong_password_is_401(healthy):
    status, _, body = login(healthy, password="wrong")
    assert status == 401 and "wrong user or password" in body["error"]


# --------------------------------------------------------------------------- bad requests

BAD_REQUESTS = [
    # (what, method, path, body, headers, expected status, words in the error)
    ("malformed JSON", "POST", "/login", b"{not json", {"Content-Type": "application/json"}, 400, "not valid JSON"),
    ("JSON that is not an object", "POST", "/login", b"[1, 2]", {}, 400, "JSON object"),
    ("missing fields", "POST", "/login", b"{}", {}, 400, "user"),
    ("not UTF-8", "POST", "/login", b"\xff\xfe", {}, 400, "not valid JSON"),
    ("no token", "GET", "/dashboard", None, {}, 401, "missing token"),
    ("wrong token", "GET", "/dashboard", None, {"Authorization": "Bearer nope"}, 401, "unknown or expired token"),
    ("not a bearer token", "GET", "/dashboard", None, {"Authorization": "Basic YWRhOmxvdmVsYWNl"}, 401, "missing token"),
    ("unknown path", "GET", "/admin", None, {}, 404, "no such endpoint"),
    ("wrong method on login", "GET", "/login", None, {}, 405, "only answers POST"),
    ("wrong method on health", "DELETE", "/health", None, {}, 405, "only answers GET"),
    ("PUT", "PUT", "/dashboard", b"{}", {}, 405, "only answers GET"),
    ("oversized declared body", "POST", "/login", None, {"Content-Length": "10000000"}, 413, "too large"),
    ("bad Content-Length", "POST", "/login", None, {"Content-Length": "ten"}, 400, "Content-Length"),
]


@pytest.mark.parametrize("what,method,path,body,headers,expected,words", BAD_REQUESTS,
                         ids=[case[0] for case in BAD_REQUESTS])
def test_bad_requests_get_a_clean_4xx_and_the_server_keeps_serving(healthy, what, method, path, body,
                                                                   headers, expected, words):
    status, answer_headers, answer = request(healthy, method, path, body, headers)
    assert status == expected
    assert answer_headers["Content-Type"] == "application/json"
    assert words in answer["error"]
    assert still_serving(healthy)


def test_wrong_method_names_the_allowed_one(healthy):
    status, headers, _ = request(healthy, "GET", "/login")
    assert status == 405 and headers["Allow"] == "POST"


def test_a_real_oversized_body_is_refused(healthy):
    status, _, body = request(healthy, "POST", "/login", b"x" * (service_module.MAX_BODY_BYTES + 1))
    assert status == 413 and "limit" in body["error"]
    assert still_serving(healthy)


@pytest.mark.parametrize("method,path,expected", [("POST", "/login", 413), ("GET", "/health", 200),
                                                   ("POST", "/nowhere", 404)])
def test_a_big_unread_body_still_gets_its_answer(healthy, method, path, expected):
    for _ in range(5):  # an unread body must not reset the connection before the answer is read
        assert request(healthy, method, path, b"x" * 200_000)[0] == expected
    assert still_serving(healthy)


def test_post_without_content_length_is_411(healthy):
    with socket.create_connection(("127.0.0.1", healthy.port), timeout=5) as sock:
        sock.sendall(b"POST /login HTTP/1.0\r\nHost: x\r\n\r\n")
        answer = read_until_closed(sock)
    assert answer.startswith("HTTP/1.0 411")
    assert still_serving(healthy)


@pytest.mark.parametrize("line,status", [(b"GET /health HTTP/one", "400"), (b"BREW /pot HTTP/1.0", "404"),
                                         (b"BREW /health HTTP/1.0", "405")])
def test_garbage_on_the_wire_gets_a_json_error(healthy, line, status):
    with socket.create_connection(("127.0.0.1", healthy.port), timeout=5) as sock:
        sock.sendall(line + b"\r\n\r\n")
        answer = read_until_closed(sock)
    assert answer.startswith(f"HTTP/1.0 {status}")
    assert '{"error": ' in answer
    assert still_serving(healthy)


@pytest.fixture(scope="module")
def shared_service(tmp_path_factory):
    with DemoService(workdir=tmp_path_factory.mktemp("shared")) as svc:
        yield svc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "BREW", "PROPFIND"]),
       path=st.sampled_from(["/login", "/dashboard", "/health", "/version", "/x", "/login?x=1", "//"]),
       body=st.binary(max_size=300),
       token=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40))
def test_any_request_gets_a_json_answer_below_500_and_the_server_survives(shared_service, method, path,
                                                                          body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, answer_headers, answer = request(shared_service, method, path, body or None, headers)
    assert status < 500
    assert answer_headers["Content-Type"] in {"application/json", "application/health+json"}
    assert still_serving(shared_service)


def test_stop_does_not_wait_forever_for_a_stalled_client():
    svc = DemoService().start()
    with socket.create_connection(("127.0.0.1", svc.port), timeout=5) as stalled:
        stalled.sendall(b"POST /login HTTP/1.0\r\nContent-Length: 50\r\n\r\n{")  # and then nothing
        time.sleep(0.1)
        started = time.perf_counter()
        svc.stop()
        assert time.perf_counter() - started < 1.0
    assert not svc.running


def test_a_client_that_hangs_up_does_not_stop_the_server(healthy):
    with socket.create_connection(("127.0.0.1", healthy.port), timeout=5) as sock:
        sock.sendall(b"POST /login HTTP/1.0\r\nContent-Length: 50\r\n\r\n{\"us")
    assert still_serving(healthy)


# --------------------------------------------------------------------------- releases

def test_every_release_has_a_description_and_a_config():
    assert set(RELEASES) == {"healthy", "fails_to_boot", "db_unreachable", "broken_login",
                             "missing_migration", "slow_start", "flaky"}
    for release in RELEASES:
        assert release_config(release)["version"]


def test_unknown_release_lists_the_known_ones():
    with pytest.raises(ServiceError, match="Pick one of: healthy, fails_to_boot"):
        DemoService("healthyy")


def test_fails_to_boot_raises_a_clear_error_and_leaves_nothing_behind(tmp_path):
    threads_before = threading.enumerate()
    svc = DemoService("fails_to_boot")
    with pytest.raises(BootError, match=r"no 'database' key .* unknown key 'databse' \(a typo\?\)"):
        svc.start()
    assert not svc.running
    assert new_threads(threads_before) == []
    service_dir = Path(os.environ["MESH_LAB_WORKSPACE"]) / "demo_service"
    assert not service_dir.exists() or list(service_dir.iterdir()) == []
    svc.stop()  # still safe


def test_db_unreachable_fails_health_with_503_and_says_why():
    with DemoService("db_unreachable") as svc:
        status, _, body = request(svc, "GET", "/health")
        assert (status, body["status"]) == (503, "fail")
        assert "cannot open the database" in body["checks"]["database:responseTime"][0]["output"]
        assert login(svc)[0] == 503


def test_broken_login_has_green_health_but_no_one_can_log_in():
    with DemoService("broken_login") as svc:
        assert request(svc, "GET", "/health")[0] == 200
        assert login(svc)[0] == 401


def test_missing_migration_breaks_only_the_dashboard():
    with DemoService("missing_migration") as svc:
        assert request(svc, "GET", "/health")[2]["status"] == "pass"
        status, _, body = login(svc)
        assert status == 200
        status, _, board = request(svc, "GET", "/dashboard", headers={"Authorization": f"Bearer {body['token']}"})
        assert status == 500 and "no such table: orders" in board["error"]


def test_slow_start_answers_503_until_it_is_ready(monkeypatch):
    monkeypatch.setitem(service_module._RELEASE_CHANGES["slow_start"], "startup_s", 0.3)
    with DemoService("slow_start") as svc:
        status, headers, body = request(svc, "GET", "/version")
        assert status == 503 and headers["Retry-After"] == "1"
        assert request(svc, "GET", "/health")[2]["output"] == "warming up"
        threading.Event().wait(0.35)
        assert request(svc, "GET", "/version")[0] == 200


def flaky_login_statuses(seed: int, n: int = 30) -> list[int]:
    with DemoService("flaky", seed=seed) as svc:
        return [login(svc)[0] for _ in range(n)]


def test_flaky_fails_some_requests_and_is_reproducible_by_seed():
    first = flaky_login_statuses(seed=0)
    assert set(first) == {200, 500}
    assert 0.15 < first.count(500) / len(first) < 0.6
    assert flaky_login_statuses(seed=0) == first
    assert flaky_login_statuses(seed=1) != first


def test_the_sandbox_gets_a_fresh_fully_migrated_database():
    for release in ("db_unreachable", "missing_migration"):
        with DemoService(release, environment="sandbox") as svc:
            token = login(svc)[2]["token"]
            assert request(svc, "GET", "/dashboard", headers={"Authorization": f"Bearer {token}"})[0] == 200


# --------------------------------------------------------------------------- loopback only

@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "10.0.0.1", "example.com", "::", ""])
def test_refuses_to_bind_outside_loopback(host):
    with pytest.raises(UnsafeHostError, match="only listens on loopback"):
        DemoService(host=host)


def test_localhost_means_127_0_0_1(healthy):
    with DemoService(host="localhost") as svc:
        assert svc.base_url.startswith("http://127.0.0.1:")
        assert svc._server.server_address[0] == "127.0.0.1"


# --------------------------------------------------------------------------- lifecycle

def test_start_and_stop_are_idempotent():
    svc = DemoService()
    svc.stop()
    assert svc.start() is svc
    port = svc.port
    svc.start()
    assert svc.port == port
    svc.stop()
    svc.stop()
    assert not svc.running
    with pytest.raises(ServiceError, match="not running: call start"):
        _ = svc.port


def test_the_database_lives_in_the_workspace_and_goes_away_on_stop():
    workspace = Path(os.environ["MESH_LAB_WORKSPACE"])
    with DemoService() as svc:
        assert svc.db_path.is_file()
        assert workspace in svc.db_path.parents
    assert not svc.db_path.exists()


def test_a_given_workdir_is_kept(tmp_path):
    with DemoService(workdir=tmp_path / "mine") as svc:
        pass
    assert (tmp_path / "mine" / "app.db").is_file()
    assert svc.db_path == tmp_path / "mine" / "app.db"


def test_two_services_run_side_by_side():
    with DemoService("healthy") as one, DemoService("broken_login") as two:
        assert one.port != two.port
        assert (login(one)[0], login(two)[0]) == (200, 401)


def test_reprs_say_what_and_where(healthy):
    assert repr(healthy) == f"DemoService(release='healthy', {healthy.base_url})"
    assert "running at" in healthy._repr_html_()
    request(healthy, "GET", "/version")
    assert any('"GET /version HTTP/1.1" 200' in line for line in healthy.access_log)


def test_a_forgotten_running_service_is_shut_down_when_collected():
    before = threading.enumerate()
    svc = DemoService().start()
    workdir = svc.workdir
    del svc
    gc.collect()
    assert new_threads(before) == []
    assert not workdir.exists()


def test_copies_of_a_service_are_the_service(healthy):
    assert copy.deepcopy(healthy) is healthy


def open_fds() -> int:
    """Open file descriptors of this process (sockets included)."""
    if os.path.isdir("/proc/self/fd"):
        return len(os.listdir("/proc/self/fd"))
    psutil = pytest.importorskip("psutil", reason="counting open sockets needs /proc or psutil")
    return psutil.Process().num_fds()


@pytest.mark.slow
def test_100_start_stop_cycles_leak_no_threads_and_no_sockets():
    with DemoService() as warm_up:  # first-use imports and caches are not leaks
        login(warm_up)
    threads_before = threading.enumerate()
    fds_before = open_fds()
    for _ in range(100):
        with DemoService() as svc:
            assert still_serving(svc)
    assert new_threads(threads_before) == []
    assert open_fds() <= fds_before


# --------------------------------------------------------------------------- hostile bodies and methods

@pytest.mark.parametrize("body, words", [
    (b'{"user": "\\ud800", "password": "lovelace"}', "lone surrogate"),
    (b'{"user": "ada", "password": "x\\udfff"}', "lone surrogate"),
    (b'{"user": "ada", "password": "lovelace", "n": ' + b"7" * 5000 + b"}", "5,000 digits"),
    (b'{"user": ' + b"1" * 5000 + b', "password": "lovelace"}', "5,000 digits"),
    (b'{"user": "ada", "password": "lovelace", "n": -' + b"9" * 200 + b"}", "200 digits"),
], ids=["surrogate in user", "surrogate in password", "5,000-digit number", "5,000-digit user",
        "200-digit negative"])
def test_text_that_is_not_unicode_and_absurd_numbers_are_a_400_not_a_500(healthy, body, words):
    status, _, answer = request(healthy, "POST", "/login", body, {"Content-Type": "application/json"})
    assert status == 400 and words in answer["error"], answer
    assert login(healthy)[0] == 200  # and nobody was locked out by them


@pytest.mark.parametrize("method", ["BREW", "PROPFIND", "OPTIONS", "TRACE", "get"])
def test_an_unknown_method_is_405_with_allow_not_501(healthy, method):
    status, headers, answer = request(healthy, method, "/health")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert f"/health only answers GET and HEAD, not {method}" == answer["error"]
    assert request(healthy, method, "/login")[1]["Allow"] == "POST"


def test_head_is_answered_like_get_without_a_body(healthy):
    get_status, get_headers, _ = request(healthy, "GET", "/version")
    with socket.create_connection(("127.0.0.1", healthy.port), timeout=5) as sock:
        sock.sendall(b"HEAD /version HTTP/1.0\r\nHost: x\r\n\r\n")
        answer = read_until_closed(sock)
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith(f"HTTP/1.0 {get_status} ") and body == ""
    assert f"Content-Length: {get_headers['Content-Length']}" in head
    assert request(healthy, "HEAD", "/health")[:2][0] == 200
    assert request(healthy, "HEAD", "/health")[1]["Content-Type"] == "application/health+json"
    assert request(healthy, "HEAD", "/login")[1]["Allow"] == "POST"


# --------------------------------------------------------------------------- rate limiting and token expiry

class FakeClock:
    """A clock a test moves by hand (seconds, like time.monotonic)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_five_failed_logins_lock_the_user_out_with_429_and_retry_after():
    clock = FakeClock()
    with DemoService(clock=clock) as svc:
        assert [login(svc, password="wrong")[0] for _ in range(5)] == [401] * 5
        status, headers, body = login(svc)  # even the right password, while locked out
        assert status == 429 and headers["Retry-After"] == "60"
        assert "too many failed logins" in body["error"] and "try again in 60 s" in body["error"]
        assert login(svc, user="grace", password="x")[0] == 401  # other users are not locked out
        clock.now += 59.5
        assert login(svc)[1]["Retry-After"] == "1"
        clock.now += 0.5
        assert login(svc)[0] == 200


def test_a_successful_login_forgets_earlier_failures():
    with DemoService(clock=FakeClock()) as svc:
        for _ in range(4):
            assert login(svc, password="wrong")[0] == 401
        assert login(svc)[0] == 200
        assert [login(svc, password="wrong")[0] for _ in range(5)] == [401] * 5
        assert login(svc)[0] == 429


def test_failures_spread_over_more_than_the_window_do_not_lock_out():
    clock = FakeClock()
    with DemoService(clock=clock, max_failed_logins=3, failed_login_window_s=10) as svc:
        for _ in range(6):
            assert login(svc, password="wrong")[0] == 401
            clock.now += 4  # three failures never fall within 10 s
        assert login(svc)[0] == 200


def test_broken_login_is_rate_limited_too_and_a_smoke_check_sees_429():
    with DemoService("broken_login") as svc:
        statuses = [login(svc)[0] for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_a_token_expires_after_its_ttl_with_a_clear_401():
    clock = FakeClock()
    with DemoService(clock=clock, token_ttl_s=30) as svc:
        token = login(svc)[2]["token"]
        clock.now += 29.9
        assert request(svc, "GET", "/dashboard", headers=bearer(token))[0] == 200
        clock.now += 0.1
        status, _, body = request(svc, "GET", "/dashboard", headers=bearer(token))
        assert status == 401 and body["error"] == "token expired: tokens last 30 s after login; log in again with POST /login"
        assert "unknown or expired token" in request(svc, "GET", "/dashboard", headers=bearer(token))[2]["error"]
        assert request(svc, "GET", "/dashboard", headers=bearer(login(svc)[2]["token"]))[0] == 200


def test_tokens_last_15_minutes_by_default():
    clock = FakeClock()
    with DemoService(clock=clock) as svc:
        token = login(svc)[2]["token"]
        clock.now += 15 * 60 - 1
        assert request(svc, "GET", "/dashboard", headers=bearer(token))[0] == 200
        clock.now += 1
        status, _, body = request(svc, "GET", "/dashboard", headers=bearer(token))
        assert status == 401 and "tokens last 15 min" in body["error"]


@pytest.mark.parametrize("kwargs, words", [
    ({"token_ttl_s": 0}, "token_ttl_s must be a positive number"),
    ({"token_ttl_s": float("inf")}, "token_ttl_s must be a positive number"),
    ({"failed_login_window_s": "60"}, "failed_login_window_s must be a positive number"),
    ({"max_failed_logins": 0}, "max_failed_logins must be a whole number of at least 1"),
    ({"max_failed_logins": 2.5}, "max_failed_logins must be a whole number"),
    ({"clock": 5}, "clock must be a function"),
])
def test_limits_that_cannot_work_are_refused(kwargs, words):
    with pytest.raises(ServiceError, match=words):
        DemoService(**kwargs)


def test_the_rate_limiter_forgets_old_user_names_so_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(service_module, "MAX_TRACKED_USERS", 20)
    clock = FakeClock()
    with DemoService(clock=clock) as svc:
        for number in range(100):
            login(svc, user=f"user{number}", password="x")
            clock.now += 1
        assert len(svc._app.failed_logins) <= 20


# --------------------------------------------------------------------------- a workspace that cannot be written

def assert_says_folder_and_fix(error: Exception, folder: Path) -> None:
    message = str(error)
    assert f"cannot write its database in {folder}" in message, message
    assert "MESH_LAB_WORKSPACE" in message
    assert error.__cause__ is None and error.__suppress_context__, "the sqlite/OS traceback must not be chained"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_read_only_workspace_is_a_clear_error_naming_the_folder(tmp_path, monkeypatch):
    read_only = tmp_path / "ro"
    (read_only / "demo_service").mkdir(parents=True)
    read_only.chmod(0o555)
    (read_only / "demo_service").chmod(0o555)
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(read_only))
    try:
        with pytest.raises(ServiceError) as caught:
            DemoService().start()
        assert_says_folder_and_fix(caught.value, read_only / "demo_service")
    finally:
        (read_only / "demo_service").chmod(0o755)
        read_only.chmod(0o755)


def test_a_workspace_where_no_folder_can_be_made_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path))

    def refuse(*args, **kwargs):  # what a read-only folder does to a non-root user (the tests may run as root)
        raise PermissionError(13, "Permission denied", str(tmp_path / "demo_service" / "healthy-x"))

    monkeypatch.setattr(service_module.tempfile, "mkdtemp", refuse)
    svc = DemoService()
    with pytest.raises(ServiceError) as caught:
        svc.start()
    assert_says_folder_and_fix(caught.value, tmp_path / "demo_service")
    assert "Permission denied" in str(caught.value) and not svc.running


def test_a_database_that_cannot_be_written_is_a_clear_error_not_a_sqlite_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path))

    def read_only_database(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(service_module.sqlite3, "connect", read_only_database)
    with pytest.raises(ServiceError) as caught:
        DemoService().start()
    folder = next((tmp_path / "demo_service").iterdir(), None)
    assert folder is None, "the half-made folder was left behind"
    assert "attempt to write a readonly database" in str(caught.value)
    assert_says_folder_and_fix(caught.value, tmp_path / "demo_service")


def test_a_workdir_whose_database_is_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "app.db").mkdir()  # a real obstacle: the database file is a folder
    with pytest.raises(ServiceError, match=f"cannot write its database in {tmp_path}: .*pass workdir= a folder"):
        DemoService(workdir=tmp_path).start()


def test_a_workspace_that_is_a_file_is_a_clear_error(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "workspace.txt"
    not_a_folder.write_text("oops")
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(not_a_folder))
    with pytest.raises(MeshLabError, match="workspace.txt"):
        DemoService().start()


# --------------------------------------------------------------------------- Kubernetes-style probes

#: (started, ready, live) right after start; "down" when the process never starts
PROBE_ANSWERS = {
    "healthy": (200, 200, 200),
    "fails_to_boot": "down",
    "db_unreachable": (200, 503, 200),       # live but not ready: no restart, no traffic
    "broken_login": (200, 200, 200),         # probes never walk a journey
    "missing_migration": (200, 200, 200),
    "slow_start": (503, 503, 200),           # still warming up: not started, yet alive
    "flaky": (200, 200, 200),
    "config_change": (200, 200, 200),
    "new_migration": (503, 503, 200),        # migration 3 runs before it serves
}


def probe_statuses(svc: DemoService) -> tuple[int, int, int]:
    return tuple(request(svc, "GET", service_module.PROBES[name])[0] for name in ("started", "ready", "live"))


def test_every_release_has_its_probe_answers_stated():
    assert set(PROBE_ANSWERS) == set(service_module.ALL_RELEASES)
    assert list(service_module.PROBES) == ["started", "ready", "live"]


@pytest.mark.parametrize("release", list(PROBE_ANSWERS))
def test_probes_answer_with_kubernetes_semantics(release):
    svc = DemoService(release)
    if PROBE_ANSWERS[release] == "down":
        with pytest.raises(BootError):
            svc.start()
        return
    with svc:
        assert probe_statuses(svc) == PROBE_ANSWERS[release]
        _, headers, body = request(svc, "GET", "/livez")
        assert headers["Content-Type"] == "application/health+json" and body["probe"] == "live"


def test_liveness_never_checks_the_database_readiness_does(tmp_path):
    with DemoService("healthy", workdir=tmp_path) as svc:
        assert probe_statuses(svc) == (200, 200, 200)
        (tmp_path / "app.db").unlink()  # the database disappears while the process keeps running
        status, _, body = request(svc, "GET", "/readyz")
        assert status == 503 and "database" in body["output"]
        assert request(svc, "GET", "/livez")[0] == 200, "a liveness probe that checks the DB restarts every pod"
        assert request(svc, "GET", "/startupz")[0] == 200


def test_a_release_becomes_started_and_ready_when_its_migration_is_done():
    with DemoService("new_migration") as svc:
        status, _, body = request(svc, "GET", "/startupz")
        assert status == 503 and body["output"] == "not started: applying migration 3"
        assert request(svc, "GET", "/health")[2]["output"] == "applying migration 3"
        threading.Event().wait(float(release_config("new_migration")["startup_s"]) + 0.05)
        assert probe_statuses(svc) == (200, 200, 200)
        assert request(svc, "GET", "/version")[2]["schema_version"] == 3
        _, _, token = login(svc)
        status, _, board = request(svc, "GET", "/dashboard", headers={"Authorization": f"Bearer {token['token']}"})
        assert status == 200 and board["orders"] == 12


def test_probes_answer_head_and_refuse_post(healthy):
    assert request(healthy, "HEAD", "/readyz")[0] == 200
    status, headers, _ = request(healthy, "POST", "/livez", b"{}", {"Content-Length": "2"})
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_config_change_keeps_the_version_and_breaks_only_login():
    assert release_config("config_change")["version"] == release_config("healthy")["version"]
    changed = {k for k in release_config("healthy") if release_config("config_change")[k] !=
               release_config("healthy")[k]}
    assert changed == {"login_provider"}
    with DemoService("config_change") as svc:
        assert request(svc, "GET", "/health")[2]["status"] == "pass"
        status, _, body = login(svc)
        assert status == 503 and "login_provider" in body["error"]


def test_change_releases_are_apart_from_the_fault_releases_of_notebook_01():
    assert set(service_module.CHANGE_RELEASES) == {"config_change", "new_migration"}
    assert not set(service_module.CHANGE_RELEASES) & set(RELEASES)
    assert service_module.ALL_RELEASES == {**RELEASES, **service_module.CHANGE_RELEASES}
    assert DemoService("config_change").description == service_module.CHANGE_RELEASES["config_change"]


def test_the_build_sandbox_applies_a_release_s_new_migration():
    with DemoService("new_migration", environment="sandbox") as svc:
        threading.Event().wait(0.35)
        assert request(svc, "GET", "/version")[2]["schema_version"] == 3
