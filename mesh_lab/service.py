"""The demo service: a small, real web app to deploy, break and smoke-test.

``DemoService`` is a real HTTP server (the standard library's ``ThreadingHTTPServer``) on
127.0.0.1 with a port the operating system picks, keeping its state in a real SQLite file
inside the learner's workspace. It is deployed as a *release*: ``healthy`` or one with a
named fault (see ``RELEASES``).

Endpoints
---------
``GET /health``     IETF health-check draft (``application/health+json``): ``status`` is
                    pass / warn / fail, with a database check and its observed response time;
                    HTTP 200 for pass and warn, 503 for fail.
``POST /login``     JSON ``{"user": ..., "password": ...}`` → ``{"token": ...}``.
``GET /dashboard``  needs ``Authorization: Bearer <token>``; reads the user's orders from the DB.
``GET /version``    the release, version and database schema version.

Bad requests (malformed JSON, a missing or wrong token, an unknown path, an oversized body,
a wrong method) get a clean 4xx JSON answer; the server keeps serving.

``fails_to_boot`` is decided like this: ``start()`` raises ``BootError`` naming the bad config
key and how to fix it — exactly what a real process does when it exits at startup. Nothing is
left bound or running after the error.

Two environments: ``"live"`` (the default) is where the release is deployed, with its real
database; ``"sandbox"`` is the build sandbox, which always gets a fresh, fully migrated local
database. Faults that live in the environment (``db_unreachable``, ``missing_migration``)
therefore only show in ``live`` — as in real life, where the build smoke passes and the deploy
smoke catches them.

>>> with DemoService("healthy") as service:       # doctest: +SKIP
...     print(service.base_url)
http://127.0.0.1:54321
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import json
import random
import secrets
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
import weakref
from collections import deque
from contextlib import closing
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from mesh_lab import report
from mesh_lab.errors import MeshLabError
from mesh_lab.paths import workspace

__all__ = [
    "RELEASES",
    "DEMO_USER",
    "DemoService",
    "ServiceError",
    "BootError",
    "UnsafeHostError",
    "release_config",
]

RELEASES: dict[str, str] = {
    "healthy": "Everything works: it boots, the database answers, login → dashboard works.",
    "fails_to_boot": "Bad config (a typo in a key): the app exits at startup.",
    "db_unreachable": "The app starts but points at a database volume that is not there.",
    "broken_login": "/health is green, but nobody can log in (the password check changed).",
    "missing_migration": "A migration was not run: the orders table is missing, the dashboard fails.",
    "slow_start": "The app takes seconds to warm up and answers 503 until then.",
    "flaky": "Login and dashboard fail at random (seeded), about one request in three.",
}

DEMO_USER: dict[str, str] = {"user": "ada", "password": "lovelace"}
"""The user the demo database is seeded with (a smoke test's test account)."""

LOOPBACK_HOSTS = {"127.0.0.1", "localhost"}
MAX_BODY_BYTES = 16 * 1024
DRAIN_LIMIT_BYTES = 1024 * 1024
HEALTH_WARN_MS = 250.0
SCHEMA_VERSION = 2

_HEALTHY_CONFIG: dict[str, object] = {
    "version": "2.4.0",
    "database": "app.db",
    "migrations": 2,
    "password_scheme": "sha256",
    "startup_s": 0.0,
    "failure_rate": 0.0,
}
_REQUIRED_KEYS = set(_HEALTHY_CONFIG)

# Each fault is a small change to the healthy config: what really differs between releases.
_RELEASE_CHANGES: dict[str, dict[str, object]] = {
    "healthy": {},
    "fails_to_boot": {"version": "2.5.0", "database": None, "databse": "app.db"},
    "db_unreachable": {"version": "2.5.1", "database": "volumes/orders-db/app.db"},
    "broken_login": {"version": "2.5.2", "password_scheme": "sha512"},
    "missing_migration": {"version": "2.5.3", "migrations": 1},
    "slow_start": {"version": "2.5.4", "startup_s": 2.5},
    "flaky": {"version": "2.5.5", "failure_rate": 0.35},
}


class ServiceError(MeshLabError):
    """The demo service was used in a way that cannot work."""


class BootError(ServiceError):
    """The release could not start (for example, its config is bad)."""


class UnsafeHostError(ServiceError, ValueError):
    """Someone asked the demo service to listen outside loopback."""


def release_config(release: str) -> dict[str, object]:
    """Return the raw config of ``release`` (what its deploy would load), unvalidated."""
    if release not in RELEASES:
        known = ", ".join(RELEASES)
        raise ServiceError(f"unknown release {release!r}. Pick one of: {known}.")
    config = {**_HEALTHY_CONFIG, **_RELEASE_CHANGES[release]}
    return {key: value for key, value in config.items() if value is not None}


def validate_config(release: str, config: dict[str, object]) -> None:
    """Raise ``BootError`` when ``config`` is missing a key or has an unknown one."""
    missing = sorted(_REQUIRED_KEYS - set(config))
    unknown = sorted(set(config) - _REQUIRED_KEYS)
    if not missing and not unknown:
        return
    parts = []
    if missing:
        parts.append(f"its config has no {', '.join(repr(k) for k in missing)} key")
    if unknown:
        parts.append(f"it has an unknown key {', '.join(repr(k) for k in unknown)} (a typo?)")
    raise BootError(
        f"release {release!r} cannot boot: {' and '.join(parts)}. "
        f"Fix the key name in the release config and deploy again."
    )


def _check_host(host: str) -> str:
    if host in LOOPBACK_HOSTS:
        return "127.0.0.1"
    try:
        is_loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_loopback = False
    if is_loopback and host.startswith("127."):
        return host
    raise UnsafeHostError(
        f"DemoService only listens on loopback, but host={host!r} was asked for: that would "
        f"expose the demo service beyond this machine. Use host='127.0.0.1' (the default)."
    )


def _hash_password(password: str, salt: str, scheme: str) -> str:
    return hashlib.new(scheme, (salt + password).encode()).hexdigest()


# --------------------------------------------------------------------------- database

def _migrate(db_path: Path, migrations: int, seed: int) -> None:
    """Create the demo database and apply the first ``migrations`` migrations."""
    with closing(sqlite3.connect(db_path)) as conn, conn:
        if migrations >= 1:
            conn.execute("CREATE TABLE users (name TEXT PRIMARY KEY, salt TEXT, password_hash TEXT)")
            salt = "mesh-lab"
            digest = _hash_password(DEMO_USER["password"], salt, "sha256")
            conn.execute("INSERT INTO users VALUES (?, ?, ?)", (DEMO_USER["user"], salt, digest))
        if migrations >= 2:
            conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user TEXT, amount REAL)")
            rng = random.Random(seed)
            rows = [(i + 1, DEMO_USER["user"], round(rng.uniform(5, 120), 2)) for i in range(12)]
            conn.executemany("INSERT INTO orders VALUES (?, ?, ?)", rows)
        conn.execute(f"PRAGMA user_version = {int(migrations)}")


