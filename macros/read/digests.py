"""A digest of a file's content, worked out again only when the file's size or time stamps change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_known: dict[str, tuple[tuple, str]] = {}  # path -> (its size and time stamps, the digest of its content)


def file_digest(path: Path) -> str:
    """The content's digest (a saved file gets new time stamps, even when saved twice in a second)."""
    stat = os.stat(path)
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    known = _known.get(str(path))
    if known is None or known[0] != stamp:
        known = _known[str(path)] = (stamp, hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest())
    return known[1]
