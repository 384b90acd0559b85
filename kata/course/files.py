"""Reads and writes that never follow a link; writes that never leave their folder.

A lesson folder, ``.kata/`` or an output folder may hold symbolic links, planted
or left by a copy; writing through one would change whatever it points at,
``solutions/`` included. So every write the kata makes outside its own fresh
temporary folders goes through here, below a ``root`` the caller trusts (the
repository, the solutions folder, the folder the user named). A link where the
file goes is replaced by the file (the link goes, never what it points at); a
link on the way to it, below the root, is refused: its target is somewhere else.
Standard library only: the bootstrap uses it too.
"""

from __future__ import annotations

import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path


def read_regular(path: Path, limit: int) -> tuple[bytes, int]:
    """The last ``limit`` bytes of a regular file, and its size; ``(b"", 0)`` for anything
    that is not a regular file (a FIFO never blocks). Never through a link: ``OSError``
    when ``path`` is one, or cannot be opened or read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b"", 0
        os.lseek(fd, max(0, info.st_size - limit), os.SEEK_SET)
        data = b""
        while len(data) < limit and (chunk := os.read(fd, 1 << 16)):
            data += chunk
        return data[:limit], info.st_size
    finally:
        os.close(fd)


class UnsafePath(OSError):
    """A write outside its root, through a linked folder, or where a file is in the way."""


def _names(path: Path, root: Path) -> tuple[str, ...]:
    """The names leading from ``root`` down to ``path``; refused when it is not below it."""
    try:
        names = path.relative_to(root).parts
    except ValueError:
        raise UnsafePath(f"{path} is outside {root}: nothing was written there") from None
    if ".." in names:
        raise UnsafePath(f"{path} leads out of {root}: nothing was written there")
    return names


def _remove_link(link: Path) -> None:
    if os.name == "nt" and link.is_dir():
        os.rmdir(link)  # Windows removes a link to a folder as a folder: the link only
    else:
        link.unlink()


def make_folder(folder: Path, root: Path) -> Path:
    """``folder`` as a real folder below ``root``, missing ones made; never through a link."""
    current = root
    for name in _names(folder, root):
        current = current / name
        if current.is_symlink():
            raise UnsafePath(
                f"{current} is a link: the kata writes nothing through it (remove the link)"
            )
        with suppress(FileExistsError):  # there already, or made by another kata meanwhile
            current.mkdir()
        if not stat.S_ISDIR(current.lstat().st_mode):
            raise UnsafePath(f"{current} is a file, not a folder: nothing was written in it")
    return folder


def make_room(path: Path, root: Path) -> Path:
    """The place for the file ``path``: its folders made, a link at ``path`` removed."""
    if not _names(path, root):
        raise UnsafePath(f"{path} is the folder {root} itself, not a file in it")
    make_folder(path.parent, root)
    if path.is_symlink():
        _remove_link(path)
    elif path.is_dir():
        raise UnsafePath(f"{path} is a folder, not a file: nothing was written there")
    return path


def write_file(path: Path, data: str | bytes, root: Path, mode: int | None = None) -> None:
    """Write ``path`` below ``root`` whole or not at all: a new file renamed over it.

    The rename replaces a link at ``path`` instead of writing where it points.
    ``mode`` is set exactly; without it the umask decides, as for any new file.
    """
    make_room(path, root)
    content = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            handle = os.open(temporary, flags, 0o666)  # O_EXCL: never an existing file or link
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def copy_file(source: Path, path: Path, root: Path) -> None:
    """Copy ``source``'s bytes to ``path`` below ``root``, as ``write_file`` writes."""
    write_file(path, source.read_bytes(), root)


def remove_file(path: Path, root: Path) -> None:
    """Remove the file or link ``path`` below ``root``; a link goes, never what it points at.

    A path through a linked folder is not in the tree: nothing is removed.
    """
    current = root
    for name in _names(path.parent, root):
        current = current / name
        if current.is_symlink() or not current.is_dir():
            return
    if path.is_symlink():
        _remove_link(path)
    else:
        with suppress(FileNotFoundError):
            path.unlink()
