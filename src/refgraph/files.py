"""Writing outputs safely: atomically, with the umask's permissions, never over an input, never
over a file refgraph did not write, and with no temporary file left behind when a write fails."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from refgraph.errors import OutputError

MARKER = ".refgraph-outputs.json"  # in a build's output folder: the files refgraph wrote there


def write_error(path: Path, exc: OSError) -> OutputError:
    """The one-line error for a failed write, saying what the user can do about it."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"{path}: cannot write, the disk is full (or over quota); free some space and run again")
    if exc.errno == errno.EFBIG:
        return OutputError(f"{path}: cannot write, the file is larger than this system allows")
    if exc.errno == errno.EROFS:
        return OutputError(f"{path}: cannot write, the file system is read-only; choose another output path")
    return OutputError(f"{path}: cannot write ({exc.strerror or exc}); check the folder and its permissions")


def _umask_mode() -> int:
    """0o666 less the process umask: the mode `open()` would give a new file (mkstemp gives 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic_check(path: Path, protected: Iterable[Path] = ()) -> None:
    """Raise OutputError if writing path would replace one of the protected inputs."""
    path = Path(path)
    for p in protected:
        if Path(p).exists() and path.exists() and path.resolve() == Path(p).resolve():
            raise OutputError(f"{path}: is one of the inputs; choose another output path")


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[tuple[int, str]]:
    """A temporary file in path's folder (so the rename is atomic), removed unless renamed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        os.chmod(tmp, _umask_mode())
        yield fd, tmp
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # still there only when the write failed


def write_atomic(path: Path, content: str | bytes, protected: Iterable[Path] = ()) -> None:
    """Write content to path via a temporary file and a rename; refuse to replace an input."""
    path = Path(path)
    write_atomic_check(path, protected)
    with _temporary_beside(path) as (fd, tmp):
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(tmp, path)


@contextlib.contextmanager
def atomic_text_writer(path: Path, protected: Iterable[Path] = ()) -> Iterator[TextIO]:
    """A text file handle whose content replaces path only if the block finishes: for outputs
    too large to hold as one string (a big graph export)."""
    path = Path(path)
    write_atomic_check(path, protected)
    with _temporary_beside(path) as (fd, tmp):
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, path)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def recorded_outputs(folder: Path) -> dict[str, str]:
    """Name -> sha256 of the files refgraph wrote into folder (its marker), {} without one."""
    try:
        data = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {}


def check_replaceable(folder: Path, names: Iterable[str]) -> None:
    """Refuse (before anything is written) to replace a file in folder that refgraph did not
    write there, or that was changed since: a user's own report.md or bibliography.bib."""
    folder = Path(folder)
    recorded = recorded_outputs(folder)
    for name in names:
        path = folder / name
        if not path.exists():
            continue
        if name not in recorded:
            raise OutputError(f"{path}: exists and was not written by refgraph; move it away or choose "
                              "another output folder")
        if path.is_file() and _digest(path) != recorded[name]:
            raise OutputError(f"{path}: was changed since refgraph wrote it; move it away or choose "
                              "another output folder")


def record_outputs(folder: Path, names: Iterable[str]) -> None:
    """Add names (files just written into folder) to its marker, with their digests."""
    folder = Path(folder)
    recorded = recorded_outputs(folder)
    recorded.update({name: _digest(folder / name) for name in names})
    write_atomic(folder / MARKER, json.dumps({"written-by": "refgraph", "files": recorded}, indent=1) + "\n")
