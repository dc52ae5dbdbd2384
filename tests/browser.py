"""Headless Chromium for the page tests, driven by Playwright for Python.

Why: the pages must be checked as a person sees them (drawn, settled, no script from data
running). Playwright drives Debian's chromium (`executable_path`), since browsers cannot be
downloaded here: never run `playwright install`. Chromium starts with no background
networking and host resolution switched off, so a page can load nothing from outside and no
traffic leaves the machine; every request a page makes is still recorded.

    with launch() as browser:
        page = open_page(browser, Path("x.html"), "window.govgraph && window.govgraph.stabilised")
        page.screenshot(path="x.png")
        page.gg_requests, page.gg_errors   # what it asked for, uncaught errors

Also a command: `python tests/browser.py screenshot PAGE.html OUT.png [--wait JS]`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
        "--disable-features=Translate,MediaRouter,OptimizationHints",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]

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
READY = ("(window.govgraph && window.govgraph.stabilised) || "
         "(window.govgraphMap && window.govgraphMap.ready)")


def chromium_path() -> str | None:
    """GOVGRAPH_CHROMIUM, else Debian's chromium on PATH."""
    return os.environ.get("GOVGRAPH_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


@contextmanager
def launch():
    """A headless Playwright Browser on the system's Chromium (closed on exit)."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if not exe:
        raise RuntimeError("no chromium found (apt-get install chromium, or set GOVGRAPH_CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, path: Path, ready: str = READY, width: int = 1400, height: int = 900,
              timeout_s: float = 60):
    """Open a file in a fresh page and wait until `ready` (a JS expression) is true.

    The page carries `gg_requests` (every URL asked for) and `gg_errors` (uncaught errors).
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    page.gg_requests, page.gg_errors = [], []
    page.on("request", lambda r: page.gg_requests.append(r.url))
    page.on("pageerror", lambda e: page.gg_errors.append(str(e)))
    page.add_init_script(WATCH)
    # Wait for the page's own ready flag, not the load event (a large page's script runs long).
    page.goto(Path(path).resolve().as_uri(), wait_until="commit")
    try:
        page.wait_for_function(ready, timeout=timeout_s * 1000)
    except Exception as e:  # say why: the page's own errors are the usual cause
        raise AssertionError(f"{Path(path).name} not ready ({ready}) within {timeout_s}s; "
                             f"page errors: {page.gg_errors or 'none'}") from e
    return page


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("screenshot", help="open a page, wait until it is ready, save a PNG")
    s.add_argument("page")
    s.add_argument("out")
    s.add_argument("--wait", default=READY, help="JS expression that is true once drawn")
    s.add_argument("--width", type=int, default=1400)
    s.add_argument("--height", type=int, default=900)
    s.add_argument("--then", default=None, help="JS to run once ready, before the screenshot")
    args = ap.parse_args(argv)
    with launch() as b:
        page = open_page(b, Path(args.page), args.wait, args.width, args.height)
        if args.then:
            page.evaluate(args.then)
            page.wait_for_function("window.govgraph ? !window.govgraph.busy : true")
        page.screenshot(path=args.out)
        print(f"saved {args.out}; page errors: {page.gg_errors or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
