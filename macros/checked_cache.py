"""Data files already read and found sound, kept in the build's `.cache/` between builds.

Reading a council's data with the line of every field and checking it against the schemas takes
seconds; the result depends only on the file's bytes, the schemas' bytes and the code that reads
and checks them. So a file found sound is kept under a key made of all of those (the file's name
and digest, the schemas' digests, every module of this package, and the versions of Python, PyYAML
and jsonschema that read and checked it), and the next build of the same files by the same code
takes it from there. A changed byte anywhere in them is another key: the file is read and checked
again. A file with a mistake is never kept, so its mistakes are always found afresh; a kept copy
that cannot be read (an interrupted build, another Python) is read and checked again.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

CODE = Path(__file__).resolve().parent
FOLDER = "checked-data"


@cache
def code_version() -> str:
    """Everything besides the files themselves that a check's result depends on."""
    digest = hashlib.sha256()
    for path in sorted(CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("PyYAML", "jsonschema"):
        digest.update(f"{name} {version(name)}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


class CheckedCache:
    def __init__(self, root: Path):
        self.folder = Path(root) / FOLDER

    def __eq__(self, other) -> bool:  # a key of load_site's own cache
        return isinstance(other, CheckedCache) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)

    def get(self, key: tuple):
        """The document kept for key, or None."""
        try:
            kept_key, document = pickle.loads(self._path(key).read_bytes())
        except Exception:  # noqa: BLE001 - none, cut short or from another version: read and check the file
            return None
        return document if kept_key == self._digest(key) else None

    def put(self, key: tuple, document) -> None:
        """Keep a sound file's document, in place of its last one; a folder that cannot be written only
        means no cache."""
        path = self._path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{id(document)}.partial")
            partial.write_bytes(pickle.dumps((self._digest(key), document), protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(path)  # whole or not at all, should two builds meet
        except OSError:
            pass

    def _path(self, key: tuple) -> Path:
        """One place per data file and kind of build (drafts or strict): key is (name, schema, drafts, ...)."""
        name, _, drafts, *_ = key
        return self.folder / f"{hashlib.sha256(repr((name, drafts)).encode()).hexdigest()[:32]}.pickle"

    @staticmethod
    def _digest(key: tuple) -> str:
        return hashlib.sha256(repr((code_version(), key)).encode()).hexdigest()
