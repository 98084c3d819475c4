"""The search index written into the built site: the records (macros/search/search_index.py) as pages of
a folder outside the site, Pagefind run over them and the built pages, and the words a search is corrected
to read from the pages as built."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..base.model import Site
from ..search.search_index import (
    EXCLUDE,
    LANGUAGE,
    OUTPUT,
    WORDS,
    Record,
    indexed_text,
    record_html,
    record_text,
    search_words,
)


def write_index(site_dir: Path, records: list[Record], site: Site | None = None) -> dict:
    """Index the built site's pages (those marked data-pagefind-body) and the records, into
    site_dir/pagefind, with the words the search box corrects a typed word to (WORDS); returns what
    Pagefind said of the pages."""
    with tempfile.TemporaryDirectory(prefix="search-records-", dir=_in_memory()) as folder:
        write_records(Path(folder), records)
        indexed = index_pages(site_dir, Path(folder))
    if site is not None:
        words = search_words(site, _indexed_text(site_dir, records))
        (site_dir / OUTPUT / WORDS).write_text(json.dumps(words, ensure_ascii=True, sort_keys=True), encoding="utf-8")
    return indexed


def _indexed_text(site_dir: Path, records: list[Record]):
    """The text of every indexed page and of every record."""
    for path in site_dir.rglob("*.html"):
        if path.is_relative_to(site_dir / OUTPUT):
            continue
        text = indexed_text(path.read_text(encoding="utf-8"))
        if text is not None:
            yield text
    for record in records:
        yield record_text(record)


def _in_memory() -> str | None:
    """A folder held in memory where the system has one (Linux's /dev/shm), else the usual temporary folder:
    creating and removing a council's thousands of small files on a disk took seconds of every build."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def write_records(folder: Path, records: list[Record]) -> None:
    """Each record as a page of a folder outside the site. They go to Pagefind in one request: its Python
    API answers one request per tenth of a second, which for a council's thousands of custom records was
    minutes. Each says its address in its meta "url"; the search box links there."""
    for number, record in enumerate(records):
        (folder / f"record-{number:05d}.html").write_text(record_html(record), encoding="utf-8")


def index_pages(site_dir: Path, records_dir: Path) -> dict:
    """Pagefind's index of the site's pages and the record pages in records_dir, in site_dir/pagefind."""
    return _run(_write_index(site_dir.resolve(), records_dir))


def _run(work):
    """Run Pagefind's asynchronous API to its end: here, or in a thread of its own where this thread already
    runs an event loop (a build started from code that has one, such as a browser driven from Python)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


async def _write_index(site_dir: Path, records_dir: Path) -> dict:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site_dir / OUTPUT), exclude_selectors=EXCLUDE, force_language=LANGUAGE)
    async with PagefindIndex(config=config) as index:
        pages = await index.add_directory(str(site_dir))
        await index.add_directory(str(records_dir))
    return pages
