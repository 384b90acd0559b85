"""The run sandbox: what a test run may read, write, signal, inherit and outlive (Linux).

A run is the student's code: untrusted. ``confine`` is called in the run's process
before pytest starts, and from then on the kernel, not the kata, enforces the rules:

- **Files (Landlock).** The run may write only its own tree, its temporary folder
  and a few device files, and read only those and the toolchain: the interpreter,
  its libraries, the system's (``/usr``, part of ``/etc``...). Not ``kata/``,
  ``solutions/``, ``lessons/``, ``.kata/``, another run's tree or the home folder.
  It cannot signal or ptrace a process outside its sandbox, nor reach an abstract
  Unix socket outside it; every child it starts inherits all of that.
- **Processes (a PID namespace).** The run's pytest is process 1 of a new PID
  namespace: when it ends, the kernel kills everything it started, whatever that
  did (new sessions, double forks). Where the kernel refuses namespaces, the
  kata's process that forks runs is their subreaper and sweeps until none is left.
- **Between runs.** Each run has its own loopback network and IPC namespace, and
  makes no Unix socket unless its lesson has a PostgreSQL (seccomp): no two runs
  meet, and no socket of the machine is reached by its path.
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
_CLONE_NEWNET = 0x40000000
_CLONE_NEWIPC = 0x08000000
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 1

# Filesystem rights (include/uapi/linux/landlock.h), by the ABI that brought them.
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1, 1 << 1, 1 << 2, 1 << 3
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_ABI_RIGHTS = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 1 << 1

#: A PostgreSQL of the student's own (see kata/runs/services.py): it may be on the network.
SERVER_VARIABLE = "KATA_POSTGRES_URL"
#: Read-only system folders a Python process and the lessons' libraries need.
SYSTEM_READABLE = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/proc", "/sys")
#: What of /etc a run reads: names, time zones, certificates, the loader's cache. Not
#: the rest (``shadow``, ``ssh/``, ``sudoers``...): a grader often runs as root.
ETC_READABLE = tuple(
    f"/etc/{name}"
    for name in (
        "localtime", "timezone", "passwd", "group", "nsswitch.conf", "hosts", "host.conf",
        "resolv.conf", "gai.conf", "protocols", "services", "mime.types", "ssl",
        "ca-certificates", "ca-certificates.conf", "pki", "ld.so.cache", "ld.so.conf",
        "ld.so.conf.d", "alternatives", "os-release", "locale.alias", "locale.conf",
        "python3", "fonts", "mailcap", "magic",
    )
)  # fmt: skip
#: Device files a run may read and write (never all of /dev: /dev/shm holds other runs).
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


class SandboxError(Exception):
    """A protection this machine offers could not be applied to a run."""


@dataclass(frozen=True)
class Protections:
    """What the kernel enforces on every run: shown in the verdict's JSON."""

    filesystem: str  # "landlock v7", or "none"
    processes: str  # "pid namespace", "subreaper", or "none"
    network: str = "shared"  # "private loopback": each run has a loopback of its own
    reason: str = ""  # why something is missing

    @property
    def complete(self) -> bool:
        return self.filesystem != "none" and self.processes != "none"

    def as_json(self) -> dict[str, str]:
        shown = {"filesystem": self.filesystem, "processes": self.processes}
        shown["network"] = self.network
        return {**shown, "reason": self.reason} if self.reason else shown

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Protections:
        return cls(data["filesystem"], data["processes"], data["network"], data.get("reason", ""))


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@cache
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
            _new_namespaces(private_network=True)
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
    Runs get a loopback network of their own, so no two runs can talk, unless
    ``KATA_POSTGRES_URL`` names a server of the student's, which may be on it.
    """
    setting = os.environ.get("KATA_SANDBOX", "")
    if not sys.platform.startswith("linux"):
        return Protections("none", "none", reason=f"no sandbox on {sys.platform}: Linux only")
    if setting == "off":
        return Protections("none", "subreaper", reason="turned off with KATA_SANDBOX=off")
    reasons = []
    abi = landlock_abi()
    filesystem = f"landlock v{abi}" if abi else "none"
    if not abi:
        reasons.append("this kernel offers no Landlock (Linux 5.13+ with landlock in lsm=)")
    processes, network = "subreaper", "shared"
    if setting == "no-namespaces":
        reasons.append("namespaces turned off with KATA_SANDBOX=no-namespaces")
    elif not _namespaces_work():
        reasons.append("user namespaces are not allowed here: what runs leave is swept")
    elif os.environ.get(SERVER_VARIABLE):
        processes = "pid namespace"
        reasons.append(f"{SERVER_VARIABLE} names a server of yours: runs share the network")
    else:
        processes, network = "pid namespace", "private loopback"
    return Protections(filesystem, processes, network, "; ".join(reasons))


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


def _new_namespaces(private_network: bool = False) -> None:
    """Enter a new PID namespace (and, for an ordinary user, a user namespace to allow it).

    An ordinary user may make a PID namespace only inside a user namespace of its
    own, in which it maps just itself. Root needs none; it keeps only its powers
    over files (which Landlock bounds) and drops the rest: over the machine
    (modules, reboot, the network, the clock) and over other users' processes.
    An IPC namespace of its own, too: System V queues, semaphores and shared memory
    (and POSIX message queues) reach no other run and end with it. With
    ``private_network`` the run also gets a network namespace: a loopback of its
    own, where its servers and clients meet no other run's.
    """
    flags = _CLONE_NEWPID | _CLONE_NEWIPC | (_CLONE_NEWNET if private_network else 0)
    if os.getuid() == 0:
        _check(_libc().unshare(flags), "unshare")
    else:
        uid, gid = os.getuid(), os.getgid()
        _check(_libc().unshare(_CLONE_NEWUSER | flags), "unshare")
        maps = (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1"))
        for name, text in maps:
            with open(f"/proc/self/{name}", "w", encoding="ascii") as handle:
                handle.write(text)
    if private_network:
        _loopback_up()
    if os.getuid() == 0:
        _keep_only_file_capabilities()


def _loopback_up() -> None:
    """Bring up ``lo`` in this (new) network namespace: it starts down."""
    import fcntl
    import socket
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(handle, _SIOCGIFFLAGS, request)[:18])[1]
        fcntl.ioctl(handle, _SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | _IFF_UP))


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


@cache
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
        *ETC_READABLE,
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


def end_with_parent(parent: int | None = None) -> None:
    """Linux: the kernel kills this process (SIGKILL) when its parent ends, however it
    ends (``kill -9`` included). With ``parent``: if that parent has ended already (the
    race before the request), end now."""
    if not sys.platform.startswith("linux"):
        return
    _check(_libc().prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0), "prctl(PDEATHSIG)")
    if parent is not None and os.getppid() != parent:
        os._exit(70)


def _become_init_of_new_namespace(private_network: bool) -> None:
    """Continue as process 1 of a new PID namespace; this process waits and mirrors its exit.

    The waiting process stays outside the namespace and outside the run's Landlock
    domain, so the run cannot signal it; if it is killed (the run's bound), the
    kernel kills the namespace's process 1, and with it everything inside.
    """
    _new_namespaces(private_network)
    child = os.fork()
    if child == 0:
        end_with_parent()
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
    granted: Protections,
    readable_files: tuple[Path, ...] = (),
    writable_files: tuple[Path, ...] = (),
    unix_sockets: bool = False,
) -> None:
    """Confine the calling process (a run, before pytest) and all it will start.

    ``granted`` is what the kata found this machine offers (``protections()``, in
    its own process). ``tree`` and ``scratch`` are the only folders the run may
    write; ``readable_files`` are single files it may also read (the kata's pytest
    settings), ``writable_files`` single files it may write (its report). Without
    ``unix_sockets`` (a lesson whose PostgreSQL listens on one) the run cannot make
    a Unix socket, so it cannot reach one of the machine's by its path (Landlock
    does not guard ``connect``). Raises ``SandboxError`` rather than run with less
    than ``granted`` promised.
    """
    if granted.processes == "pid namespace":
        _become_init_of_new_namespace(granted.network == "private loopback")
    if granted.filesystem != "none":
        _landlock(
            landlock_abi(),
            writable=[str(tree), str(scratch)],
            readable=readable_paths(),
            files=[(str(path), _READ_FILE) for path in readable_files]
            + [(str(path), _READ_FILE | _WRITE_FILE | _TRUNCATE) for path in writable_files],
        )
    if granted.filesystem != "none" and not unix_sockets:
        _no_unix_sockets()


# seccomp(2): one filter, ``socket(AF_UNIX, ...)`` fails with EACCES; socketpair() still works.
_SOCKET_CALL = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2
_LOAD_WORD, _JUMP_IF_EQUAL, _RETURN = 0x20, 0x15, 0x06
_ALLOW, _ERRNO_EACCES = 0x7FFF0000, 0x00050000 | 13


class _Instruction(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _no_unix_sockets() -> None:
    """Forbid this process and its children to make Unix sockets (a seccomp filter)."""
    arch, socket_call = _SOCKET_CALL.get(os.uname().machine, (0, -1))
    if socket_call < 0:
        raise SandboxError(f"no seccomp filter for {os.uname().machine}")
    code = (_Instruction * 8)(
        _Instruction(_LOAD_WORD, 0, 0, 4),  # the architecture
        _Instruction(_JUMP_IF_EQUAL, 0, 5, arch),
        _Instruction(_LOAD_WORD, 0, 0, 0),  # the call's number
        _Instruction(_JUMP_IF_EQUAL, 0, 3, socket_call),
        _Instruction(_LOAD_WORD, 0, 0, 16),  # its first argument: the address family
        _Instruction(_JUMP_IF_EQUAL, 0, 1, 1),  # AF_UNIX
        _Instruction(_RETURN, 0, 0, _ERRNO_EACCES),
        _Instruction(_RETURN, 0, 0, _ALLOW),
    )
    program = _Program(len(code), code)
    libc = _libc()
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
    _check(
        libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0), "seccomp"
    )


_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt every orphaned descendant (Linux); False where the kernel cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return int(_libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def process_table() -> dict[int, tuple[int, bytes]] | None:
    """Every process's parent and state (``R`` running...), from /proc; None without it."""
    try:
        names = [entry.name for entry in os.scandir("/proc") if entry.name.isdigit()]
    except OSError:
        return None
    table = {}
    for name in names:
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            table[int(name)] = (int(fields[1]), fields[0])
    return table


