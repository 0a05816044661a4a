"""RIS: the tagged format of EndNote, Mendeley and most library catalogues."""
from __future__ import annotations

from refgraph.model import Work

RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER",
             "report": "RPRT", "thesis": "THES", "webpage": "ELEC", "dataset": "DATA"}


def _name(n) -> str:
    return n.literal or (f"{n.family}, {n.given}" if n.given else n.family)


def work_to_ris(work: Work) -> list[str]:
    ref = work.reference
    kept = ref.extra_fields("ris")
    ty = dict(kept).get("TY") or RIS_TYPES.get(ref.type, "GEN")
    lines = [f"TY  - {ty}", f"ID  - {work.key}"]
    lines += [f"AU  - {_name(a)}" for a in ref.authors]
    lines += [f"ED  - {_name(e)}" for e in ref.editors]
    start, _, end = ref.page.partition("–")
    for tag, value in (("TI", ref.title), ("T2", ref.container_title), ("PY", str(ref.year or "")),
                       ("VL", ref.volume), ("IS", ref.issue), ("SP", start), ("EP", end), ("ET", ref.edition),
                       ("PB", ref.publisher), ("CY", ref.publisher_place), ("DO", ref.doi), ("UR", ref.url),
                       ("SN", ref.isbn), ("Y2", ref.accessed), ("N1", ref.note)):
        if value:
            lines.append(f"{tag}  - {' '.join(value.split())}")
    lines += [f"{tag}  - {' '.join(value.split())}" for tag, value in kept if tag != "TY" and value]
    lines.append("ER  - ")
    return lines


def write_ris(works: list[Work]) -> str:
    out: list[str] = []
    for work in works:
        out += work_to_ris(work) + [""]
    return "\n".join(out)
