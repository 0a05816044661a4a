"""CSL-JSON: the interchange format of citeproc, Zotero and pandoc."""
from __future__ import annotations

import json

from refgraph.model import Work

# Keys of Work.to_json that are refgraph's own, not CSL variables.
_OWN_KEYS = ("mentions", "why", "conflicts", "part_of", "arxiv")


def work_to_csl(work: Work) -> dict:
    item = work.to_json()
    for key in _OWN_KEYS:
        item.pop(key, None)
    if "accessed" in item:
        item["accessed"] = {"raw": item["accessed"]["raw"]}
    return item


def write_csl_json(works: list[Work]) -> str:
    return json.dumps([work_to_csl(w) for w in works], ensure_ascii=False, indent=1) + "\n"


def write_works_json(works: list[Work]) -> str:
    """All works with their mentions and merge reasons (what `score.py dedup` reads)."""
    return json.dumps({"works": [w.to_json() for w in works]}, ensure_ascii=False, indent=1) + "\n"
