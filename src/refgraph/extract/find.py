"""Find a document's reference lists: the rules of `sections` and `split` first, and where they
find none, the trained line finder (`linefind`), whose list is kept only when the splitter cuts
it into two or more reference-like entries."""
from __future__ import annotations

from refgraph.extract.linefind import model_section
from refgraph.extract.sections import find_reference_sections, references_in
from refgraph.extract.split import looks_like_reference, split_references
from refgraph.model import RawReference, Section


def find_references(text: str) -> tuple[list[RawReference], int | None]:
    """All reference strings of a document, numbered 1..k across its lists, and where the body
    ends (None: no list found)."""
    return references_in(text, find_sections(text)[0])


def find_sections(text: str) -> tuple[list[Section], str]:
    """The document's reference lists, and who found them: "rules" or "model"."""
    sections = find_reference_sections(text)
    if sections:
        return sections, "rules"
    return _model_sections(text), "model"


def _model_sections(text: str) -> list[Section]:
    section = model_section(text)
    if section is None:
        return []
    entries = split_references(text, section.start, section.end)
    return [section] if sum(looks_like_reference(r.text) for r in entries) >= 2 else []
