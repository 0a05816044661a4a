"""In-text callouts: find them in the body and link them to reference numbers.

A numbered list is cited by numbers (superscripts, brackets, parentheses, digits glued to a
word: extract/numeric.py); an author-date list by author and year (extract/authoryear.py). This
module chooses between them; the two finders share the sentence splitter of extract/textspan.py.
"""
from __future__ import annotations

from refgraph.extract.authoryear import (CitedName, find_author_year, link_author_year,  # noqa: F401
                                         parse_author_year)
from refgraph.extract.numeric import expand_numbers, find_numeric  # noqa: F401
from refgraph.extract.textspan import fold, sentence_around  # noqa: F401
from refgraph.model import Citation, Document, Reference


def find_citations(doc: Document, body_end: int, refs: tuple[Reference, ...], numbered: bool) -> tuple[Citation, ...]:
    """All callouts in doc.text[:body_end], in reading order."""
    if not refs:
        return ()
    if numbered:
        return tuple(find_numeric(doc, body_end, refs))
    return tuple(find_author_year(doc, body_end, refs))
