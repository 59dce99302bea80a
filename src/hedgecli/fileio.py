"""Reading the user's files, and writing files so that a crash, a full disk or a race with
another process never leaves a half-written or lost file behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import DataError


def read_user_file(path: str | os.PathLike, what: str) -> bytes:
    """The bytes of a file the user named; DataError with a one-line reason if it cannot be read.

    `what` names the file in the message ("data file", "method file"), so that every command
    words the same failures the same way.
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise DataError(f"{what} is a directory, not a file: {path}") from None
    except PermissionError:
        raise DataError(f"{what} is not readable (permission denied): {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def write_atomic(path: str | os.PathLike, data: bytes, overwrite: bool = True) -> None:
    """Write to a temporary file in the target's folder, then publish it under the target's name.

    Readers see either the old file or the new one, never a mixture; if anything fails before
    publishing, the old file is untouched and no temporary file is left. A symbolic link is
    followed: its target is written and the link kept.

    With `overwrite=False` an existing file is never replaced, even one created by another
    process a moment ago: the new file is published with a hard link, which fails atomically
    with FileExistsError if the name is taken.
    """
    import tempfile  # only commands that write pay for it; data.py imports this module at start-up

    path = Path(os.path.realpath(path))
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:  # owns fd from here: closed whatever happens below
            # mkstemp creates the file private (0600); give it the mode the old file had, or the
            # mode a plain open() would have given it under the user's umask
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            else:  # Windows before Python 3.13
                os.chmod(tmp, mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _publish_new(tmp: str, path: Path) -> None:
    """Give `tmp` the name `path` unless that name exists; FileExistsError if it does."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        # no hard links on this file system (FAT, some network shares): claim the name with an
        # exclusive create, which also fails if it exists, then replace the empty placeholder
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, path)
        return
    try:
        os.unlink(tmp)  # the file now lives under its own name too
    except OSError:
        pass  # a stray temporary file is untidy, not a failure: the target is written


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
