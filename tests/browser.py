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


class _PagesHandler(_QuietHandler):
    """As GitHub Pages serves a project site: the folder under a prefix such as /portfolio/, a folder's
    index.html and nothing else; any other address answers 404 with the site's 404.html."""

    prefix = "/"

    def send_head(self):
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def list_directory(self, path):
        self.send_error(404)  # GitHub Pages lists no folder

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(folder: Path, prefix: str = ""):
    """Serve a folder on 127.0.0.1 on a free port; the server stops when the block ends. With a prefix
    (e.g. "/portfolio/"), as GitHub Pages serves a project site, 404.html answering any other address;
    the address is known before the folder is filled, so a site can be built for it."""
    kind = type("PagesHandler", (_PagesHandler,), {"prefix": prefix}) if prefix else _QuietHandler
    handler = functools.partial(kind, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    finally:
        server.shutdown()
        server.server_close()