def _connect(db_path: Path) -> sqlite3.Connection:
    """Open an existing database read-write; fail (never create) when it is not there."""
    return sqlite3.connect(f"{db_path.as_uri()}?mode=rw", uri=True, timeout=2.0)


# --------------------------------------------------------------------------- the app

class _App:
    """The application logic behind the HTTP handler (no sockets here)."""

    def __init__(self, release: str, config: dict[str, object], db_path: Path, seed: int):
        self.release = release
        self.config = config
        self.db_path = db_path
        self.ready_at = time.monotonic() + float(config["startup_s"])
        self.tokens: dict[str, str] = {}
        self.lock = threading.Lock()
        self.rng = random.Random(seed)
        self.access_log: deque[str] = deque(maxlen=200)

    @property
    def ready(self) -> bool:
        return time.monotonic() >= self.ready_at

    def unlucky(self) -> bool:
        """True when a flaky release decides this request fails (seeded)."""
        rate = float(self.config["failure_rate"])
        if rate <= 0:
            return False
        with self.lock:
            return self.rng.random() < rate

    def database_check(self) -> dict:
        """Open the database and time a tiny query: one entry of the health answer's ``checks``."""
        started = time.perf_counter()
        try:
            with closing(_connect(self.db_path)) as conn:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            status, output = "pass", ""
        except sqlite3.Error as exc:
            status, output = "fail", f"cannot open the database: {exc}"
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        if status == "pass" and elapsed_ms > HEALTH_WARN_MS:
            status, output = "warn", f"database answered slowly ({elapsed_ms} ms)"
        check = {
            "componentId": "orders-db",
            "componentType": "datastore",
            "observedValue": elapsed_ms,
            "observedUnit": "ms",
            "status": status,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        if output:
            check["output"] = output
        return check

    def health(self) -> tuple[int, dict]:
        """The IETF health answer: overall status is the worst check (fail while warming up)."""
        db_check = self.database_check()
        status = db_check["status"] if self.ready else "fail"
        body = {
            "status": status,
            "version": "1",
            "releaseId": f"{self.config['version']}",
            "serviceId": "mesh-lab-demo",
            "description": f"Mesh Lab demo service, release {self.release!r}",
            "checks": {"database:responseTime": [db_check]},
        }
        if not self.ready:
            body["output"] = "warming up"
        return (503 if status == "fail" else 200), body

    def version(self) -> tuple[int, dict]:
        """Release, version, and the database's schema version (``None`` if it cannot be read)."""
        return 200, {"release": self.release, "version": self.config["version"],
                     "schema_version": self.schema_version(), "expected_schema_version": SCHEMA_VERSION}

    def schema_version(self) -> int | None:
        """How many migrations the database has had (SQLite's ``user_version``)."""
        try:
            with closing(_connect(self.db_path)) as conn:
                return conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def login(self, payload: dict) -> tuple[int, dict]:
        user, password = payload.get("user"), payload.get("password")
        if not isinstance(user, str) or not isinstance(password, str):
            return 400, {"error": "send JSON like {\"user\": \"...\", \"password\": \"...\"}"}
        if self.unlucky():
            return 500, {"error": "internal error (flaky release)"}
        try:
            with closing(_connect(self.db_path)) as conn:
                row = conn.execute("SELECT salt, password_hash FROM users WHERE name = ?",
                                   (user,)).fetchone()
        except sqlite3.Error as exc:
            return 503, {"error": f"database unavailable: {exc}"}
        scheme = str(self.config["password_scheme"])
        if row is None or _hash_password(password, row[0], scheme) != row[1]:
            return 401, {"error": "wrong user or password"}
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = user
        return 200, {"token": token}

    def dashboard(self, authorization: str | None) -> tuple[int, dict]:
        if not authorization or not authorization.startswith("Bearer "):
            return 401, {"error": "missing token: send the header 'Authorization: Bearer <token>'"}
        with self.lock:
            user = self.tokens.get(authorization.removeprefix("Bearer ").strip())
        if user is None:
            return 401, {"error": "unknown or expired token: log in again with POST /login"}
        if self.unlucky():
            return 500, {"error": "internal error (flaky release)"}
        try:
            with closing(_connect(self.db_path)) as conn:
                count, total = conn.execute(
                    "SELECT count(*), coalesce(sum(amount), 0) FROM orders WHERE user = ?", (user,)
                ).fetchone()
        except sqlite3.Error as exc:
            return 500, {"error": f"database error: {exc}"}
        return 200, {"user": user, "orders": count, "revenue": round(total, 2)}


# --------------------------------------------------------------------------- HTTP

_ROUTES: dict[str, str] = {"/health": "GET", "/version": "GET", "/login": "POST", "/dashboard": "GET"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into calls on ``_App``; every answer is JSON."""

    server_version = "MeshLabDemo/1.0"
    timeout = 5  # a client that stalls cannot hold a thread forever (stop() hangs up on it)

    @property
    def app(self) -> _App:
        return self.server.app  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def _dispatch(self, method: str) -> None:
        self._body_read = False
        try:
            status, body, headers = self._route(method)
        except _BadRequest as bad:
            status, body, headers = bad.status, {"error": bad.message}, {}
        except Exception as exc:  # a bug must not kill the server: answer 500 and carry on
            status, body, headers = 500, {"error": f"internal error: {type(exc).__name__}"}, {}
        self._drain_unread_body()
        self._send_json(status, body, headers)

    def _drain_unread_body(self) -> None:
        """Read (and drop) a body we did not use, so closing the socket does not reset the
        connection before the client has read our answer. Bounded in size and time."""
        if self._body_read:
            return
        try:
            length = int(self.headers.get("Content-Length", 0))
        except ValueError:
            return
        if not 0 < length <= DRAIN_LIMIT_BYTES:
            return
        try:
            self.connection.settimeout(0.5)
            while length > 0 and (chunk := self.rfile.read(min(length, 64 * 1024))):
                length -= len(chunk)
        except OSError:
            pass

    def _route(self, method: str) -> tuple[int, dict, dict]:
        path = urlsplit(self.path).path
        if path not in _ROUTES:
            raise _BadRequest(404, f"no such endpoint {path!r}; try one of {', '.join(_ROUTES)}")
        allowed = _ROUTES[path]
        if method != allowed:
            return 405, {"error": f"{path} only answers {allowed}, not {method}"}, {"Allow": allowed}
        if path == "/health":
            status, body = self.app.health()
            return status, body, {"Content-Type": "application/health+json"}
        if not self.app.ready:
            return 503, {"error": "starting up, try again in a moment"}, {"Retry-After": "1"}
        if path == "/version":
            return (*self.app.version(), {})
        if path == "/login":
            return (*self.app.login(self._read_json()), {})
        return (*self.app.dashboard(self.headers.get("Authorization")), {})

    def _read_json(self) -> dict:
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise _BadRequest(411, "send a Content-Length header with the JSON body")
        try:
            length = int(length_text)
        except ValueError:
            raise _BadRequest(400, f"Content-Length must be a number, got {length_text!r}") from None
        if length < 0:
            raise _BadRequest(400, "Content-Length cannot be negative")
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise _BadRequest(413, f"body too large: {length} bytes, the limit is {MAX_BODY_BYTES}")
        try:
            raw = self.rfile.read(length)
        except TimeoutError:  # the client promised a body and stalled: do not hold a thread for it
            self._body_read = self.close_connection = True
            raise _BadRequest(408, f"the body did not arrive within {self.timeout} s (Content-Length "
                                   f"said {length} bytes)") from None
        self._body_read = True
        if len(raw) < length:
            self.close_connection = True
            raise _BadRequest(400, f"the body ended after {len(raw)} of the {length} bytes Content-Length "
                                   "announced")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _BadRequest(400, f"body is not valid JSON: {exc}") from None
        except RecursionError:
            raise _BadRequest(400, "body is nested too deeply to be a login request") from None
        if not isinstance(payload, dict):
            raise _BadRequest(400, "body must be a JSON object like {\"user\": ..., \"password\": ...}")
        return payload

    def _send_json(self, status: int, body: dict, headers: dict) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level errors (bad request line, unsupported method) as JSON too."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # an unparsable request line: answer in HTTP/1.0 anyway
            self.request_version = "HTTP/1.0"
        try:
            self._send_json(code, {"error": message or self.responses.get(code, ("",))[0]}, {})
        except OSError:
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        self.app.access_log.append(f"{self.log_date_time_string()} {format % args}")


class _Server(ThreadingHTTPServer):
    daemon_threads = False   # so that server_close() joins every request thread
    block_on_close = True
    allow_reuse_address = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def hang_up_on_everyone(self) -> None:
        """Cut connections still open (a stalled client), so stopping never waits on them."""
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-request is not worth a traceback on the console."""


# --------------------------------------------------------------------------- the service

def _shut_down(server: _Server, thread: threading.Thread, remove: Path | None = None) -> None:
    """Stop the serve loop, close the socket, join the request and serve threads, remove ``remove``."""
    if threading.current_thread() is thread:  # shutdown() from the serve thread would deadlock
        threading.Thread(target=_shut_down, args=(server, thread, remove), daemon=True).start()
        return
    server.shutdown()
    server.hang_up_on_everyone()
    server.server_close()
    thread.join()
    if remove is not None:
        shutil.rmtree(remove, ignore_errors=True)


class DemoService:
    """A release of the demo web app, served on 127.0.0.1 with its own SQLite database.

    Use it as a context manager (``with DemoService("broken_login") as svc: ...``) or call
    ``start()`` and ``stop()`` (both idempotent). ``start()`` raises ``BootError`` for a
    release that cannot boot. The database lives in a per-instance folder of the workspace
    (or ``workdir``); a folder the service created itself is removed again by ``stop()``.
    """

    def __init__(self, release: str = "healthy", *, host: str = "127.0.0.1", seed: int = 0,
                 workdir: str | Path | None = None, environment: str = "live"):
        release_config(release)  # fails early, with the list of releases, on a typo
        if environment not in {"live", "sandbox"}:
            raise ServiceError(f"environment must be 'live' or 'sandbox', got {environment!r}")
        self.release = release
        self.host = _check_host(host)
        self.seed = seed
        self.environment = environment
        self._workdir_arg = Path(workdir) if workdir is not None else None
        self._lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._app: _App | None = None
        self.workdir: Path | None = None
        self._owns_workdir = False
        self._finalizer: weakref.finalize | None = None

    # ---- lifecycle
    def start(self) -> DemoService:
        """Boot the release and serve it. Does nothing if it is already running."""
        with self._lock:
            if self._server is not None:
                return self
            config = release_config(self.release)
            validate_config(self.release, config)
            self._make_workdir()
            try:
                self._app = self._build_app(config)
                server = _Server((self.host, 0), _Handler)
            except BaseException:
                self._remove_workdir()
                raise
            server.app = self._app  # type: ignore[attr-defined]
            self._server = server
            self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                                            name=f"demo-service-{self.release}", daemon=True)
            self._thread.start()
            # A service that is forgotten (garbage-collected) or still running at exit is shut down too.
            self._finalizer = weakref.finalize(self, _shut_down, server, self._thread,
                                               self.workdir if self._owns_workdir else None)
            return self

    def stop(self) -> None:
        """Stop serving, close the socket, join every thread. Safe to call many times."""
        with self._lock:
            self._server = self._thread = None
            if self._finalizer is not None:
                self._finalizer()  # runs _shut_down once; later calls do nothing
                self._finalizer = None
            self._remove_workdir()

    def __enter__(self) -> DemoService:
        return self.start()

    def __deepcopy__(self, memo) -> DemoService:
        return self  # a running server is one thing in the world: copies share it

    def __copy__(self) -> DemoService:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # ---- what learners look at
    @property
    def running(self) -> bool:
        """True while the server is accepting connections."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The port the operating system gave us (only while running)."""
        return self._require_server().server_address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (only while running)."""
        return f"http://{self.host}:{self.port}"

    @property
    def db_path(self) -> Path | None:
        """The SQLite file the app talks to (``None`` before the first start)."""
        return self._app.db_path if self._app is not None else None

    @property
    def access_log(self) -> list[str]:
        """The last requests the server answered, oldest first."""
        return list(self._app.access_log) if self._app is not None else []

    @property
    def description(self) -> str:
        """One line on what this release does."""
        return RELEASES[self.release]

    def __repr__(self) -> str:
        where = self.base_url if self.running else "stopped"
        return f"DemoService(release={self.release!r}, {where})"

    def _repr_html_(self) -> str:
        state = report.status_html("pass", f"running at {self.base_url}") if self.running \
            else report.status_html("skipped", "stopped")
        return (f"<div>🖥️ <b>DemoService</b> release <code>{html.escape(self.release)}</code> — {state}"
                f"<br><small>{html.escape(self.description)}</small></div>")

    # ---- internals
    def _require_server(self) -> _Server:
        if self._server is None:
            raise ServiceError(f"the {self.release!r} service is not running: call start() first "
                               f"(or use `with DemoService(...) as service:`)")
        return self._server

    def _make_workdir(self) -> None:
        if self._workdir_arg is not None:
            self.workdir = self._workdir_arg.resolve()
            self.workdir.mkdir(parents=True, exist_ok=True)
            self._owns_workdir = False
            return
        parent = workspace() / "demo_service"
        parent.mkdir(parents=True, exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.release}-", dir=parent))
        self._owns_workdir = True

    def _remove_workdir(self) -> None:
        if self._owns_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self._owns_workdir = False

    def _build_app(self, config: dict[str, object]) -> _App:
        """Run the migrations this environment has, then point the app at its database."""
        assert self.workdir is not None
        store = self.workdir / "app.db"
        if store.exists():
            store.unlink()
        if self.environment == "sandbox":
            _migrate(store, SCHEMA_VERSION, self.seed)
            return _App(self.release, config, store, self.seed)
        _migrate(store, int(config["migrations"]), self.seed)
        return _App(self.release, config, self.workdir / str(config["database"]), self.seed)
