"""Writing outputs safely: atomically, and never over an input."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from refgraph.errors import OutputError


def write_atomic_check(path: Path, protected: Iterable[Path] = ()) -> None:
    """Raise OutputError if writing path would replace one of the protected inputs."""
    path = Path(path)
    for p in protected:
        if Path(p).exists() and path.exists() and path.resolve() == Path(p).resolve():
            raise OutputError(f"{path}: is one of the inputs; choose another output path")


def write_atomic(path: Path, content: str | bytes, protected: Iterable[Path] = ()) -> None:
    """Write content to path via a temporary file and a rename; refuse to replace an input."""
    path = Path(path)
    write_atomic_check(path, protected)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror}); check the folder and its permissions") from exc


@contextlib.contextmanager
def atomic_text_writer(path: Path, protected: Iterable[Path] = ()) -> Iterator[TextIO]:
    """A text file handle whose content replaces path only if the block finishes: for outputs
    too large to hold as one string (a big graph export)."""
    path = Path(path)
    for p in protected:
        if p.exists() and path.exists() and path.resolve() == Path(p).resolve():
            raise OutputError(f"{path}: is one of the inputs; choose another output path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror}); check the folder and its permissions") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror}); check the folder and its permissions") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
