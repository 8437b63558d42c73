"""The page-paint driver: a real ``streamlit run`` server and headless Chromium (tools/screenshots.py reuses it).

Every page is timed the same way: a new tab, navigation, until the first heading is visible and
Streamlit reports that the script run has finished.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core import paths

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
APP_SCRIPT = "streamlit_app.py"
FLOOR_SCRIPT = "bench/floor_page.py"
"""A two-line page (st.title, st.write): the paint floor every page is a multiple of."""
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, log: Any, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                output = log.read().decode(errors="replace")[-800:]
                raise RuntimeError(f"streamlit did not start: {output}") from None
            time.sleep(0.2)


@contextmanager
def streamlit_server(env: dict[str, str], timeout: float = 120, script: str = APP_SCRIPT) -> Iterator[tuple[str, int]]:
    """A real ``streamlit run SCRIPT`` on a free port; yields (url, pid) once it is healthy.

    The app and the paint floor get the same command line and settings; only the script differs.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log, timeout=timeout)
        yield url, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def browser_profile(browser: Any) -> Any:
    """A new browser profile (context) with the viewport every paint measurement uses."""
    return browser.new_context(viewport={"width": 1400, "height": 1000})


def first_paint(browser: Any, url: str, timeout_ms: float = 120_000, *, context: Any = None) -> tuple[float, float]:
    """Seconds from navigation until the page title (h1) is visible, and until Streamlit finished the run.

    Without ``context`` the visit uses a new browser profile (nothing cached); with one, a new tab in
    that profile, which keeps the HTTP cache of earlier visits like a returning user's browser.
    """
    own = context is None
    context = browser_profile(browser) if own else context
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.locator("h1").first.wait_for(state="visible", timeout=timeout_ms)
        title = time.perf_counter() - start
        page.locator(DONE).wait_for(timeout=timeout_ms)
        return title, time.perf_counter() - start
    finally:
        page.close()
        if own:
            context.close()
