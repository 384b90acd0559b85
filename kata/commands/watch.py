"""Rerun a lesson whenever one of its files is saved.

On Linux the kernel says when something changed (inotify, through ctypes);
elsewhere, or if that fails, the folder is polled twice a second. Either way a
burst of saves is debounced into one run, and the files' sizes and modification
times decide whether anything really changed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kata.course.trees import lesson_files

POLL_SECONDS = 0.5
DEBOUNCE_SECONDS = 0.3
_IN_EVENTS = 0x2 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200  # modify, close-write, moves, create, delete


def stamp(folder: Path) -> dict[str, tuple[int, int]]:
    """What a change looks like from outside: each file's modification time and size."""
    stamps = {}
    for name in lesson_files(folder):
        try:
            info = (folder / name).stat()
        except OSError:
            continue
        stamps[name] = (info.st_mtime_ns, info.st_size)
    return stamps


class _Inotify:
    """The kernel's change notices for a folder and its subfolders (Linux only)."""

    def __init__(self, folder: Path) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            if libc.inotify_add_watch(self.fd, os.fsencode(path), _IN_EVENTS) < 0:
                os.close(self.fd)
                raise OSError(ctypes.get_errno(), f"cannot watch {path}")

    def wait(self, seconds: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            try:
                while os.read(self.fd, 65536):
                    pass
            except BlockingIOError:
                pass
        return bool(ready)

    def close(self) -> None:
        os.close(self.fd)


class _Poll:
    def wait(self, seconds: float) -> bool:
        time.sleep(min(seconds, POLL_SECONDS))
        return True

    def close(self) -> None:
        pass


def watcher(folder: Path) -> _Inotify | _Poll:
    if sys.platform.startswith("linux") and os.environ.get("KATA_WATCH_POLL") != "1":
        try:
            return _Inotify(folder)
        except (OSError, AttributeError):
            pass
    return _Poll()


def watch(folder: Path, rerun: Callable[[], bool], say: Callable[[str], None]) -> bool:
    """Run once, then again after every change.

    ``rerun`` returns True when the lesson is complete: watching then stops and this
    returns True. Ctrl-C stops it too (quietly), and returns False.
    """
    signal_source = watcher(folder)
    mechanism = "file-system events" if isinstance(signal_source, _Inotify) else "polling"
    try:
        if rerun():
            return True
        seen = stamp(folder)
        say(f"Watching {folder.name} ({mechanism}): save a file to run again, Ctrl-C to stop.")
        while True:
            signal_source.wait(POLL_SECONDS * 4)
            current = stamp(folder)
            if current == seen:
                continue
            while True:  # debounce: wait for the burst of saves to settle
                signal_source.wait(DEBOUNCE_SECONDS)
                later = stamp(folder)
                if later == current:
                    break
                current = later
            seen = current
            if rerun():
                return True
            say(f"Watching {folder.name}: save a file to run again, Ctrl-C to stop.")
    except KeyboardInterrupt:
        say("\nStopped watching.")
        return False
    finally:
        signal_source.close()
