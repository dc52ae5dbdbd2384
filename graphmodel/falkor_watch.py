"""The idle watcher of an embedded server (`python -m graphmodel.falkor_watch watch DIR IDLE`).

Started detached by the process that starts or reuses a server (falkor_server), it stops the
server once nobody has the store open and nobody has used it for IDLE seconds, and stops an
orphan: a server whose data directory was deleted under it.
"""
from __future__ import annotations

import os
import signal
import sys
import time

from .falkor_config import pid_alive as _pid_alive
from .falkor_config import wait_gone
from .falkor_server import EmbeddedServer


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
        wait_gone(pid, wait)



if __name__ == "__main__":  # python -m graphmodel.falkor_watch watch DIR IDLE [SERVER_PID]
    if len(sys.argv) in (4, 5) and sys.argv[1] == "watch":
        sys.exit(watch(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) == 5
                       else 0))
    print("usage: python -m graphmodel.falkor_watch watch DIR IDLE_SECONDS [SERVER_PID]",
          file=sys.stderr)
    sys.exit(2)
