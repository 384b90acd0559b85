"""Make sure the kata runs in an interpreter that has its dependencies.

The first command on a fresh clone creates ``.venv`` and installs the project into
it (the only time the kata touches the network); every later command re-runs
itself with ``.venv``'s Python at once. Standard library only: this module runs
under whatever ``python3`` the student has.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kata import ROOT
from kata.course.invocation import command

REQUIRED = ("pytest", "flask", "sqlalchemy")
STAMP = ".kata-installed"


class SetupError(Exception):
    """The environment could not be made ready; the message says what to do."""


def venv_dir(root: Path = ROOT) -> Path:
    return root / ".venv"


def venv_python(root: Path = ROOT) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    name = "python.exe" if os.name == "nt" else "python"
    return venv_dir(root) / folder / name


def wanted_stamp(root: Path = ROOT) -> str:
    """What an up-to-date install records: a hash of pyproject.toml's install tables.

    Tool settings (``[tool.*]``) do not change what is installed, so editing them
    does not trigger a reinstall. Plain text, so it works before any TOML parser.
    """
    import hashlib

    kept, table = [], ""
    for line in (root / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            table = line.strip()
        if not table.startswith("[tool."):
            kept.append(line)
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


def in_project_venv(root: Path = ROOT) -> bool:
    try:
        return Path(sys.prefix).resolve() == venv_dir(root).resolve()
    except OSError:
        return False


def missing_dependencies() -> list[str]:
    from importlib.util import find_spec

    return [name for name in REQUIRED if find_spec(name) is None]


def installed(root: Path = ROOT) -> bool:
    """``.venv`` exists, its Python starts, and it was installed from this pyproject."""
    stamp = venv_dir(root) / STAMP
    python = venv_python(root)
    if not python.exists() or not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8").strip() == wanted_stamp(root)


@contextmanager
def install_lock(root: Path) -> Iterator[None]:
    """One installer at a time, so two ``make lesson-01`` at once do not collide."""
    from kata.course.files import make_folder, make_room

    lock = make_room(make_folder(root / ".kata", root) / "setup.lock", root)
    with open(lock, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock, install is idempotent
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _python_works(python: Path) -> bool:
    """A quick probe (no site, no imports): can this Python run at all?"""
    import subprocess  # imported here: only the re-exec into .venv and set-up need it

    try:
        probe = subprocess.run(
            [str(python), "-S", "-c", ""], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _pip_version(python: str | Path) -> tuple[int, int] | None:
    """The version of ``python -m pip``, or None when that interpreter has no pip."""
    import re
    import subprocess

    try:
        probe = subprocess.run(
            [str(python), "-m", "pip", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.match(r"pip (\d+)\.(\d+)", probe.stdout)
    return (int(found[1]), int(found[2])) if probe.returncode == 0 and found else None


def pip_driver() -> str | None:
    """An interpreter whose own pip can install into ``.venv`` from outside, or None.

    Creating ``.venv`` without a pip of its own skips ensurepip, several seconds
    of the first run; this interpreter's pip (or its base interpreter's) then
    installs into it with ``pip --python`` (pip 22.3 and newer).
    """
    candidates = dict.fromkeys([sys.executable, getattr(sys, "_base_executable", "")])
    for python in [candidate for candidate in candidates if candidate]:
        version = _pip_version(python)
        if version is not None and version >= (22, 3):
            return python
    return None


def pip_command(python: Path, driver: str | None) -> list[str]:
    """The command that installs into the environment of ``python``."""
    if driver is not None:
        return [driver, "-m", "pip", "--python", str(python)]
    if _pip_version(python) is not None:
        return [str(python), "-m", "pip"]
    raise SetupError(
        f"{python} has no pip and this Python's pip is missing or older than 22.3. "
        "Run `python -m kata setup --fresh` to recreate .venv with a pip of its own."
    )


def setup(root: Path = ROOT, fresh: bool = False, say: bool = True) -> None:
    """Create ``.venv`` if needed and install the project with its dependencies."""
    import shutil
    import subprocess  # imported here: only set-up needs it, not every command
    import venv

    with install_lock(root):
        if not fresh and installed(root) and _python_works(venv_python(root)):
            return  # another process finished it while we waited
        python = venv_python(root)
        folder = venv_dir(root)
        broken = folder.exists() and not _python_works(python)
        if fresh or broken:
            if say and broken:
                print(f"kata: {folder} is missing its Python or broken; recreating it.",
                      file=sys.stderr)  # fmt: skip
            elif say and folder.exists():
                print(f"kata: setup --fresh: deleting {folder} and creating it again.",
                      file=sys.stderr)  # fmt: skip
            shutil.rmtree(folder, ignore_errors=True)
        driver = pip_driver()
        if not python.exists():
            if say:
                print(
                    f"kata: creating {folder} with Python {sys.version.split()[0]} …",
                    file=sys.stderr,
                )
            try:
                venv.EnvBuilder(with_pip=driver is None, clear=True).create(folder)
            except (OSError, subprocess.CalledProcessError) as error:
                raise SetupError(
                    f"could not create {folder}: {error}. On Debian/Ubuntu install the "
                    f"python3-venv package, then run `{command('setup')}` again."
                ) from error
        pip = pip_command(python, driver)
        if say:
            print(
                "kata: installing pytest, Flask and SQLAlchemy (first run only) …", file=sys.stderr
            )
        install = subprocess.run(
            [
                *pip,
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--editable",
                f"{root}[dev]",
                # .venv gets a pip of its own, as students expect: installed with the
                # rest (about half a second) instead of by ensurepip (about six).
                *(["pip"] if driver is not None else []),
            ],
            cwd=root,
            stdout=sys.stderr,
            check=False,
        )
        if install.returncode != 0:
            raise SetupError(
                f"installing the dependencies failed (pip exited {install.returncode}). "
                f"Check your network connection, then run `{command('setup')}` again."
            )
        (folder / STAMP).write_text(wanted_stamp(root) + "\n", encoding="utf-8")
        if say:
            print("kata: ready.\n", file=sys.stderr)


def ensure(argv: Sequence[str], root: Path = ROOT) -> None:
    """Return if this interpreter can run the kata; otherwise set up ``.venv`` and re-run there.

    An interpreter can run the kata when it is the project's ``.venv`` (kept up to
    date), or any other virtual environment that has the dependencies, or when
    ``KATA_NO_VENV=1`` says the current Python has been prepared by hand (CI images).
    """
    if os.environ.get("KATA_NO_VENV") == "1":
        missing = missing_dependencies()
        if missing:
            raise SetupError(f"KATA_NO_VENV=1 is set but this Python lacks {', '.join(missing)}.")
        return
    if in_project_venv(root):
        if not installed(root):
            setup(root)
        return
    if sys.prefix != sys.base_prefix and not missing_dependencies():
        return  # another virtual environment, already prepared
    if not installed(root):
        setup(root)
    python = str(venv_python(root))
    if not _python_works(Path(python)):
        raise SetupError(
            f"{python} does not start. Run `python3 -m kata setup --fresh` "
            "(or delete .venv) to create it again."
        )
    command = [python, "-m", "kata", *argv]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":  # pragma: no cover - no exec on Windows
        import subprocess

        raise SystemExit(subprocess.call(command, cwd=root))
    os.chdir(root)
    try:
        os.execv(python, command)
    except OSError:  # the stamp is there but the interpreter is gone: rebuild once
        setup(root, fresh=True)
        os.execv(python, command)
