"""The site's MkDocs hooks, in one module (mkdocs.yml `hooks:`): it owns what a build and `make serve` keep.

- Every build: the code as it is now (`make serve` runs every build in one Python process: an edited macros/
  is imported afresh), log lines made inert for the CI log, the files MkDocs found left out where they must not
  be published (macros/edge/files.py), a page per KPI added at kpis/<id>/ (each calling
  {{ kpi_page("<id>") }}, from data/ through the macro like every other figure), each page's text and HTML
  read against the page rules and its description set (macros/edge/page_meta.py).
- `make serve` (`mkdocs serve --dirty`): MkDocs builds only the files marked modified. These hooks mark them
  (macros/edge/rebuild_plan.py: the pages whose Markdown changed or whose macros read data the edit changed;
  every page when the navigation, macros/, overrides/, a schema or the list of pages changed, or the data
  has a mistake), and give each page not built what other pages show of it, as the last build made it: its
  title in their menus and its anchors. Each rebuild writes into a new folder; when it is done that folder
  replaces the served site (every page built) or is laid over it (some pages), and until then the server
  answers every request from the site as it was. What this needs of MkDocs beyond its plugin API is in
  macros/edge/mkdocs_internals.py, for the versions it names; with any other, every edit builds every page.

MkDocs loads this file by its path, once per process, so what it keeps lasts as long as `mkdocs serve` runs;
it imports the macros package afresh at each event. Without the macros plugin (the benchmark's build of the
same pages with every macro already expanded) only what needs no data runs. `make build`, `make check`,
`make preview` and the tests of the built site build every page.
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

PACKAGE = Path(__file__).resolve().parents[1]  # macros/, every layer of it
PROJECT = str(PACKAGE.parent)
DATA_POLL = 0.1  # seconds between looks at data/, macros/ and overrides/ for a saved file (MkDocs: 0.5)
SETTLE_AFTER = 1.0  # seconds without a rebuild before its garbage is collected (see _settle_when_idle)

log = logging.getLogger("mkdocs.plugins.macros.thurrock")


def _module(name: str):
    """macros.<name> as it is now (on_config forgets an edited package)."""
    if PROJECT not in sys.path:  # MkDocs loads a hook by its path, and `mkdocs` may be run from elsewhere
        sys.path.insert(0, PROJECT)
    return importlib.import_module(f"macros.{name}")


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
    reads: frozenset  # what its macros read (macros/render/reads.py)


@dataclass
class _State:
    """Kept for as long as `mkdocs serve` runs."""

    serving: bool = False
    incremental: bool = False  # mkdocs serve --dirty, on a MkDocs mkdocs_internals was written for
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
    done: tuple | None = None  # (inputs, pages) once the build has made every page


_state = _State()


def on_startup(command, dirty):
    _state.serving = command == "serve"
    _state.incremental = _state.serving and dirty
    if _state.incremental and not _module("edge.mkdocs_internals").supported():
        log.warning(
            "make serve: this MkDocs is %s, not a version macros/edge/mkdocs_internals.py was written for (%s); "
            "every edit builds every page",
            _module("edge.mkdocs_internals").mkdocs_version(),
            ", ".join(_module("edge.mkdocs_internals").WRITTEN_FOR),
        )
        _state.serving = _state.incremental = False
    if _state.incremental:
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves menus and links wrong; these hooks keep them right."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@event_priority(110)  # before mkdocs-macros imports the package for this build and reads data/
def on_config(config):
    _forget_edited_code()
    _module("base.log_text").make_inert(logging.getLogger("mkdocs"))  # no text from data/ or docs/ starts a CI command
    if not _state.serving:
        return config
    if _state.staging:
        config.site_dir = _state.staging
    _state.files = _module("edge.rebuild_plan").project_files(
        Path(config.config_file_path).parent, Path(config.docs_dir)
    )
    _state.done = None
    return config


def _forget_edited_code() -> None:
    """`make serve` rebuilds in one Python process, which keeps the macros package it imported first: forget
    it when a file in it has changed since, so this build runs the code as it is now."""
    loaded = sys.modules.get("macros")
    newest = max(path.stat().st_mtime_ns for path in PACKAGE.rglob("*.py"))
    if loaded is not None and newest > getattr(loaded, "LOADED_AT", 0):
        for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
            del sys.modules[name]


def on_files(files, config):
    files = _module("edge.files").leave_out_unreviewed(files, config)
    files = _module("edge.files").refuse_other_files(files, config)
    if "macros" in config.plugins:  # the page per KPI comes from data/
        for page in _module("edge.adapter").kpi_pages(config):
            files.append(page)
    if _state.incremental:
        _plan_rebuild(files, config)
    return files


def _plan_rebuild(files, config) -> None:
    plan = _module("edge.rebuild_plan")
    build = _module("edge.adapter").current_build()
    _state.inputs = plan.Inputs(
        _state.files,
        frozenset(file.src_uri for file in files.documentation_pages()),
        build.site if build else None,
        dict(build.dates) if build else {},
    )
    if _state.full_because:
        _state.plan = plan.Plan(True, _state.full_because)
    else:
        reads = {page: made.reads for page, made in _state.pages.items()}
        _state.plan = plan.plan_rebuild(_state.last, _state.inputs, reads, _docs(config))
    log.info(_state.plan.words(len(_state.inputs.pages)))
    if not _state.plan.full:
        build.partial, build.changed = True, _state.plan.data
        # The menu (404.html) and the list of pages (sitemap.xml) stay as the last build wrote them.
        config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
    again = _state.plan.pages | _state.plan.files
    _module("edge.mkdocs_internals").build_only(files, lambda file: _state.plan.full or file.src_uri in again)


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
    internals = _module("edge.mkdocs_internals")
    build = _module("edge.adapter").current_build()
    reads = build.page_reads if build else {}
    _state.made, _state.order = {}, []
    for file in files.documentation_pages():
        page, src = file.page, file.src_uri
        _state.order.append(src)
        if page.markdown is not None:
            anchors, links = internals.page_anchors(page)
            _state.made[src] = _Page(
                page.title, copy.deepcopy(page.meta), anchors, links, frozenset(reads.get(src, ()))
            )
        elif src in _state.pages:
            kept = _state.pages[src]
            page.title, page.meta = kept.title, copy.deepcopy(kept.meta)
            internals.restore_page_anchors(page, kept.anchors, kept.links, files)
    if not _state.plan.full:
        for src, made in _state.made.items():
            kept = _state.pages.get(src)
            if src in _state.nav_pages and kept and (made.title, made.meta) != (kept.title, kept.meta):
                raise FullRebuildNeeded(f"the title of {_docs(config)}/{src} changed, which the menus show")
    return env


def on_page_read_source(page, config):
    return _module("edge.page_meta").page_source(page)


def on_page_content(html, page, **kwargs):
    return _module("edge.page_meta").page_content(html, page)


def on_post_build(config):
    if _state.incremental:
        pages = {**_state.pages, **_state.made}
        _state.done = (_state.inputs, {src: pages[src] for src in _state.order})


def on_serve(server, config, builder):
    """The first build is served: from now on each rebuild writes into a new folder (see above)."""
    if not _state.serving:
        return server  # `mkdocs serve --clean` builds as `mkdocs build` does, into the served folder
    internals = _module("edge.mkdocs_internals")
    _keep(internals.served_folder(server))
    _commit()
    gc.collect()
    gc.freeze()  # what the first build made and keeps (the data, each page's record) is left out of later scans
    internals.wrap_builder(server, lambda build: _rebuild(server, build))
    internals.set_error_pages(server, lambda code: _error_page(internals.served_folder(server), code))
    # Read by the watches MkDocs adds after this event (data/, macros/, overrides/; docs/ stays at 0.5 s):
    # a saved figure is seen in 0.1 s, not up to half a second.
    internals.poll_every(server, DATA_POLL)
    return server


def on_shutdown():
    if _state.settling:
        _state.settling.cancel()
    for folder in _state.folders:
        shutil.rmtree(folder, ignore_errors=True)


# --- the rebuild, beside the served site -----------------------------------------------------------------


def _rebuild(server, builder) -> None:
    """Build into a new folder while the server answers from the site as it is; then publish it."""
    internals = _module("edge.mkdocs_internals")
    served = internals.served_folder(server)
    staging = _keep(tempfile.mkdtemp(prefix="mkdocs_", dir=os.path.dirname(served)))
    building = internals.answer_while_building(server)
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
        if _state.plan is None or _state.plan.full:
            internals.serve_folder(server, staging)
            _forget(served)
        else:
            _lay_over(staging, served)
        _commit()
    except BaseException:
        _state.last, _state.pages = None, {}  # the next build builds every page
        raise
    finally:
        _state.staging = _state.full_because = None
        if staging != internals.served_folder(server):
            _forget(staging)
        _state.building.release()
    internals.reload_browsers(server, building)  # the new site is ready: browsers reload
    _settle_when_idle()


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


def _docs(config) -> str:
    """The docs folder, from the project's (docs)."""
    return Path(config.docs_dir).resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()
