"""CSL-JSON files (Zotero, Better CSL JSON, pandoc, refgraph's own export) -> Reference records.

Each item is read by `refgraph.csl.reference_from_csl`, the one reader of CSL items.
"""
from __future__ import annotations

import json

from refgraph.csl import reference_from_csl
from refgraph.errors import InputError
from refgraph.model import Issue, Reference


def import_csl_json(text: str, source: str) -> tuple[list[Reference], list[Issue]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                         "export the library again as CSL-JSON") from exc
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply to be a CSL-JSON export; export the library "
                         "again as CSL-JSON") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise InputError(f"{source}: CSL-JSON must be a list of items (or {{\"items\": [...]}})")
    refs, issues = [], []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not item.get("type") and not item.get("title"):
            issues.append(Issue("malformed-entry", f"item {i}: not a CSL-JSON item (an object with a type); skipped"))
            continue
        try:
            ref = reference_from_csl(item, n=i, source=f"csl-json:{source}")
        except (TypeError, ValueError, RecursionError) as exc:  # a variable of a shape CSL does not have
            issues.append(Issue("malformed-entry", f"item {i}: cannot read it ({type(exc).__name__}); "
                                "skipped: fix the item or export it again"))
            continue
        refs.append(ref)
    return refs, issues
