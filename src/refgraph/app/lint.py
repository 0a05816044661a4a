"""`refgraph lint`: parse every article given, then lint each one."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from refgraph.lint import LintReport, lint_document
from refgraph.model import Issue
from refgraph.pipeline import Progress, parse_paths


@dataclass(frozen=True)
class LintRun:
    reports: tuple[LintReport, ...]
    skipped: tuple[Issue, ...]


def lint_paths(paths: Iterable[str | Path], progress: Progress | None = None) -> LintRun:
    """Lint every article named or found under the folders given."""
    batch = parse_paths(paths, progress)
    return LintRun(tuple(lint_document(d) for d in batch.documents), batch.skipped)
