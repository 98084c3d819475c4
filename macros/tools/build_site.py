"""Build the site strictly into a folder, whole or not at all: `python -m macros.tools.build_site SITE_DIR`.

What `make build` and `make preview` run. The site is built into a new temporary folder beside SITE_DIR
(each build its own, so two builds at once never write into one folder) and put in SITE_DIR's place only
when the strict build has passed, under a lock, so SITE_DIR is always the last good site: a failed,
interrupted (Ctrl-C, SIGTERM, SIGHUP) or concurrent build, a full disk or a folder that cannot be written
leaves it as it was, and no half-built folder behind. Every fault ends in a sentence naming the folder, never
a traceback.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import signal
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..base.log_text import InertFormatter, log_line
from ..edge.mkdocs_build import BuildRefused, strict_build

NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "Usage: python -m macros.tools.build_site SITE_DIR   (for example: python -m macros.tools.build_site site)"
        )
        return 2
    target = Path(argv[0]).absolute()
    try:
        with stopped_in_a_sentence():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
            partial.chmod(0o777 & ~_umask())  # as a folder mkdir makes, not mkdtemp's owner-only one
            try:
                if not build(Path("mkdocs.yml"), partial):
                    return 1
                with locked(target.parent), signals_held():
                    swap(partial, target)
            finally:
                shutil.rmtree(partial, ignore_errors=True)
    except Stopped as stop:
        kept = f"The last good site in {target} is kept as it was" if target.exists() else f"{target} was not made"
        print(log_line(f"The site was not built: the build was stopped ({stop.name}). {kept}."), file=sys.stderr)
        return 128 + stop.signal
    except OSError as error:
        print(log_line(fault(error, target)), file=sys.stderr)
        return 1
    return 0


STOPPING = (signal.SIGTERM, signal.SIGHUP)  # what a CI runner, a closed terminal or `kill` sends (Ctrl-C is SIGINT)


class Stopped(BaseException):
    """The build was told to stop (SIGTERM, SIGHUP): raised where it is, so every `finally` runs and the
    half-built folder is removed, like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int):
        self.signal = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)


@contextmanager
def stopped_in_a_sentence():
    """While inside: SIGTERM and SIGHUP raise Stopped rather than end the process where it stands."""

    def stop(signum, frame):
        raise Stopped(signum)

    before = {signum: signal.signal(signum, stop) for signum in STOPPING}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held():
    """SIGTERM and SIGHUP wait while the site is swapped (two renames), so a stop never falls between them."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def build(config_file: Path, site_dir: Path) -> bool:
    """The strict build of the project into site_dir, its messages printed as `mkdocs build` prints them;
    False, with the reason printed, where it fails."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(InertFormatter(logging.Formatter("%(levelname)-8s-  %(message)s")))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        strict_build(config_file, site_dir)
    except BuildRefused as error:
        print(log_line(f"The site was not built: {error}"), file=sys.stderr)
        return False
    finally:
        logger.removeHandler(handler)
    return True


@contextmanager
def locked(folder: Path):
    """One build at a time puts its site in place (an exclusive lock on the folder that holds the sites)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def swap(built: Path, target: Path) -> None:
    """Put the built site where target is: the old one is moved aside first, then removed."""
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    if target.exists() or target.is_symlink():
        os.rename(target, old)
    os.rename(built, target)
    if old.is_symlink() or old.is_file():
        old.unlink()
    else:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fault(error: OSError, target: Path) -> str:
    """What went wrong, said plainly, and that the last good site is kept."""
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in NO_ROOM:
        problem = f"there is no room left on the disk to write the site{where}"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = f"the site's folder cannot be written{where}"
    else:
        problem = f"{error.strerror or error}{where}"
    kept = f"the last good site in {target} is kept as it was" if target.exists() else f"{target} was not made"
    return f"The site was not built: {problem}. Nothing was half-written: {kept}."


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
