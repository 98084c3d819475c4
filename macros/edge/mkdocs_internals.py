"""Every use `make serve` makes of what MkDocs does not document, in one place.

`make serve` builds again only the pages an edit changed and answers while it builds (macros/edge/hooks.py).
For that it reads and sets attributes of MkDocs' live-reload server, pages and files that are MkDocs 1.6's own
rather than its plugin API. They were read from the versions in WRITTEN_FOR: tests/test_mkdocs_internals.py
fails on any other MkDocs, naming each of them, and on a version not listed `make serve` leaves them alone
and builds every page on each edit, as plain `mkdocs serve` does.
"""

from __future__ import annotations

WRITTEN_FOR = ("1.6.1",)

# What is used, by class, as MkDocs 1.6 names it (the test checks each exists).
SERVER = ("root", "builder", "error_handler", "_epoch_cond", "_wanted_epoch", "_visible_epoch", "observer")
OBSERVER = ("_timeout",)  # watchdog's polling observer: how long it waits between looks
PAGE = ("present_anchor_ids", "links_to_anchors")
FILE = ("is_modified",)


def mkdocs_version() -> str:
    from mkdocs import __version__

    return __version__


def supported() -> bool:
    """Whether the MkDocs in use is one these were read from."""
    return mkdocs_version() in WRITTEN_FOR


# --- the live-reload server (mkdocs/livereload/__init__.py) -------------------------------------------


def answer_while_building(server) -> int:
    """MkDocs holds every request while it builds (its server waits for the version being built); the
    build writes elsewhere, so requests are answered at once from the site being served. Returns the
    version being built, for reload_browsers."""
    with server._epoch_cond:
        building, server._wanted_epoch = server._wanted_epoch, server._visible_epoch
        server._epoch_cond.notify_all()
    return building


def reload_browsers(server, building: int) -> None:
    """The version answer_while_building set aside is ready: browsers showing the site reload."""
    with server._epoch_cond:
        server._wanted_epoch = building


def poll_every(server, seconds: float) -> None:
    """How often the watches MkDocs adds after on_serve look for a saved file (MkDocs: 0.5 s)."""
    if hasattr(server.observer, "_timeout"):
        server.observer._timeout = seconds


def served_folder(server) -> str:
    return server.root


def serve_folder(server, folder: str) -> None:
    server.root = folder


def wrap_builder(server, rebuild) -> None:
    """Each rebuild calls rebuild(build), where build is MkDocs' own."""
    build = server.builder
    server.builder = lambda: rebuild(build)


def set_error_pages(server, page) -> None:
    """page(code) gives the bytes of an error page (404, 500), or None."""
    server.error_handler = page


# --- pages and files (mkdocs/structure/) ----------------------------------------------------------------


def page_anchors(page) -> tuple[set | None, dict[str, dict]]:
    """A built page's anchors, and its links to anchors on other pages (that page's file -> {anchor: link}),
    which MkDocs checks after every page is built."""
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    return page.present_anchor_ids, links


def restore_page_anchors(page, anchors: set | None, links: dict[str, dict], files) -> None:
    """Give a page not built this time its anchors and links as the last build made them."""
    page.present_anchor_ids = anchors
    page.links_to_anchors = {
        target: dict(found) for src, found in links.items() if (target := files.get_file_from_path(src))
    }


def build_only(files, wanted) -> None:
    """In a dirty build (`mkdocs serve --dirty`) MkDocs builds the files whose is_modified() is true: those
    wanted(file) says."""
    for file in files:
        file.is_modified = (lambda modified: lambda: modified)(wanted(file))
