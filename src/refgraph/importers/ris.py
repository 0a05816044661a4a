"""RIS (EndNote, Mendeley, Zotero, library catalogues) -> Reference records.

Records run from `TY` to `ER`. A record whose `ER` is missing (the next `TY` or the end of the
file comes first) is still imported, with an Issue naming its line, because everything in it
was read; lines that are not `TAG  - value` continue the previous value (wrapped abstracts).
"""
from __future__ import annotations

import re

from refgraph.importers.common import unknown_type_issue
from refgraph.model import Issue, Name, Reference

CSL_TYPE = {"JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal",
            "MGZN": "article-magazine", "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book",
            "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
            "CPAPER": "paper-conference", "RPRT": "report", "THES": "thesis", "ELEC": "webpage",
            "WEB": "webpage", "DATA": "dataset", "GEN": "document", "COMP": "software", "PAT": "patent",
            "UNPB": "manuscript", "STAND": "standard", "BLOG": "post-weblog", "ABST": "article-journal"}
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
SLOTS = {"TI": "title", "T1": "title", "T2": "container_title", "JO": "container_title", "JF": "container_title",
         "T3": "collection_title", "VL": "volume", "IS": "issue", "ET": "edition", "PB": "publisher",
         "CY": "publisher_place", "DO": "doi", "UR": "url", "Y2": "accessed", "N1": "note", "ID": "key"}


def ris_name(value: str) -> Name:
    """`Family, Given[, Suffix]`; a name without a comma is an organisation (or a family alone)."""
    family, sep, rest = value.partition(",")
    if not sep:
        return Name(literal=value.strip()) if " " in value.strip() else Name(family=value.strip())
    given, _, suffix = rest.partition(",")
    family = f"{family.strip()} {suffix.strip()}".strip()
    return Name(family=family, given=given.strip())


def _records(text: str) -> tuple[list[tuple[int, list[tuple[str, str]]]], list[Issue]]:
    """[(first line, [(tag, value)...])...] and the problems with the record structure."""
    records: list[tuple[int, list[tuple[str, str]]]] = []
    issues: list[Issue] = []
    current: list[tuple[str, str]] | None = None
    start = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _TAG.match(line.rstrip())
        if not m:
            if line.strip() and current:
                tag, value = current[-1]
                current[-1] = (tag, f"{value} {line.strip()}")
            elif line.strip():
                issues.append(Issue("malformed-line", f"line {lineno}: not a RIS line (TAG  - value); ignored", lineno))
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                issues.append(_no_er(start, current))
                records.append((start, current))
            current, start = [(tag, value)], lineno
        elif tag == "ER":
            if current is None:
                issues.append(Issue("malformed-line", f"line {lineno}: ER without a TY record before it", lineno))
            else:
                records.append((start, current))
            current = None
        elif current is None:
            issues.append(Issue("malformed-line", f"line {lineno}: {tag} outside a record (no TY before it); "
                                "ignored", lineno))
        else:
            current.append((tag, value))
    if current is not None:
        issues.append(_no_er(start, current))
        records.append((start, current))
    return records, issues


def _no_er(start: int, record: list[tuple[str, str]]) -> Issue:
    title = next((v for t, v in record if t in ("TI", "T1")), "")
    what = f" ({title[:50]!r})" if title else ""
    return Issue("missing-er", f"record at line {start}{what} has no ER line before the next record or "
                 "the end of the file; imported anyway", start)


def record_to_reference(start: int, record: list[tuple[str, str]], source: str) -> tuple[Reference, list[Issue]]:
    ty = record[0][1].upper()
    issues = []
    csl_type = CSL_TYPE.get(ty)
    if csl_type is None:
        issues.append(unknown_type_issue(f"record at line {start}", f"TY {ty!r}", start))
        csl_type = "document"
    values: dict = {"type": csl_type, "authors": [], "editors": []}
    extra: list[tuple[str, str]] = [] if csl_type in CSL_TYPE.values() and _writer_ty(csl_type) == ty else [("ris:TY", ty)]
    sp = ep = ""
    for tag, value in record[1:]:
        if tag in ("AU", "A1"):
            values["authors"].append(ris_name(value))
        elif tag in ("ED", "A2") and csl_type != "article-journal":
            values["editors"].append(ris_name(value))
        elif tag in ("PY", "Y1", "DA") and "year" not in values and re.match(r"\d{4}", value):
            values["year"] = int(value[:4])
            if value.strip("/") != value[:4]:
                extra.append((f"ris:{tag}", value))
        elif tag == "SP":
            sp = value
        elif tag == "EP":
            ep = value
        elif tag == "SN" and re.sub(r"[\s-]", "", value).upper().rstrip("X").isdigit() and len(re.sub(r"[\s-]", "", value)) in (10, 13):
            values["isbn"] = value
        elif tag in SLOTS and SLOTS[tag] not in values:
            values[SLOTS[tag]] = value
        else:
            extra.append((f"ris:{tag}", value))
    values["page"] = f"{sp}–{ep}" if sp and ep else sp or ep
    values["authors"], values["editors"] = tuple(values["authors"]), tuple(values["editors"])
    key = values.pop("key", "")
    ref = Reference(n=start, raw=f"TY  - {ty}", key=key, source=f"ris:{source}", extra=tuple(extra), **values)
    return ref, issues


def _writer_ty(csl_type: str) -> str:
    from refgraph.writers.ris import RIS_TYPES

    return RIS_TYPES.get(csl_type, "GEN")


def import_ris(text: str, source: str) -> tuple[list[Reference], list[Issue]]:
    records, issues = _records(text)
    refs = []
    for start, record in records:
        ref, problems = record_to_reference(start, record, source)
        refs.append(ref)
        issues += problems
    if not records:
        issues.append(Issue("empty", f"{source}: no RIS records (lines starting 'TY  - ')"))
    issues.sort(key=lambda i: i.line or 0)
    return refs, issues
