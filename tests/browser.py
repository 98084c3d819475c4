"""A real browser for tests: Debian's Chromium driven by Playwright, and a local server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path


def _find_chromium() -> str:
    """Debian's Chromium; elsewhere (e.g. a GitHub runner) $CHROMIUM or an installed Chrome."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return "/usr/bin/chromium"


CHROMIUM = _find_chromium()
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MISSING = (
    f"Chromium is not installed at {CHROMIUM}: install it with `apt-get install chromium` "
    "(`make test` does this when run as root)"
)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 on a free port; the server stops when the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
