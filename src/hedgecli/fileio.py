"""Reading the user's files, and writing files so that a crash, a full disk or a race with
another process never leaves a half-written or lost file behind."""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from .errors import DataError, UsageError

MB = 1024 * 1024
# the most hedge reads of each kind of file: far above any real one (the shipped data file is
# under 1 MB), far below what would exhaust memory; /dev/zero and friends stop here, not at 20 GB
LIMITS = {"data file": 64 * MB, "method file": 1 * MB, "scenario file": 1 * MB}
CHUNK = 1 * MB


def read_user_file(path: str | os.PathLike, what: str) -> bytes:
    """The bytes of a file the user named; DataError with a one-line reason if it cannot be read.

    Only regular files and pipes (FIFOs, process substitution) are read: a device such as
    /dev/zero would never end. Reading stops at the kind's limit (LIMITS) and at the first byte
    that cannot be UTF-8 text, so a binary or endless input is refused at once, in bounded memory.
    `what` names the file in the message ("data file", "method file"), so that every command
    words the same failures the same way.
    """
    limit = LIMITS.get(what, LIMITS["data file"])
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            stdin = ", or '-' for standard input" if what == "data file" else ""
            raise DataError(f"{what} {path} is not a regular file (a device or socket); give a file{stdin}")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise DataError(f"{what} {path} is {info.st_size / MB:.0f} MB; hedge reads at most {limit // MB} MB")
        with open(path, "rb") as fh:
            return read_capped(fh, f"{what} {path}", limit)
    except FileNotFoundError:
        raise DataError(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise DataError(f"{what} is a directory, not a file: {path}") from None
    except PermissionError:
        raise DataError(f"{what} is not readable (permission denied): {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def read_capped(stream, origin: str, limit: int) -> bytes:
    """Read a binary stream of UTF-8 text, at most `limit` bytes; DataError at the first chunk
    that is not text (a NUL byte, or bytes that cannot be UTF-8) or once past the limit."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise DataError(f"{origin}: not UTF-8 text (bad byte at offset {total + exc.start})") from None
        if b"\x00" in chunk:  # valid UTF-8, but no text file holds one (/dev/zero through a pipe)
            raise DataError(f"{origin}: not a text file (a NUL byte at offset {total + chunk.index(0)})")
        total += len(chunk)
        if total > limit:
            raise DataError(f"{origin} is larger than {limit // MB} MB, the most hedge reads")
        chunks.append(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise DataError(f"{origin}: not UTF-8 text (it ends inside a character)") from None
    return b"".join(chunks)


class OutputError(DataError):
    """A target hedge will not write: the message says why."""


def check_output(path: str, force: bool, inputs=()) -> bool:
    """Whether `path` can take an --output, checked before any work is done: True if it is a
    device or a pipe (streamed to), False if a regular file or a new name (written atomically).

    - A character device or a pipe (/dev/null, /dev/stdout, a FIFO) is streamed to, never
      replaced: replacing /dev/null with a regular file would break it for the whole machine.
    - Anything else that is not a regular file (a directory, a socket) is refused.
    - A target that is one of the command's own input files (same device and inode) is refused,
      even with `force`: the user's data must not be overwritten by what was made from it.
    - An existing regular file needs `force` (FileExistsError).
    OutputError (a DataError) names any other reason.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a name too long for the file system, a loop of links
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None:
        for source in inputs:
            if source and source != "-" and _same_file(source, info):
                raise OutputError(f"--output {path} is the input file {source}; hedge does not overwrite its own "
                                  "input (write elsewhere)")
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"--output {path} is a directory")
        if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            return True
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"--output {path} is not a regular file (a socket or block device); hedge will not "
                              "write to it")
        if not force:
            raise FileExistsError(path)
    elif os.path.islink(path) and not force:  # a dangling link: its name is taken
        raise FileExistsError(path)
    parent = Path(path).parent
    try:
        if not parent.is_dir():
            raise OutputError(f"cannot write {path}: folder {parent} does not exist")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return False


def publish(path: str, data: bytes, force: bool, inputs=()) -> None:
    """Write `data` to the file a user named with --output, safely (see check_output): streamed
    into a device or pipe, else written atomically and never over a file without `force`.
    FileExistsError without `force`; OutputError (a DataError) or OSError otherwise."""
    if check_output(path, force, inputs):
        with open(path, "wb") as fh:  # streamed, not replaced
            fh.write(data)
        return
    write_atomic(path, data, overwrite=force)


def _same_file(path: str, info: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


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
