"""Headless Chromium driven over the DevTools Protocol, with a stdlib-only websocket client.

Why: the pages must be checked as a person sees them (drawn, settled, no script from data
running), and the test machines have Debian's chromium but no websocket library. Chromium is
started with a fresh profile, no background networking, and host resolution switched off, so a
page can load nothing from outside and no traffic leaves the machine.

    with Browser() as b:
        page = b.new_page(1400, 900)
        page.goto(Path("x.html").resolve().as_uri())
        page.wait_for("window.govgraph && window.govgraph.stabilised", 30)
        page.screenshot("x.png")

Also a command: `python tests/browser.py screenshot PAGE.html OUT.png [--wait JS]`.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
         "--disable-features=Translate,MediaRouter,OptimizationHints",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
         "--remote-debugging-port=0"]

# Installed before any page script: records every document.title write and every alert.
WATCH = """
(function () {
  window.__titleSets = []; window.__alerts = [];
  var d = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
  Object.defineProperty(Document.prototype, 'title', {configurable: true,
    get: function () { return d.get.call(this); },
    set: function (v) { window.__titleSets.push(String(v)); d.set.call(this, v); }});
  window.alert = function (m) { window.__alerts.push(String(m)); };
})();
"""


def chromium_path() -> str | None:
    """GOVGRAPH_CHROMIUM, else Debian's chromium (or another Chromium build on PATH)."""
    env = os.environ.get("GOVGRAPH_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    pass


class _WebSocket:
    """Just enough RFC 6455 for CDP: masked text frames out, text frames in, pings answered."""

    def __init__(self, host: str, port: int, path: str, timeout: float = 30.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the handshake")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n")[0]:
            raise BrowserError(f"DevTools refused the websocket: {status[:200]!r}")
        self.buf = rest

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise BrowserError("DevTools connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text: str) -> None:
        self._frame(0x1, text.encode())

    def _frame(self, opcode: int, payload: bytes) -> None:
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else \
            (int.from_bytes(payload, "big") ^ int.from_bytes((mask * (n // 4 + 1))[:n], "big")
             ).to_bytes(n, "big")
        self.sock.sendall(head + mask + body)

    def recv(self) -> str:
        parts = []
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise BrowserError("DevTools closed the websocket")
            if opcode in (0x1, 0x2, 0x0):
                parts.append(payload)
                if b0 & 0x80:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class Browser:
    def __init__(self, executable: str | None = None, timeout: float = 30.0):
        self.executable = executable or chromium_path()
        if not self.executable:
            raise BrowserError("no chromium found (apt-get install chromium, or set GOVGRAPH_CHROMIUM)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="govgraph-chromium-")
        self.proc = subprocess.Popen([self.executable, *FLAGS, f"--user-data-dir={self.profile}",
                                      "about:blank"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self._next = 0
        self.events: list[dict] = []
        try:
            port, path = self._active_port()
            self.ws = _WebSocket("127.0.0.1", port, path, timeout)
        except Exception:
            self.close()
            raise

    def _active_port(self) -> tuple[int, str]:
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BrowserError(f"chromium exited with code {self.proc.returncode}")
            if marker.exists():
                lines = marker.read_text().split()
                if len(lines) >= 2:
                    return int(lines[0]), lines[1]
            time.sleep(0.05)
        raise BrowserError("chromium did not open its DevTools port in time")

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def new_page(self, width: int = 1400, height: int = 900) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.send("Network.enable")
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws:
            try:
                self.send("Browser.close")
            except (BrowserError, OSError):
                pass
            ws.close()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group only
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def goto(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in res:
            raise BrowserError(f"page script failed: {res['exceptionDetails'].get('text')} "
                               f"{res['exceptionDetails'].get('exception', {}).get('description', '')}")
        return res.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.05):
        """Poll until the expression is truthy; return its value and the seconds it took."""
        start = time.monotonic()
        while True:
            value = self.evaluate(f"(function(){{try{{return ({expression});}}"
                                  f"catch(e){{return null;}}}})()")
            if value:
                return value, time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise BrowserError(f"timed out after {timeout}s waiting for {expression}")
            time.sleep(interval)

    def move_mouse(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, path: str | Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def requests(self) -> list[str]:
        """URLs the page asked for so far (every request, also those that failed)."""
        return [e["params"]["request"]["url"] for e in self.browser.events
                if e.get("method") == "Network.requestWillBeSent"
                and e.get("sessionId") == self.session]

    def exceptions(self) -> list[str]:
        """Uncaught page errors seen so far (from Runtime events)."""
        return [e["params"]["exceptionDetails"].get("text", "") for e in self.browser.events
                if e.get("method") == "Runtime.exceptionThrown"
                and e.get("sessionId") == self.session]


READY = ("(window.govgraph && window.govgraph.stabilised) || "
         "(window.govgraphMap && window.govgraphMap.ready)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("screenshot", help="open a page, wait until it is ready, save a PNG")
    s.add_argument("page")
    s.add_argument("out")
    s.add_argument("--wait", default=READY, help="JS expression that is true once drawn")
    s.add_argument("--width", type=int, default=1400)
    s.add_argument("--height", type=int, default=900)
    s.add_argument("--settle", type=float, default=0.5, help="seconds to wait after ready")
    args = ap.parse_args(argv)
    with Browser() as b:
        page = b.new_page(args.width, args.height)
        page.goto(Path(args.page).resolve().as_uri())
        _, took = page.wait_for(args.wait, 60)
        time.sleep(args.settle)
        page.screenshot(args.out)
    print(f"ready after {took:.2f}s; saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
