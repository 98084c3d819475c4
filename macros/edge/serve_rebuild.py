"""MkDocs hook: `make serve` builds again only the pages an edit changes, and answers while it builds.

`make serve` runs `mkdocs serve --dirty`, in which MkDocs builds only the files marked modified. This hook
marks them (macros/edge/rebuild_plan.py: the pages whose Markdown changed or whose macros read data the edit
changed; every page when the navigation, macros/, overrides/, a schema or the list of pages changed, or
the data has a mistake), and gives each page it does not build what other pages show of it, as the last
build made it: its title in their menus, its anchors, its entries in the search index. Each rebuild
writes into a new folder; when it is done that folder replaces the served site (every page built) or is
laid over it (some pages), and until then the server answers every request from the site as it was.

Only `mkdocs serve` uses this; `make build`, `make check`, `make preview` and the tests of the built site
build every page, as before.
"""

from __future__ import annotations

import copy
import gc
import importlib
import logging
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

PROJECT = str(Path(__file__).resolve().parents[2])
DATA_POLL = 0.1  # seconds between looks at data/, macros/ and overrides/ for a saved file (MkDocs: 0.5)
SETTLE_AFTER = 1.0  # seconds without a rebuild before its garbage is collected (see _settle_when_idle)

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


class FullRebuildNeeded(Exception):
    """Raised while building some pages when every page must be built after all."""


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by the last build (Jinja compiles one again if its text changed)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class _Page:
    """What a build made of a page that the build of another page needs, or that the site keeps."""

    title: str | None
    meta: dict
    anchors: set | None  # the anchors on it, for checking links to them
    links: dict[str, dict]  # its links to anchors on other pages: that page's file -> {anchor: link}
    reads: frozenset  # what its macros read (reads.py)
    search: list = field(default_factory=list)  # its entries in the search index


@dataclass
class _State:
    """Kept for as long as `mkdocs serve` runs (MkDocs loads a hook once per process)."""

    serving: bool = False
    incremental: bool = False  # mkdocs serve --dirty: only what changed is built
    last: object = None  # the Inputs of the build being served (rebuild_plan.Inputs)
    pages: dict = field(default_factory=dict)  # ... and what it made of each page (_Page)
    staging: str | None = None  # where the build under way writes
    full_because: str | None = None  # why the build under way must build every page after all
    folders: set = field(default_factory=set)  # the folders made for builds, removed when serving ends
    building: threading.Lock = field(default_factory=threading.Lock)  # held while a rebuild runs
    settling: threading.Timer | None = None
    templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)
    # the build under way
    files: dict = field(default_factory=dict)
    inputs: object = None
    plan: object = None
    nav_pages: set = field(default_factory=set)
    order: list = field(default_factory=list)
    made: dict = field(default_factory=dict)
    search_seen: int = 0
    done: tuple | None = None  # (inputs, pages) once the build has made every page


_state = _State()


def on_startup(command, dirty):
    _state.serving = command == "serve"
    _state.incremental = _state.serving and dirty
    if _state.incremental:
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves menus and links wrong; this hook keeps them right."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@event_priority(110)  # before mkdocs-macros reads data/: a file saved after this is seen by the next build
def on_config(config):
    if not _state.serving:
        return config
    project_files = _plan_module().project_files
    if _state.staging:
        config.site_dir = _state.staging
    _state.files = project_files(Path(config.config_file_path).parent, Path(config.docs_dir))
    _state.done = None
    return config


def on_pre_build(config):
    search = _search(config)
    if _state.incremental and search is not None:
        search.search_index_prev = None  # Material's own merging of a dirty build's index; this hook's is below


