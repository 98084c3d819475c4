"""What the built site's Pagefind index holds, read from its files without a browser: each fragment
(a page, or a record of its own, which gives its address in its meta "url") is gzip, "pagefind_dcd"
and then JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> dict[str, dict]:
    """Every result the index can give, by its address: url, content, meta and filters."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE), path
        fragment = json.loads(raw[len(SIGNATURE) :])
        url = fragment["meta"].get("url", fragment["url"])  # a record says its own address
        assert url not in found, f"two results at {url}"
        found[url] = {**fragment, "url": url}
    return found
