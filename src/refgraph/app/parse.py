"""`refgraph parse`: one article's references and callouts, or a file of reference strings.

Each way of calling the command is one function here; the CLI only prints what they return.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refgraph.extract.dataset import write_dataset
from refgraph.model import Mention, ParsedDocument, Reference, mentions_of
from refgraph.pipeline import label_reference_lines, parse_path, parse_reference_lines


def parse_article(path: str | Path) -> ParsedDocument:
    """The references and callouts of one article file."""
    return parse_path(path)


def _bibtex(mentions: list[Mention]) -> str:
    """BibTeX of the deduplicated mentions."""
    # Lazy, for start-up speed: dedup (numpy, rapidfuzz) and the writer (bibtexparser) are only
    # needed for --format bibtex, and both are stages below this use case.
    from refgraph.dedup import deduplicate
    from refgraph.writers.bibtex import write_bibtex

    return write_bibtex(deduplicate(mentions))


def article_bibtex(path: str | Path) -> str:
    """`--format bibtex`: the article's references, deduplicated, as BibTeX."""
    return _bibtex(mentions_of(parse_path(path)))


def parse_lines(path: str | Path, progress: Callable[[int, int], None] | None = None) -> tuple[Reference, ...]:
    """`--lines`: each line of the file parsed as one reference string."""
    return parse_reference_lines(path, progress)


def lines_bibtex(path: str | Path, progress: Callable[[int, int], None] | None = None) -> str:
    """`--lines --format bibtex`: the reference strings of the file, deduplicated, as BibTeX."""
    stem = Path(path).stem
    refs = parse_reference_lines(path, progress)
    return _bibtex([Mention(id=f"{stem}#{r.n}", document=stem, reference=r) for r in refs])


def lines_xml(path: str | Path) -> str:
    """`--lines --format xml`: every token of every line with its label, as AnyStyle's XML."""
    return write_dataset(label_reference_lines(path))