@event_priority(-100)  # after macros/edge/generated_pages.py has added the KPI pages
def on_files(files, config):
    if not _state.incremental:
        return files
    Inputs, Plan, plan_rebuild = (getattr(_plan_module(), name) for name in ("Inputs", "Plan", "plan_rebuild"))
    build = _macros_build(config)
    _state.inputs = Inputs(
        _state.files,
        frozenset(file.src_uri for file in files.documentation_pages()),
        build.site if build else None,
        dict(build.dates) if build else {},
    )
    if _state.full_because:
        _state.plan = Plan(True, _state.full_because)
    else:
        reads = {page: made.reads for page, made in _state.pages.items()}
        _state.plan = plan_rebuild(_state.last, _state.inputs, reads, _docs(config))
    log.info(_state.plan.words(len(_state.inputs.pages)))
    if not _state.plan.full:
        build.partial, build.changed = True, _state.plan.data
        # The menu (404.html) and the list of pages (sitemap.xml) stay as the last build wrote them.
        config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
    again = _state.plan.pages | _state.plan.files
    for file in files:
        file.is_modified = (lambda modified: lambda: modified)(_state.plan.full or file.src_uri in again)
    return files


def on_nav(nav, config, files):
    _state.nav_pages = {page.file.src_uri for page in nav.pages}
    return nav


@event_priority(-100)
def on_env(env, config, files):
    """Every page that will be written has been read and rendered: note what each made, and give the
    pages not built this time what the last build made of them."""
    if _state.serving:
        env.bytecode_cache = _state.templates  # a template is compiled in the first build, not in each
    if not _state.incremental:
        return env
    build = _macros_build(config)
    reads = build.page_reads if build else {}
    _state.made, _state.order, _state.search_seen = {}, [], 0
    for file in files.documentation_pages():
        page, src = file.page, file.src_uri
        _state.order.append(src)
        if page.markdown is not None:
            _state.made[src] = _made(page, frozenset(reads.get(src, ())))
        elif src in _state.pages:
            _restore(page, _state.pages[src], files)
    if not _state.plan.full:
        for src, made in _state.made.items():
            kept = _state.pages.get(src)
            if src in _state.nav_pages and kept and (made.title, made.meta) != (kept.title, kept.meta):
                raise FullRebuildNeeded(f"the title of {_docs(config)}/{src} changed, which the menus show")
    return env


def _made(page, reads: frozenset) -> _Page:
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    return _Page(page.title, copy.deepcopy(page.meta), page.present_anchor_ids, links, reads)


def _restore(page, kept: _Page, files) -> None:
    page.title = kept.title
    page.meta = copy.deepcopy(kept.meta)
    page.present_anchor_ids = kept.anchors
    page.links_to_anchors = {
        target: dict(anchors) for src, anchors in kept.links.items() if (target := files.get_file_from_path(src))
    }


@event_priority(-100)  # after Material's search plugin has added the page to its index
def on_page_context(context, page, config, nav):
    search = _search(config)
    if _state.incremental and search is not None:
        entries = search.search_index.entries
        _state.made[page.file.src_uri].search = entries[_state.search_seen :]
        _state.search_seen = len(entries)
    return context


@event_priority(100)  # before Material's search plugin writes its index
def on_post_build(config):
    if not _state.incremental:
        return
    pages = {**_state.pages, **_state.made}
    search = _search(config)
    if search is not None and not _state.plan.full:
        # The whole index, in the order a full build writes it: this build's entries for the pages it built.
        search.search_index.entries = [entry for src in _state.order for entry in pages[src].search]
    _state.done = (_state.inputs, {src: pages[src] for src in _state.order})


def on_serve(server, config, builder):
    """The first build is served: from now on each rebuild writes into a new folder (see above)."""
    if not _state.serving:
        return server  # `mkdocs serve --clean` builds as `mkdocs build` does, into the served folder
    _keep(server.root)
    _commit()
    gc.collect()
    gc.freeze()  # what the first build made and keeps (the data, each page's record) is left out of later scans
    original = builder
    server.builder = lambda: _rebuild(server, original)
    server.error_handler = lambda code: _error_page(server.root, code)
    if hasattr(server.observer, "_timeout"):
        # Read by the watches MkDocs adds after this event (data/, macros/, overrides/; docs/ stays at 0.5 s):
        # a saved figure is seen in 0.1 s, not up to half a second.
        server.observer._timeout = DATA_POLL
    return server


