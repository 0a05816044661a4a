"""CSL-JSON items -> Reference records: the one reader of CSL items in refgraph.

Variables the model has slots for fill them; every other variable is kept as a `csl:NAME`
extra (JSON-encoded when it is not a string). refgraph's own `custom` block (key, source,
extras) is read back, so a library exported as CSL-JSON imports unchanged. `reference_from_csl`
is how the CSL-JSON importer reads items, how the library reads its stored rows back
(store.py), and how Crossref records are read once net/crossref.py's `as_csl` has reduced them
to plain CSL (title lists, the year among its dates, work types).
It sits at the bottom layer, beside model.py, so that store.py need not import the importers.
"""
from __future__ import annotations

import json

from refgraph.model import CSL_TEXT_VARIABLES, Name, Reference

SLOTS = {"title": "title", **dict(CSL_TEXT_VARIABLES), "year-suffix": "year_suffix", "arxiv": "arxiv"}
OWN = {"type", "n", "raw", "line", "issues", "mentions", "why", "conflicts", "part_of",
       "same_as"}  # a note's pointer to the note it repeats (extract/notes.py): not a field of the work


def _text(value) -> str:
    """A name part as one line of text; Crossref sends some as lists, take the first string."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return " ".join(str(value).split()) if value not in (None, "") else ""


def csl_name(item: dict) -> Name:
    """A CSL (or Crossref) name: a person, or an organisation (`literal`, Crossref's `name`).

    refgraph writes an organisation as both literal and family (for citeproc-py), so a literal
    equal to the family is an organisation too; a family beside a different literal is a person.
    """
    literal, family = _text(item.get("literal") or item.get("name")), _text(item.get("family"))
    if literal and family in ("", literal):
        return Name(literal=literal)
    return Name(family=family, given=_text(item.get("given")),
                particle=_text(item.get("non-dropping-particle") or item.get("dropping-particle")))


def _date_text(value) -> str:
    """A CSL date as ISO-ish text: date-parts [[2019, 10, 18]] -> '2019-10-18'; raw/literal as given."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    pieces = [str(p).strip() for p in first if isinstance(p, (int, str)) and str(p).strip()]
    if pieces:  # month and day zero-padded when they are numbers; anything else kept as written
        return "-".join(f"{int(p):02d}" if i and p.isdigit() else p for i, p in enumerate(pieces))
    return str(value.get("raw") or value.get("literal") or "")


def _year_only(value) -> int | None:
    """The year of a CSL date that holds a year and nothing else, else None."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not parts or not isinstance(parts, list) or not isinstance(parts[0], list) or len(parts[0]) != 1:
        return None
    year = str(parts[0][0])
    return int(year) if year.lstrip("-").isdigit() else None


def _year_first(value) -> int | None:
    """The year of a fuller CSL date (year, month, day): the rest is kept as an extra."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not parts or not isinstance(parts, list) or not isinstance(parts[0], list) or not parts[0]:
        return None
    year = str(parts[0][0])
    return int(year) if year.isdigit() else None


def reference_from_csl(item: dict, n: int = 0, source: str = "", raw: str = "") -> Reference:
    """One CSL-JSON item as a Reference (also how the library reads a stored row back)."""
    values: dict = {"type": str(item.get("type") or "document")}
    extra: list[tuple[str, str]] = []
    for var, value in item.items():
        if var in ("author", "editor") and isinstance(value, list):
            values[var + "s"] = tuple(csl_name(v) for v in value if isinstance(v, dict))
        elif var == "issued":
            if _year_only(value) is not None:
                values["year"] = _year_only(value)
            elif _year_first(value) is not None:
                values["year"] = _year_first(value)
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
            given = value.get("extra")
            pairs: list = given if isinstance(given, list) else []
            extra += [(str(p[0]), str(p[1])) for p in pairs if isinstance(p, (list, tuple)) and len(p) == 2]
        elif var not in OWN and var not in SLOTS:
            extra.append((f"csl:{var}", value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
    return Reference(n=n, raw=str(item.get("raw") or raw), source=source, extra=tuple(extra), **values)
