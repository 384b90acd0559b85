"""The run sandbox: what a test run may read, write, signal, inherit and outlive (Linux).

A run is the student's code: untrusted. ``confine`` is called in the run's process
before pytest starts, and from then on the kernel, not the kata, enforces the rules:

- **Files (Landlock).** The run may write only its own tree, its temporary folder
  and a few device files, and read only those and the toolchain: the interpreter,
  its libraries, the system's (``/usr``, ``/etc``...). Not ``kata/``,
  ``solutions/``, ``lessons/``, ``.kata/``, another run's tree or the home folder.
  It cannot signal or ptrace a process outside its sandbox, nor reach an abstract
  Unix socket outside it; every child it starts inherits all of that.
- **Processes (a PID namespace).** The run's pytest is process 1 of a new PID
  namespace: when it ends, the kernel kills everything it started, whatever that
  did (new sessions, double forks). Where the kernel refuses namespaces, the
  kata's process that forks runs is their subreaper and sweeps until none is left.
- **Descriptors and environment.** Only fds 0-2 stay open; the environment is an
  allow-list.

``protections()`` says what this machine enforces, for the verdict's JSON. Where a
mechanism is missing (macOS, Windows, an old kernel) runs go unconfined and the
verdict says so; ``confine`` never half-applies a rule it claimed.
"""

from __future__ import annotations

import ctypes
import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The environment a run gets from the kata's, by name (prefixes end with "_").
ALLOWED_ENVIRONMENT = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "LC_",
    "TZ",
    "USER",
    "LOGNAME",
    "SYSTEMROOT",  # Windows cannot start Python without it
    "KATA_POSTGRES_URL",  # the lessons' PostgreSQL fixtures: a server the student names
    "KATA_SPAWN",
    "KATA_SANDBOX",
)

# Linux syscall numbers shared by every architecture since 5.13.
_LANDLOCK_CREATE_RULESET = 444
_LANDLOCK_ADD_RULE = 445
_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_PDEATHSIG = 1
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000

# Filesystem rights (include/uapi/linux/landlock.h), by the ABI that brought them.
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1, 1 << 1, 1 << 2, 1 << 3
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_ABI_RIGHTS = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 1 << 1

#: Read-only system folders a Python process and the lessons' libraries need.
SYSTEM_READABLE = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/proc", "/sys")
#: Device files a run may read and write (never all of /dev: /dev/shm holds other runs).
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


class SandboxError(Exception):
    """A protection this machine offers could not be applied to a run."""


