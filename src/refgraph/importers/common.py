"""What the importers share: the one way an entry type refgraph does not know is reported."""
from __future__ import annotations

from refgraph.model import Issue


def unknown_type_issue(where: str, given: str, line: int) -> Issue:
    """An entry whose type refgraph does not know: imported as a generic document, and said so."""
    return Issue("unknown-entry-type", f"{where}: unknown entry type {given}; imported as a generic document", line)
