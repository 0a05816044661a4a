"""BibTeX through bibtexparser v2, with LaTeX-safe values and the key as given."""
from __future__ import annotations

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from refgraph.model import Name, Reference, Work

ENTRY_TYPES = {"article-journal": "article", "article": "article", "book": "book", "chapter": "incollection",
               "paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis",
               "webpage": "misc", "dataset": "misc", "document": "misc"}
_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}


def latex_escape(value: str) -> str:
    return "".join(_LATEX.get(c, c) for c in value)


def bibtex_name(name: Name) -> str:
    if name.literal:
        return "{" + latex_escape(name.literal) + "}"
    family = f"{name.particle} {name.family}".strip()
    return f"{latex_escape(family)}, {latex_escape(name.given)}" if name.given else latex_escape(family)


def reference_fields(ref: Reference) -> list[tuple[str, str]]:
    """BibTeX fields of a reference, in the conventional order; empty fields left out."""
    container = "journal" if ref.type in ("article-journal", "article") else "booktitle"
    pairs = [
        ("author", " and ".join(bibtex_name(a) for a in ref.authors)),
        ("editor", " and ".join(bibtex_name(e) for e in ref.editors)),
        ("title", latex_escape(ref.title)),
        (container, latex_escape(ref.container_title)),
        ("series", latex_escape(ref.collection_title)),
        ("year", str(ref.year) if ref.year else ""),
        ("edition", latex_escape(ref.edition)),
        ("volume", latex_escape(ref.volume)),
        ("number", latex_escape(ref.issue)),
        ("pages", ref.page.replace("–", "--")),
        ("publisher" if ref.type != "report" else "institution", latex_escape(ref.publisher)),
        ("address", latex_escape(ref.publisher_place)),
        ("doi", ref.doi),
        ("url", ref.url),
        ("isbn", ref.isbn),
        ("urldate", latex_escape(ref.accessed)),
        ("note", latex_escape(ref.note)),
    ]
    return [(k, v) for k, v in pairs if v]


def write_bibtex(works: list[Work]) -> str:
    library = Library()
    for work in works:
        ref = work.reference
        entry_fields = [Field(k, v) for k, v in reference_fields(ref)]
        library.add(Entry(ENTRY_TYPES.get(ref.type, "misc"), work.key, entry_fields))
    return bibtexparser.write_string(library)
