"""BibTeX for resolved metadata (used by `refgraph resolve --format bibtex`).

Stop-gap until writers/bibtex.py lands on main; then this module should call it instead.
"""
from __future__ import annotations

import re
import unicodedata

import bibtexparser
from bibtexparser.model import Entry, Field

from refgraph.model import Reference

ENTRY_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection",
               "paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis"}


def cite_key(ref: Reference, taken: set[str]) -> str:
    who = ref.authors[0].sort_name if ref.authors else (ref.title.split() or ["anon"])[0]
    who = unicodedata.normalize("NFKD", who).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]", "", who) + str(ref.year or "")
    key, suffix = base or "ref", 0
    while key in taken:
        suffix += 1
        key = f"{base}{chr(ord('a') + suffix - 1)}"
    taken.add(key)
    return key


def _names(names) -> str:
    return " and ".join(f"{n.family}, {n.given}" if n.given else (n.family or f"{{{n.literal}}}") for n in names)


def to_bibtex(refs) -> str:
    library = bibtexparser.Library()
    taken: set[str] = set()
    for ref in refs:
        container = "journal" if ref.type == "article-journal" else "booktitle"
        values = [("title", ref.title), ("author", _names(ref.authors)), ("editor", _names(ref.editors)),
                  ("year", str(ref.year or "")), (container, ref.container_title), ("volume", ref.volume),
                  ("number", ref.issue), ("pages", ref.page.replace("-", "--")), ("publisher", ref.publisher),
                  ("address", ref.publisher_place), ("doi", ref.doi), ("isbn", ref.isbn), ("url", ref.url)]
        fields = [Field(k, v) for k, v in values if v]
        library.add(Entry(ENTRY_TYPES.get(ref.type, "misc"), cite_key(ref, taken), fields))
    return bibtexparser.write_string(library)