@dataclass(frozen=True)
class Protections:
    """What the kernel enforces on every run: shown in the verdict's JSON."""

    filesystem: str  # "landlock v7", or "none"
    processes: str  # "pid namespace", "subreaper", or "none"
    reason: str = ""  # why something is missing

    @property
    def complete(self) -> bool:
        return self.filesystem != "none" and self.processes != "none"

    def as_json(self) -> dict[str, str]:
        shown = {"filesystem": self.filesystem, "processes": self.processes}
        return {**shown, "reason": self.reason} if self.reason else shown


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where it has none (or this is not Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(
            _LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), _LANDLOCK_CREATE_RULESET_VERSION
        )
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def _namespaces_work() -> bool:
    """Whether a new user and PID namespace can be made here: tried in a short-lived child."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the probe's child
        code = 1
        try:
            _new_namespaces()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


@cache
def protections() -> Protections:
    """What runs get on this machine.

    ``KATA_SANDBOX=off`` turns Landlock and namespaces off, ``no-namespaces`` only
    the namespaces (the fallback a kernel without them gets: the kata's tests take
    both paths). On Linux the process that forks runs is their subreaper either way.
    """
    setting = os.environ.get("KATA_SANDBOX", "")
    if not sys.platform.startswith("linux"):
        return Protections("none", "none", f"no sandbox on {sys.platform}: Linux only")
    if setting == "off":
        return Protections("none", "subreaper", "turned off with KATA_SANDBOX=off")
    reasons = []
    abi = landlock_abi()
    filesystem = f"landlock v{abi}" if abi else "none"
    if not abi:
        reasons.append("this kernel offers no Landlock (Linux 5.13+ with landlock in lsm=)")
    if setting == "no-namespaces":
        processes = "subreaper"
        reasons.append("namespaces turned off with KATA_SANDBOX=no-namespaces")
    elif _namespaces_work():
        processes = "pid namespace"
    else:
        processes = "subreaper"
        reasons.append("user namespaces are not allowed here: what runs leave is swept")
    return Protections(filesystem, processes, "; ".join(reasons))


def environment(scratch: Path, extra: dict[str, str]) -> dict[str, str]:
    """A run's whole environment: the allow-listed variables, the run's own, ``extra``."""
    kept = {
        name: value for name, value in os.environ.items() if name.startswith(ALLOWED_ENVIRONMENT)
    }
    return {
        **kept,
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        **extra,
    }


def close_other_descriptors() -> None:
    """Close every descriptor but 0-2: nothing the kata holds reaches a run."""
    os.closerange(3, _descriptor_limit())


def _descriptor_limit() -> int:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return 4096
    return 65536 if soft == resource.RLIM_INFINITY else min(int(soft), 1 << 20)


def _check(result: int, what: str) -> int:
    if result < 0:
        error = ctypes.get_errno()
        raise SandboxError(f"{what}: {os.strerror(error)}")
    return result


def _new_namespaces() -> None:
    """Enter a new PID namespace (and, for an ordinary user, a user namespace to allow it).

    An ordinary user may make a PID namespace only inside a user namespace of its
    own, in which it maps just itself. Root needs none; it keeps only its powers
    over files (which Landlock bounds) and drops the rest: over the machine
    (modules, reboot, the network, the clock) and over other users' processes.
    """
    if os.getuid() == 0:
        _check(_libc().unshare(_CLONE_NEWPID), "unshare")
        _keep_only_file_capabilities()
        return
    uid, gid = os.getuid(), os.getgid()
    _check(_libc().unshare(_CLONE_NEWUSER | _CLONE_NEWPID), "unshare")
    for name, text in (
        ("setgroups", "deny"),
        ("uid_map", f"{uid} {uid} 1"),
        ("gid_map", f"{gid} {gid} 1"),
    ):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
            handle.write(text)


# capabilities(7): CHOWN 0, DAC_OVERRIDE 1, DAC_READ_SEARCH 2, FOWNER 3, FSETID 4.
_FILE_CAPABILITIES = (0, 1, 2, 3, 4)
_PR_CAPBSET_DROP = 24
_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _keep_only_file_capabilities() -> None:
    """Drop every capability but those over files, for this process and all it starts."""
    libc = _libc()
    last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    for capability in range(last + 1):
        if capability not in _FILE_CAPABILITIES:
            _check(libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0), "prctl(CAPBSET_DROP)")
    libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)  # absent before 4.3
    kept = sum(1 << capability for capability in _FILE_CAPABILITIES)
    data = (_CapData * 2)(_CapData(kept, kept, 0), _CapData(0, 0, 0))
    header = _CapHeader(_CAPABILITY_VERSION_3, 0)
    _check(libc.capset(ctypes.byref(header), data), "capset")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _rights(abi: int) -> int:
    return _ABI_RIGHTS[max(level for level in _ABI_RIGHTS if level <= abi)]


def readable_paths() -> list[str]:
    """The toolchain a run reads: the system's folders, the interpreter and its libraries.

    Library folders come from the interpreter's own scheme, not from ``sys.path``:
    an editable install's ``.pth`` puts the repository itself there. A folder that
    holds the kata is never one of them.
    """
    import sysconfig

    from kata import ROOT

    found = [sys.prefix, sys.base_prefix, sys.exec_prefix]
    found.append(os.path.dirname(os.path.realpath(sys.executable)))
    found.extend(sysconfig.get_paths().values())
    found = list(dict.fromkeys(found))
    kata = os.path.realpath(ROOT)
    return [
        *SYSTEM_READABLE,
        *(
            path
            for path in found
            if not (kata + os.sep).startswith(os.path.realpath(path) + os.sep)
        ),
    ]


def _landlock(
    abi: int, writable: list[str], readable: list[str], files: list[tuple[str, int]]
) -> None:
    """Restrict this process and all it starts to the given paths (all rights on ``writable``)."""
    libc = _libc()
    everything = _rights(abi)
    attr = _RulesetAttr(everything, 0, _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else 8  # older kernels know only the fs rights
    ruleset = _check(
        libc.syscall(_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0),
        "landlock_create_ruleset",
    )
    read = _EXECUTE | _READ_FILE | _READ_DIR
    try:
        rules = [(path, everything) for path in writable]
        rules += [(path, read) for path in readable]
        rules += [(path, (_READ_FILE | _WRITE_FILE | _TRUNCATE) & everything) for path in DEVICES]
        rules += files
        for path, allowed in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # not on this machine (/lib32...): nothing to allow
            try:
                allowed &= everything
                if not os.path.isdir(path):
                    allowed &= _FILE_RIGHTS
                rule = _PathBeneathAttr(allowed, fd)
                _check(
                    libc.syscall(
                        _LANDLOCK_ADD_RULE,
                        ruleset,
                        _LANDLOCK_RULE_PATH_BENEATH,
                        ctypes.byref(rule),
                        0,
                    ),
                    f"landlock_add_rule {path}",
                )
            finally:
                os.close(fd)
        _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
        _check(libc.syscall(_LANDLOCK_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def _become_init_of_new_namespace() -> None:
    """Continue as process 1 of a new PID namespace; this process waits and mirrors its exit.

    The waiting process stays outside the namespace and outside the run's Landlock
    domain, so the run cannot signal it; if it is killed (the run's bound), the
    kernel kills the namespace's process 1, and with it everything inside.
    """
    _new_namespaces()
    child = os.fork()
    if child == 0:
        _check(_libc().prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0), "prctl(PDEATHSIG)")
        return
    code = 70
    try:
        while True:
            try:
                _, status = os.waitpid(child, 0)
            except InterruptedError:
                continue
            code = os.waitstatus_to_exitcode(status)
            code = 128 - code if code < 0 else code
            break
    finally:
        os._exit(code)


def confine(
    tree: Path,
    scratch: Path,
    readable_files: tuple[Path, ...] = (),
    writable_files: tuple[Path, ...] = (),
) -> Protections:
    """Confine the calling process (a run, before pytest) and all it will start.

    ``tree`` and ``scratch`` are the only folders it may write; ``readable_files``
    are single files it may also read (the kata's pytest settings),
    ``writable_files`` single files it may write (its report). Raises
    ``SandboxError`` rather than run with less than ``protections()`` promised.
    """
    granted = protections()
    if granted.processes == "pid namespace":
        _become_init_of_new_namespace()
    if granted.filesystem != "none":
        _landlock(
            landlock_abi(),
            writable=[str(tree), str(scratch)],
            readable=readable_paths(),
            files=[(str(path), _READ_FILE) for path in readable_files]
            + [(str(path), _READ_FILE | _WRITE_FILE | _TRUNCATE) for path in writable_files],
        )
    return granted


_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt every orphaned descendant (Linux); False where the kernel cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return int(_libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def children() -> list[int]:
    """The pids whose parent is this process (Linux /proc; empty elsewhere)."""
    me = os.getpid()
    found = []
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(entry.name))
    return found


def end_descendants(keep: frozenset[int] | set[int] = frozenset()) -> None:
    """Kill and reap every child but ``keep``, again and again until none is left.

    As a subreaper this process inherits the orphans of the children it kills, so
    each pass can find new ones; it stops only when a pass finds nothing, however
    deep the chain of forks was.
    """
    import signal

    while found := [pid for pid in children() if pid not in keep]:
        for pid in found:
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        for pid in found:
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
