"""Start, stop and check the embedded Neo4j 5.26 test server (tests only).

    python tests/neo4j/server.py start [--dir DIR] [--port N]   prints shell exports
    python tests/neo4j/server.py stop  [--dir DIR]
    python tests/neo4j/server.py status [--dir DIR]

The Maven project beside this file is built once (`mvn compile` + a classpath file); the server
then runs as a plain `java` process so that its pid is ours to stop. Readiness is a health check:
the server writes a ready file after Bolt accepts work, then we open a TCP connection to the port.
The password comes from NEO4J_PASSWORD (or is generated and written to DIR/password, mode 600).
"""
from __future__ import annotations

import argparse
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE / ".run"
START_TIMEOUT = 180.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build() -> str:
    """Compile the server and return its classpath (Maven downloads Neo4j on first use)."""
    cp_file = HERE / "target" / "classpath.txt"
    classes = HERE / "target" / "classes" / "govgraph" / "testserver" / "TestServer.class"
    if not (cp_file.exists() and classes.exists()):
        # stdout goes to stderr: callers eval our stdout (the exports)
        subprocess.run(
            ["mvn", "-B", "-q", "-Dstyle.color=never", "compile", "dependency:build-classpath",
             "-Dmdep.outputFile=target/classpath.txt"],
            cwd=HERE, check=True, stdout=sys.stderr,
        )
    return str(HERE / "target" / "classes") + os.pathsep + cp_file.read_text().strip()


def password(run_dir: Path) -> str:
    pw = os.environ.get("NEO4J_PASSWORD")
    pw_file = run_dir / "password"
    if not pw:
        if pw_file.exists():
            pw = pw_file.read_text().strip()
        else:
            pw = secrets.token_urlsafe(18)
    pw_file.write_text(pw)
    pw_file.chmod(0o600)
    return pw


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_tcp(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Bolt port {port} did not accept connections")


def start(run_dir: Path, port: int | None) -> dict[str, str]:
    run_dir.mkdir(parents=True, exist_ok=True)
    pid_file, port_file, ready = run_dir / "pid", run_dir / "port", run_dir / "ready"
    pw = password(run_dir)
    if pid_file.exists() and pid_alive(int(pid_file.read_text())) and ready.exists():
        port = int(port_file.read_text())
        return exports(port, pw, run_dir)
    port = port or (int(port_file.read_text()) if port_file.exists() else free_port())
    classpath = build()
    ready.unlink(missing_ok=True)
    log = open(run_dir / "server.log", "ab")
    env = dict(os.environ, NEO4J_PASSWORD=pw)
    proc = subprocess.Popen(
        ["java", "-Xmx2g", "-XX:+UseG1GC", "-cp", classpath, "govgraph.testserver.TestServer",
         str(run_dir / "db"), str(port), str(ready)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
        start_new_session=True,
    )
    pid_file.write_text(str(proc.pid))
    port_file.write_text(str(port))
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"Neo4j test server exited with {proc.returncode}; see {run_dir/'server.log'}")
        if time.monotonic() > deadline:
            proc.terminate()
            raise TimeoutError(f"Neo4j test server not ready after {START_TIMEOUT:.0f}s")
        time.sleep(0.2)
    wait_tcp(port, deadline)
    return exports(port, pw, run_dir)


def exports(port: int, pw: str, run_dir: Path) -> dict[str, str]:
    return {
        "NEO4J_URI": f"bolt://127.0.0.1:{port}",
        "NEO4J_USER": "neo4j",
        "GOVGRAPH_TEST_NEO4J_DIR": str(run_dir),
    }


def shell_exports(env: dict[str, str]) -> str:
    """`export K=V` lines for `eval`, every value shell-quoted (a path may hold $, ; or spaces)."""
    return "\n".join(f"export {k}={shlex.quote(v)}" for k, v in env.items())


def stop(run_dir: Path, timeout: float = 60.0) -> bool:
    pid_file = run_dir / "pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text())
    if pid_alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.2)
        if pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    (run_dir / "ready").unlink(missing_ok=True)
    return True


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["start", "stop", "status"])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--port", type=int)
    a = ap.parse_args(argv)
    if a.command == "start":
        print(shell_exports(start(a.dir, a.port)))
    elif a.command == "stop":
        print("stopped" if stop(a.dir) else "not running", file=sys.stderr)
    else:
        pid_file = a.dir / "pid"
        alive = pid_file.exists() and pid_alive(int(pid_file.read_text()))
        print("running" if alive else "stopped")
        return 0 if alive else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