def _parents() -> dict[int, int]:
    """Every process's parent (empty where there is no /proc)."""
    return {pid: parent for pid, (parent, _) in (process_table() or {}).items()}


def children() -> list[int]:
    """The pids whose parent is this process (Linux /proc; empty elsewhere)."""
    me = os.getpid()
    return [pid for pid, parent in _parents().items() if parent == me]


def descendants(
    root: int, keep: frozenset[int] | set[int] = frozenset(), parents: dict[int, int] | None = None
) -> list[int]:
    """The pids below ``root`` in the process tree, zombies included, but for the
    subtrees of the ``keep`` pids (``parents``: a table already read)."""
    below: dict[int, list[int]] = {}
    for pid, parent in (_parents() if parents is None else parents).items():
        below.setdefault(parent, []).append(pid)
    found, queue = [], [pid for pid in below.get(root, ()) if pid not in keep]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(below.get(pid, ()))
    return found


def end_descendants(keep: frozenset[int] | set[int] = frozenset()) -> None:
    """Kill and reap every descendant of this process but ``keep`` (and theirs), until
    none is left.

    A process can fork between a look and the kill: its child then shows up in the
    next look (adopted by this subreaper when its parent dies), so the loop goes on
    until a look finds nothing, however deep the chain of forks was.
    """
    import signal
    import time

    while found := descendants(os.getpid(), keep):
        for pid in found:
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        reaped = 0
        for pid in found:  # ours are reaped here; the others are adopted, then reaped
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
                reaped += 1
        if not reaped:
            time.sleep(0.001)  # a grandchild still dying: let its parent go first
