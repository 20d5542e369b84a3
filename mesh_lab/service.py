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
``POST /login``     JSON ``{"user": ..., "password": ...}`` → ``{"token": ...}``. After
                    ``max_failed_logins`` (5) failed logins for one user within
                    ``failed_login_window_s`` (60 s), that user gets 429 with ``Retry-After``
                    until the window has passed, even with the right password.
``GET /dashboard``  needs ``Authorization: Bearer <token>``; reads the user's orders from the DB.
                    A token expires ``token_ttl_s`` (15 min) after login: then 401 "token expired".
``GET /version``    the release, version and database schema version.
``GET /startupz``   Kubernetes-style **startup** probe: 200 once the process has finished starting
                    (warm-up done, migrations applied), 503 before.
``GET /readyz``     **readiness** probe: 200 when it can serve — started *and* its database reachable.
``GET /livez``      **liveness** probe: 200 while the process itself works. It never checks a
                    dependency: a liveness probe that checked the database would get every pod
                    restarted during a database outage (``db_unreachable``: live, but not ready).

``HEAD`` is answered like ``GET``, without the body. Bad requests (malformed JSON, text that is
not Unicode, a number too long to be one, a missing, wrong or expired token, an oversized body,
an unknown path — 404 whatever the method —, a method an endpoint does not answer — 405 with an
``Allow`` header, whatever the method's name) get a clean 4xx JSON answer; the server keeps serving. A client has
``_Handler.header_deadline_s`` (5 s) in all to send its request line and headers, and 5 s for its
body: one byte a second cannot hold a connection (a 408, or a closed connection, instead). The
listen backlog is 128, so a burst of clients is queued, not refused.

Teaching simplifications — never do this in production
------------------------------------------------------
This service is built to be read, deployed, broken and smoke-tested on a laptop. To stay short,
it takes shortcuts that a real service must not:

* **A fixed demo account and password** (``ada`` / ``lovelace``), published in the source code and
  seeded into every database. Real accounts are created by their users; real secrets live in a
  secret store, never in code.
* **A fixed salt and a fast hash**: every database stores ``sha256("mesh-lab" + password)``. Real
  services use a slow, memory-hard password hash (Argon2id, scrypt, bcrypt) with a random salt
  per user.
* **Tokens are random strings kept in memory**: a restart logs everyone out, there is no way to
  revoke one before it expires, and they are not tied to a client. Real services use a session
  store or signed tokens, with revocation.
* **Rate limiting in memory, per user name, per process**: it resets on restart, is not shared
  between instances, and lets anyone lock a known user out for a minute. Real services also limit
  per client address and per account across instances, and alert on it.
* **Plain HTTP/1.0 on 127.0.0.1, no TLS**: tokens and passwords cross the wire in clear text (only
  on this machine). Real services use HTTPS (TLS) everywhere, HTTP/1.1 or later, behind a
  hardened front server.
* **One thread per connection, small fixed limits** (16 KiB body, 128 queued connections, 5 s
  deadlines): fine for a smoke test, not a capacity plan.
* **Error answers say exactly what went wrong** (including database errors): good for learning,
  but in production they tell an attacker too much; log the detail, answer something generic.
* **SQLite in a temporary folder** with its schema created at start-up: real databases are
  migrated by a deploy step, backed up, and outlive the process.

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
import io
import ipaddress
import json
import math
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
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from mesh_lab import report
from mesh_lab.errors import MeshLabError
from mesh_lab.paths import WorkspaceError, workspace

__all__ = [
    "RELEASES",
    "DEMO_USER",
    "DemoService",
    "ServiceError",
    "BootError",
    "UnsafeHostError",
    "CHANGE_RELEASES",
    "ALL_RELEASES",
    "PROBES",
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

CHANGE_RELEASES: dict[str, str] = {
    "config_change": "No code change, only config: the flag login_provider was switched to 'sso', which is "
                     "not set up here. Probes and /health stay green; nobody can log in.",
    "new_migration": "Ships migration 3 (orders get a currency): it runs at startup, before the app serves. "
                     "Not started, not ready until it is done; then everything works.",
}
"""Releases that change only config or the database schema: the seed's “after big config/migration
changes”. Kept apart from ``RELEASES`` (the faults of notebook 01); ``ALL_RELEASES`` holds both."""

ALL_RELEASES: dict[str, str] = {**RELEASES, **CHANGE_RELEASES}

PROBES: dict[str, str] = {"started": "/startupz", "ready": "/readyz", "live": "/livez"}
"""The three Kubernetes probes the service answers, by what each one asks."""

DEMO_USER: dict[str, str] = {"user": "ada", "password": "lovelace"}
"""The user the demo database is seeded with (a smoke test's test account)."""

LOOPBACK_HOSTS = {"127.0.0.1", "localhost"}
MAX_BODY_BYTES = 16 * 1024
MAX_NUMBER_DIGITS = 100  # a login request has no numbers; a 5,000-digit one is an attack, not a typo
LISTEN_BACKLOG = 128  # connections the OS queues while every thread is busy (the stdlib's default is 5)
TOKEN_TTL_S = 15 * 60.0
MAX_FAILED_LOGINS = 5
FAILED_LOGIN_WINDOW_S = 60.0
MAX_TRACKED_USERS = 10_000  # memory bound of the rate limiter: someone may try a million user names
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
    "login_provider": "local",
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
    "config_change": {"login_provider": "sso"},  # same version: only the config changed
    "new_migration": {"version": "2.6.0", "migrations": 3, "startup_s": 0.2},
}


class ServiceError(MeshLabError):
    """The demo service was used in a way that cannot work."""


class BootError(ServiceError):
    """The release could not start (for example, its config is bad)."""


class UnsafeHostError(ServiceError, ValueError):
    """Someone asked the demo service to listen outside loopback."""


def release_config(release: str) -> dict[str, object]:
    """Return the raw config of ``release`` (what its deploy would load), unvalidated."""
    if release not in ALL_RELEASES:
        known = ", ".join(ALL_RELEASES)
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
        if migrations >= 3:
            conn.execute("ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'")
        conn.execute(f"PRAGMA user_version = {int(migrations)}")


def _connect(db_path: Path) -> sqlite3.Connection:
    """Open an existing database read-write; fail (never create) when it is not there."""
    return sqlite3.connect(f"{db_path.as_uri()}?mode=rw", uri=True, timeout=2.0)


# --------------------------------------------------------------------------- the app

@dataclass(frozen=True)
class _Limits:
    """Token lifetime and login rate limit, and the clock they are measured with (a test can pass
    a fake one: nothing has to wait 15 minutes)."""

    token_ttl_s: float = TOKEN_TTL_S
    max_failed_logins: int = MAX_FAILED_LOGINS
    failed_login_window_s: float = FAILED_LOGIN_WINDOW_S
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        for name in ("token_ttl_s", "failed_login_window_s"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
                raise ServiceError(f"{name} must be a positive number of seconds, got {value!r}")
        if isinstance(self.max_failed_logins, bool) or not isinstance(self.max_failed_logins, int) \
                or self.max_failed_logins < 1:
            raise ServiceError(f"max_failed_logins must be a whole number of at least 1, "
                               f"got {self.max_failed_logins!r}")
        if not callable(self.clock):
            raise ServiceError(f"clock must be a function returning seconds (like time.monotonic), "
                               f"got {self.clock!r}")


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def _is_unicode_text(value: str) -> bool:
    """False for a str holding a lone surrogate (JSON's "\\ud800"), which no encoding can write."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _App:
    """The application logic behind the HTTP handler (no sockets here)."""

    def __init__(self, release: str, config: dict[str, object], db_path: Path, seed: int,
                 limits: _Limits | None = None):
        self.release = release
        self.config = config
        self.db_path = db_path
        self.ready_at = time.monotonic() + float(config["startup_s"])
        self.limits = limits or _Limits()
        self.tokens: dict[str, tuple[str, float]] = {}  # token -> (user, expires at, on limits.clock)
        self.failed_logins: dict[str, deque[float]] = {}  # user -> times of recent failed logins
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
            body["output"] = self.starting_because()
        return (503 if status == "fail" else 200), body

    def starting_because(self) -> str:
        """Why the app is not started yet: a migration running, or a warm-up."""
        migrations = int(self.config["migrations"])
        return f"applying migration {migrations}" if migrations > SCHEMA_VERSION else "warming up"

    def probe(self, name: str) -> tuple[int, dict]:
        """A Kubernetes-style probe: ``started``, ``ready`` or ``live`` (see ``PROBES``).

        live: the process answers (nothing else: never a dependency). started: the start-up work is
        done. ready: started and the database answers, so it can serve traffic.
        """
        if name == "live":
            return 200, {"status": "pass", "probe": "live", "output": "the process is running"}
        if not self.ready:
            return 503, {"status": "fail", "probe": name, "output": f"not started: {self.starting_because()}"}
        if name == "started":
            return 200, {"status": "pass", "probe": "started", "output": "start-up finished"}
        db_check = self.database_check()
        if db_check["status"] == "fail":
            return 503, {"status": "fail", "probe": "ready", "output": db_check.get("output", "database down")}
        return 200, {"status": "pass", "probe": "ready", "output": "started, database reachable"}

    def version(self) -> tuple[int, dict]:
        """Release, version, and the database's schema version (``None`` if it cannot be read)."""
        return 200, {"release": self.release, "version": self.config["version"],
                     "schema_version": self.schema_version(),
                     "expected_schema_version": max(SCHEMA_VERSION, int(self.config["migrations"]))}

    def schema_version(self) -> int | None:
        """How many migrations the database has had (SQLite's ``user_version``)."""
        try:
            with closing(_connect(self.db_path)) as conn:
                return conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def login(self, payload: dict) -> tuple[int, dict, dict]:
        """Check the password; answer a token, 401, or 429 while the user is locked out."""
        user, password = payload.get("user"), payload.get("password")
        if not isinstance(user, str) or not isinstance(password, str):
            return 400, {"error": "send JSON like {\"user\": \"...\", \"password\": \"...\"}"}, {}
        if not (_is_unicode_text(user) and _is_unicode_text(password)):
            return 400, {"error": "user and password must be Unicode text: the body has a lone surrogate "
                                  "such as \\ud800, which is not a character"}, {}
        wait_s = self.locked_out_for(user)
        if wait_s:
            return 429, {"error": f"too many failed logins for this user ({self.limits.max_failed_logins} "
                                  f"within {_duration(self.limits.failed_login_window_s)}): try again in "
                                  f"{wait_s} s"}, {"Retry-After": str(wait_s)}
        if self.unlucky():
            return 500, {"error": "internal error (flaky release)"}, {}
        provider = self.config["login_provider"]
        if provider != "local":
            return 503, {"error": f"login provider {provider!r} is not configured in this environment "
                                  f"(config key login_provider; this service only has 'local')"}, {}
        try:
            with closing(_connect(self.db_path)) as conn:
                row = conn.execute("SELECT salt, password_hash FROM users WHERE name = ?",
                                   (user,)).fetchone()
        except sqlite3.Error as exc:
            return 503, {"error": f"database unavailable: {exc}"}, {}
        scheme = str(self.config["password_scheme"])
        if row is None or _hash_password(password, row[0], scheme) != row[1]:
            self.record_failed_login(user)
            return 401, {"error": "wrong user or password"}, {}
        return 200, {"token": self.new_token(user)}, {}

    def new_token(self, user: str) -> str:
        """A fresh token for ``user``, valid for ``token_ttl_s``; forgets expired tokens and past failures."""
        token = secrets.token_hex(16)
        now = self.limits.clock()
        with self.lock:
            self.failed_logins.pop(user, None)
            for old in [t for t, (_, expires) in self.tokens.items() if expires <= now]:
                del self.tokens[old]
            self.tokens[token] = (user, now + self.limits.token_ttl_s)
        return token

    def locked_out_for(self, user: str) -> int:
        """Whole seconds until ``user`` may try again (0: not locked out)."""
        now = self.limits.clock()
        with self.lock:
            failures = self.failed_logins.get(user)
            if not failures:
                return 0
            while failures and failures[0] <= now - self.limits.failed_login_window_s:
                failures.popleft()
            if len(failures) < self.limits.max_failed_logins:
                return 0
            return max(1, math.ceil(failures[0] + self.limits.failed_login_window_s - now))

    def record_failed_login(self, user: str) -> None:
        now = self.limits.clock()
        with self.lock:
            if user not in self.failed_logins and len(self.failed_logins) >= MAX_TRACKED_USERS:
                self._forget_old_failures(now)
            self.failed_logins.setdefault(user, deque(maxlen=self.limits.max_failed_logins)).append(now)

    def _forget_old_failures(self, now: float) -> None:
        """Drop users whose failures are all outside the window; if still full, the oldest half."""
        cutoff = now - self.limits.failed_login_window_s
        for user in [u for u, times in self.failed_logins.items() if not times or times[-1] <= cutoff]:
            del self.failed_logins[user]
        if len(self.failed_logins) >= MAX_TRACKED_USERS:
            for user in list(self.failed_logins)[: MAX_TRACKED_USERS // 2]:
                del self.failed_logins[user]

    def dashboard(self, authorization: str | None) -> tuple[int, dict]:
        if not authorization or not authorization.startswith("Bearer "):
            return 401, {"error": "missing token: send the header 'Authorization: Bearer <token>'"}
        token = authorization.removeprefix("Bearer ").strip()
        now = self.limits.clock()
        with self.lock:
            user, expires = self.tokens.get(token, (None, 0.0))
            if user is not None and expires <= now:
                del self.tokens[token]
                return 401, {"error": f"token expired: tokens last {_duration(self.limits.token_ttl_s)} "
                                      f"after login; log in again with POST /login"}
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

_ROUTES: dict[str, tuple[str, ...]] = {"/health": ("GET", "HEAD"), "/version": ("GET", "HEAD"),
                                       "/login": ("POST",), "/dashboard": ("GET", "HEAD"),
                                       **{path: ("GET", "HEAD") for path in ("/startupz", "/readyz", "/livez")}}
_PROBE_OF_PATH = {path: name for name, path in PROBES.items()}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _DeadlinePassed(TimeoutError):
    """The client did not send its request in the time it is given."""


class _DeadlineReader(io.RawIOBase):
    """Reads the client's socket, but never past ``deadline`` (on ``time.monotonic``).

    A socket timeout alone restarts with every byte: a client sending one byte a second would
    hold the connection, and its thread, for as long as it likes.
    """

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.deadline = time.monotonic()
        self.expired = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise _DeadlinePassed("the request did not arrive in time")
        self.sock.settimeout(remaining)
        try:
            return self.sock.recv_into(buffer)
        except TimeoutError:
            self.expired = True
            raise _DeadlinePassed("the request did not arrive in time") from None


def _small_int(text: str) -> int:
    """``json.loads``' reader of whole numbers, refusing the absurdly long (Python would spend
    time on them, then refuse past 4,300 digits with a ValueError: a 500 before this)."""
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _BadRequest(400, f"the body has a number with {len(text.lstrip('-')):,} digits; a login request "
                               f"has none longer than {MAX_NUMBER_DIGITS}")
    return int(text)


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into calls on ``_App``; every answer is JSON."""

    server_version = "MeshLabDemo/1.0"
    timeout = 5  # seconds for the body, and for writing an answer (stop() hangs up on a stalled client)
    header_deadline_s = 5.0  # seconds, in all, for the request line and the headers

    @property
    def app(self) -> _App:
        return self.server.app  # type: ignore[attr-defined]

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the plain socket file is replaced by one that keeps to a deadline
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        """The stdlib's request loop, with an overall deadline; a request that misses it gets 408."""
        self._answered = False
        self.command, self.requestline, self.request_version = "", "", "HTTP/1.0"
        self._reader.deadline = time.monotonic() + self.header_deadline_s
        self._reader.expired = False
        super().handle_one_request()
        if self._reader.expired and not self._answered:
            self.send_error(408, f"the request line and headers did not arrive within "
                                 f"{self.header_deadline_s:g} s")

    def parse_request(self) -> bool:
        try:
            return super().parse_request()
        except _DeadlinePassed:  # headers still trickling in: handle_one_request answers 408
            self.close_connection = True
            return False

    def __getattr__(self, name: str):
        """``do_<METHOD>`` for any method: the route answers 405 with ``Allow``, never the stdlib's 501."""
        if name.startswith("do_"):
            return lambda: self._dispatch(name[3:])
        raise AttributeError(name)

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
            self._reader.deadline = time.monotonic() + 0.5
            while length > 0 and (chunk := self.rfile.read(min(length, 64 * 1024))):
                length -= len(chunk)
        except OSError:
            pass

    def _route(self, method: str) -> tuple[int, dict, dict]:
        path = urlsplit(self.path).path
        if path not in _ROUTES:
            raise _BadRequest(404, f"no such endpoint {path!r}; try one of {', '.join(_ROUTES)}")
        allowed = _ROUTES[path]
        if method not in allowed:
            shown = method if len(method) <= 20 else method[:20] + "…"
            return 405, {"error": f"{path} only answers {' and '.join(allowed)}, not {shown}"}, \
                {"Allow": ", ".join(allowed)}
        if path == "/health":
            status, body = self.app.health()
            return status, body, {"Content-Type": "application/health+json"}
        if path in _PROBE_OF_PATH:
            status, body = self.app.probe(_PROBE_OF_PATH[path])
            return status, body, {"Content-Type": "application/health+json"}
        if not self.app.ready:
            return 503, {"error": "starting up, try again in a moment"}, {"Retry-After": "1"}
        if path == "/version":
            return (*self.app.version(), {})
        if path == "/login":
            return self.app.login(self._read_json())
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
            self._reader.deadline = time.monotonic() + self.timeout
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
            payload = json.loads(raw.decode("utf-8"), parse_int=_small_int)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _BadRequest(400, f"body is not valid JSON: {exc}") from None
        except RecursionError:
            raise _BadRequest(400, "body is nested too deeply to be a login request") from None
        except ValueError as exc:  # anything else json cannot turn into values
            raise _BadRequest(400, f"body cannot be read as JSON values: {exc}") from None
        if not isinstance(payload, dict):
            raise _BadRequest(400, "body must be a JSON object like {\"user\": ..., \"password\": ...}")
        return payload

    def _send_json(self, status: int, body: dict, headers: dict) -> None:
        self._answered = True
        self.connection.settimeout(self.timeout)  # the reader may have left a nearly spent deadline on it
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
    request_queue_size = LISTEN_BACKLOG
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
    release that cannot boot, and ``ServiceError`` when its folder cannot be written. The
    database lives in a per-instance folder of the workspace (or ``workdir``); a folder the
    service created itself is removed again by ``stop()``.

    ``token_ttl_s`` (default 15 min) is how long a login token is valid; ``max_failed_logins``
    failed logins (default 5) for one user within ``failed_login_window_s`` (default 60 s) lock
    that user out with 429. ``clock`` (default ``time.monotonic``) measures both, so a test can
    move time forward instead of waiting.
    """

    def __init__(self, release: str = "healthy", *, host: str = "127.0.0.1", seed: int = 0,
                 workdir: str | Path | None = None, environment: str = "live",
                 token_ttl_s: float = TOKEN_TTL_S, max_failed_logins: int = MAX_FAILED_LOGINS,
                 failed_login_window_s: float = FAILED_LOGIN_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic):
        release_config(release)  # fails early, with the list of releases, on a typo
        if environment not in {"live", "sandbox"}:
            raise ServiceError(f"environment must be 'live' or 'sandbox', got {environment!r}")
        self._limits = _Limits(token_ttl_s, max_failed_logins, failed_login_window_s, clock)
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
        return ALL_RELEASES[self.release]

    def __repr__(self) -> str:
        where = self.base_url if self.running else "stopped"
        return f"DemoService(release={self.release!r}, {where})"

    def _repr_html_(self) -> str:
        state = report.status_html("pass", f"running at {self.base_url}") if self.running \
            else report.status_html("skipped", "stopped")
        return (f"<div>🖥️ <b>DemoService</b> release <code>{html.escape(self.release)}</code> — {state}"
                f"<br>{report.note_html(html.escape(self.description))}</div>")

    # ---- internals
    def _require_server(self) -> _Server:
        if self._server is None:
            raise ServiceError(f"the {self.release!r} service is not running: call start() first "
                               f"(or use `with DemoService(...) as service:`)")
        return self._server

    def _make_workdir(self) -> None:
        if self._workdir_arg is not None:
            folder = self._workdir_arg.resolve()
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._cannot_write(folder, exc) from None
            self.workdir = folder
            self._owns_workdir = False
            return
        try:
            parent = workspace() / "demo_service"
        except WorkspaceError as exc:  # it already says which folder and how to fix it
            raise ServiceError(f"the demo service cannot keep its database: {exc}") from None
        except OSError as exc:  # the workspace itself cannot be created
            raise self._cannot_write(Path(exc.filename or "the workspace"), exc) from None
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.release}-", dir=parent))
        except OSError as exc:
            raise self._cannot_write(parent, exc) from None
        self._owns_workdir = True

    def _cannot_write(self, folder: Path, exc: BaseException) -> ServiceError:
        """The error for a folder the service cannot write its database in: what, where, how to fix."""
        reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__
        if self._workdir_arg is not None:
            fix = "pass workdir= a folder you can write to"
        else:
            fix = ("point MESH_LAB_WORKSPACE at a folder you can write to "
                   "(for example: export MESH_LAB_WORKSPACE=$HOME/mesh-lab-workspace)")
        return ServiceError(f"the demo service cannot write its database in {folder}: {reason}. "
                            f"Make that folder writable, or {fix}.")

    def _remove_workdir(self) -> None:
        if self._owns_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self._owns_workdir = False

    def _build_app(self, config: dict[str, object]) -> _App:
        """Run the migrations this environment has, then point the app at its database."""
        assert self.workdir is not None
        store = self.workdir / "app.db"
        migrations = max(SCHEMA_VERSION, int(config["migrations"])) if self.environment == "sandbox" \
            else int(config["migrations"])
        try:
            if store.exists() or store.is_symlink():
                store.unlink()
            _migrate(store, migrations, self.seed)
        except (OSError, sqlite3.Error) as exc:  # name the folder the learner chose, not our temporary one
            raise self._cannot_write(self.workdir.parent if self._owns_workdir else self.workdir, exc) from None
        database = store if self.environment == "sandbox" else self.workdir / str(config["database"])
        return _App(self.release, config, database, self.seed, self._limits)