def on_shutdown():
    if _state.settling:
        _state.settling.cancel()
    for folder in _state.folders:
        shutil.rmtree(folder, ignore_errors=True)


# --- the rebuild, beside the served site -----------------------------------------------------------------


def _rebuild(server, builder) -> None:
    """Build into a new folder while the server answers from the site as it is; then publish it."""
    staging = _keep(tempfile.mkdtemp(prefix="mkdocs_", dir=os.path.dirname(server.root)))
    building = _answer_while_building(server)
    _state.building.acquire()
    try:
        _state.staging = staging
        try:
            builder()
        except FullRebuildNeeded as why:
            log.info("Building every page after all: %s.", why)
            _state.full_because = str(why)
            shutil.rmtree(staging)
            os.mkdir(staging)
            builder()
        every_page = _state.plan is None or _state.plan.full
        if every_page:
            _replace_site(server, staging)
        else:
            _lay_over(staging, server.root)
        _commit()
    except BaseException:
        _state.last, _state.pages = None, {}  # the next build builds every page
        raise
    finally:
        _state.staging = _state.full_because = None
        if staging != server.root:
            _forget(staging)
        _state.building.release()
    with server._epoch_cond:
        server._wanted_epoch = building  # the new site is ready: browsers reload
    _settle_when_idle()


def _answer_while_building(server) -> int:
    """MkDocs holds every request while it builds (its server waits for the version being built); the
    build writes elsewhere, so requests are answered at once from the site being served. (The attributes
    are MkDocs 1.6's LiveReloadServer's, pinned in requirements.txt; tests/test_serve.py times a request.)"""
    with server._epoch_cond:
        building, server._wanted_epoch = server._wanted_epoch, server._visible_epoch
        server._epoch_cond.notify_all()
    return building


def _replace_site(server, staging: str) -> None:
    old, server.root = server.root, staging
    _forget(old)


def _lay_over(staging: str, root: str) -> None:
    """Move each file the build wrote onto the served site, one at a time (each move is atomic)."""
    for folder, _, names in os.walk(staging):
        target = os.path.join(root, os.path.relpath(folder, staging))
        os.makedirs(target, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), os.path.join(target, name))


def _settle_when_idle() -> None:
    """Collect the garbage a rebuild left once no rebuild has run for a while: Python's full scan of a large
    site's objects took half a second, and (the counts it keeps starting again) it then seldom falls inside
    a rebuild. It holds every thread for a few tenths of a second, so not while a rebuild runs."""
    if _state.settling:
        _state.settling.cancel()
    _state.settling = threading.Timer(SETTLE_AFTER, _settle_unless_building)
    _state.settling.daemon = True
    _state.settling.start()


def _settle_unless_building() -> None:
    if _state.building.acquire(blocking=False):  # a rebuild under way settles again when it is done
        try:
            gc.collect()
        finally:
            _state.building.release()


def _commit() -> None:
    if _state.done is not None:
        (_state.last, _state.pages), _state.done = _state.done, None


def _keep(folder: str) -> str:
    _state.folders.add(folder)
    return folder


def _forget(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _state.folders.discard(folder)


def _error_page(root: str, code: int) -> bytes | None:
    page = os.path.join(root, f"{code}.html")
    if code in (404, 500) and os.path.isfile(page):
        with open(page, "rb") as file:
            return file.read()
    return None


def _plan_module():
    """macros.edge.rebuild_plan as it is now (macros/edge/generated_pages.py forgets an edited package; MkDocs loads
    this hook by its path, without the project's folder on the module path)."""
    if PROJECT not in sys.path:
        sys.path.insert(0, PROJECT)
    return importlib.import_module("macros.edge.rebuild_plan")


def _macros_build(config):
    """The macros' Build of this build (macros/render/context.py), or None while the data has a mistake."""
    if PROJECT not in sys.path:
        sys.path.insert(0, PROJECT)
    return importlib.import_module("macros.edge.adapter").current_build()


def _docs(config) -> str:
    """The docs folder, from the project's (docs)."""
    return Path(config.docs_dir).resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()


def _search(config):
    return config.plugins.get("material/search") or config.plugins.get("search")
