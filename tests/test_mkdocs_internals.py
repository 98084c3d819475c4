"""`make serve`'s use of what MkDocs does not document is in macros/edge/mkdocs_internals.py, read from the
MkDocs versions it names. On any other these tests fail, naming what to read again in MkDocs' source before
adding the version; `make serve` itself then builds every page on each edit."""

from __future__ import annotations

import mkdocs
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from macros.edge import mkdocs_internals

READ_AGAIN = (
    "macros/edge/mkdocs_internals.py was written for MkDocs {written}; this is MkDocs {now}. Read again in "
    "MkDocs' source what it uses (LiveReloadServer's {server}, the observer's {observer}, Page's {page}, File's "
    "{file}), change what differs, then add the version to WRITTEN_FOR"
)


def test_the_mkdocs_in_use_is_one_the_internals_were_written_for():
    message = READ_AGAIN.format(
        written=", ".join(mkdocs_internals.WRITTEN_FOR),
        now=mkdocs.__version__,
        server=", ".join(mkdocs_internals.SERVER),
        observer=", ".join(mkdocs_internals.OBSERVER),
        page=", ".join(mkdocs_internals.PAGE),
        file=", ".join(mkdocs_internals.FILE),
    )
    assert mkdocs_internals.supported(), message


@pytest.fixture
def server(tmp_path):
    made = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield made
    made.server_close()


def test_the_server_has_what_serve_uses(server, tmp_path):
    assert [name for name in mkdocs_internals.SERVER if not hasattr(server, name)] == []
    assert [name for name in mkdocs_internals.OBSERVER if not hasattr(server.observer, name)] == []
    assert mkdocs_internals.served_folder(server) == str(tmp_path)


def test_answering_while_building_lets_a_waiting_request_through_and_reload_follows(server):
    visible = server._visible_epoch
    server._wanted_epoch = visible + 1  # a build has started: MkDocs holds requests until it is visible
    building = mkdocs_internals.answer_while_building(server)
    assert building == visible + 1 and server._wanted_epoch == server._visible_epoch  # nothing waits
    mkdocs_internals.reload_browsers(server, building)
    assert server._wanted_epoch == visible + 1


def test_the_builder_is_wrapped_and_the_error_pages_set(server):
    calls = []
    server.builder = lambda: calls.append("mkdocs")
    mkdocs_internals.wrap_builder(server, lambda build: (calls.append("ours"), build()))
    server.builder()
    assert calls == ["ours", "mkdocs"]
    mkdocs_internals.set_error_pages(server, lambda code: b"page" if code == 404 else None)
    assert server.error_handler(404) == b"page"
    mkdocs_internals.poll_every(server, 0.1)
    assert server.observer._timeout == 0.1


def test_a_page_keeps_its_anchors_and_links_and_files_their_modified_mark(tmp_path):
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site")})
    config.validate()
    files = Files([File(name, str(tmp_path), str(tmp_path / "site"), True) for name in ("a.md", "b.md")])
    page = Page(None, files.get_file_from_path("a.md"), config)
    assert [name for name in mkdocs_internals.PAGE if not hasattr(page, name)] == []
    page.present_anchor_ids = {"top"}
    page.links_to_anchors = {files.get_file_from_path("b.md"): {"part": "b.md#part"}}
    anchors, links = mkdocs_internals.page_anchors(page)
    assert (anchors, links) == ({"top"}, {"b.md": {"part": "b.md#part"}})
    again = Page(None, files.get_file_from_path("a.md"), config)
    mkdocs_internals.restore_page_anchors(again, anchors, links, files)
    assert again.present_anchor_ids == {"top"}
    assert again.links_to_anchors == {files.get_file_from_path("b.md"): {"part": "b.md#part"}}
    mkdocs_internals.build_only(files, lambda file: file.src_uri == "b.md")
    assert [file.src_uri for file in files if file.is_modified()] == ["b.md"]
