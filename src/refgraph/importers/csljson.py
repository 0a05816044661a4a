"""CSL-JSON (Zotero, Better CSL JSON, pandoc, refgraph's own export) -> Reference records.

Variables the model has slots for fill them; every other variable is kept as a `csl:NAME`
extra (JSON-encoded when it is not a string). refgraph's own `custom` block (key, source,
extras) is read back, so a library exported as CSL-JSON imports unchanged.
"""
from __future__ import annotations

import json

from refgraph.errors import InputError
from refgraph.model import Issue, Name, Reference

SLOTS = {"title": "title", "container-title": "container_title", "collection-title": "collection_title",
         "volume": "volume", "issue": "issue", "page": "page", "edition": "edition", "publisher": "publisher",
         "publisher-place": "publisher_place", "DOI": "doi", "URL": "url", "ISBN": "isbn", "PMID": "pmid",
         "note": "note", "year-suffix": "year_suffix"}
OWN = {"n", "raw", "line", "issues", "mentions", "why", "conflicts", "part_of", "arxiv"}


def csl_name(item: dict) -> Name:
    if item.get("literal"):
        return Name(literal=str(item["literal"]))
    return Name(family=str(item.get("family", "")), given=str(item.get("given", "")),
                particle=str(item.get("non-dropping-particle", "") or item.get("dropping-particle", "")))


def _date_text(value) -> str:
    """A CSL date as ISO-ish text: date-parts [[2019, 10, 18]] -> '2019-10-18'; raw/literal as given."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts") or [[]]
    if parts and parts[0]:
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0]))
    return str(value.get("raw") or value.get("literal") or "")


def reference_from_csl(item: dict, n: int = 0, source: str = "") -> Reference:
    """One CSL-JSON item as a Reference (also how a stored work is read back)."""
    values: dict = {"type": str(item.get("type") or "document")}
    extra: list[tuple[str, str]] = []
    for var, value in item.items():
        if var in ("author", "editor") and isinstance(value, list):
            values[var + "s"] = tuple(csl_name(v) for v in value if isinstance(v, dict))
        elif var == "issued":
            year = (value.get("date-parts") or [[None]])[0][0] if isinstance(value, dict) else None
            if year is not None and str(year).lstrip("-").isdigit() and len(value["date-parts"][0]) == 1:
                values["year"] = int(year)
            elif year is not None and str(year).isdigit():
                values["year"] = int(year)
                extra.append(("csl:issued", json.dumps(value, ensure_ascii=False)))
            else:
                values["date_text"] = _date_text(value)
        elif var == "accessed":
            values["accessed"] = _date_text(value)
        elif var in SLOTS and value not in (None, ""):
            values[SLOTS[var]] = str(value)
        elif var == "id":
            values["key"] = str(value)
        elif var == "custom" and isinstance(value, dict):
            values["key"] = str(value.get("key", values.get("key", "")))
            source = str(value.get("source") or source)
            extra += [(str(k), str(v)) for k, v in value.get("extra", [])]
        elif var not in OWN and var not in SLOTS:
            extra.append((f"csl:{var}", value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
    return Reference(n=n, raw=str(item.get("raw", "")), source=source, extra=tuple(extra), **values)


def import_csl_json(text: str, source: str) -> tuple[list[Reference], list[Issue]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                         "export the library again as CSL-JSON") from exc
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise InputError(f"{source}: CSL-JSON must be a list of items (or {{\"items\": [...]}})")
    refs, issues = [], []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not item.get("type") and not item.get("title"):
            issues.append(Issue("malformed-entry", f"item {i}: not a CSL-JSON item (an object with a type); skipped"))
            continue
        ref = reference_from_csl(item, n=i, source=f"csl-json:{source}")
        refs.append(ref)
    return refs, issues
