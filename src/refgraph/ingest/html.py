"""HTML articles through beautifulsoup4: visible text with block elements on their own lines.

Reference lists recognised from the markup (see htmlrefs) are marked while the text is rendered,
so the Document carries where each list and each of its entries starts in the text.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from refgraph.ingest.htmlrefs import BLOCKS, find_reference_lists, remove_link_junk
from refgraph.ingest.text import decode_bytes, document_from_text
from refgraph.model import Document

# Private-use marks put into the page before rendering and taken out after, leaving offsets.
_REGION, _ENTRY, _END = "\ue000", "\ue001", "\ue002"
_MARKS = {_REGION, _ENTRY, _END}


def html_to_text(html: str) -> tuple[str, str]:
    """(visible text, title). Superscripts keep their digits as Unicode superscripts."""
    text, title, _ = render_html(html)
    return text, title


def render_html(html: str) -> tuple[str, str, tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[str, ...]]]:
    """(text, title, (reference regions, entry starts, reasons)) of a page."""
    soup = BeautifulSoup(html.replace(_REGION, "").replace(_ENTRY, "").replace(_END, ""), "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.head:
        soup.head.decompose()
    ref_lists = find_reference_lists(soup)
    quiet: set[int] = set()  # links inside entries whose target adds nothing the entry lacks
    for ref_list in ref_lists:
        for entry in ref_list.entries:
            remove_link_junk(entry)
            printed = entry.get_text(" ").lower()
            quiet.update(id(a) for a in entry.find_all("a", href=True)
                         if "doi.org/" not in a["href"] or a["href"].split("doi.org/", 1)[1].lower() in printed)
    for sup in soup.find_all("sup"):
        sup.replace_with(_superscript(sup.get_text()))
    for ol in soup.find_all("ol"):
        start = int(ol.get("start", 1)) if str(ol.get("start", "1")).isdigit() else 1
        for i, li in enumerate(ol.find_all("li", recursive=False), start=start):
            li.insert(0, f"{i}. ")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if id(a) not in quiet and href.startswith(("http://", "https://")) and href not in a.get_text():
            a.append(f" <{href}>")
    for ref_list in ref_lists:
        _mark(ref_list.element, ref_list.entries)
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = _collapse(soup.get_text())
    regions = _unmark(text)
    return regions[0], title, (regions[1], regions[2], tuple(r.reason for r in ref_lists)[:len(regions[1])])


def _mark(element: Tag, entries: list[Tag]) -> None:
    if len(entries) == 1 and entries[0].name in ("strong", "b"):  # a labelled block: the text after the label
        label = entries[0]
        label.insert_after(_REGION + _ENTRY)
        stop = next((s for s in label.find_next_siblings() if s.name in BLOCKS and s.name != "br"), None)
        if stop is not None:
            stop.insert_before(_END)
        else:
            element.append(_END)
        return
    entries[0].insert_before(_REGION)
    entries[-1].insert_after(_END)
    for entry in entries:
        entry.insert(0, _ENTRY)


def _collapse(raw: str) -> str:
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    text, blank = [], False
    for line in lines:
        if line.strip("".join(_MARKS)):
            text.append(line)
            blank = False
        elif line:
            text.append(line)  # marks alone: kept in place, they take no room once removed
        elif not blank:
            text.append("")
            blank = True
    return "\n".join(text).strip() + "\n"


def _unmark(text: str) -> tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]]:
    """The text without marks; the regions and entry starts they stood for (offsets in it)."""
    out: list[str] = []
    pos = 0
    regions: list[tuple[int, int]] = []
    starts: list[int] = []
    open_at: list[int] = []
    for ch in text:
        if ch == _REGION:
            open_at.append(pos)
        elif ch == _ENTRY:
            starts.append(pos)
        elif ch == _END:
            if open_at:
                regions.append((open_at.pop(), pos))
        else:
            out.append(ch)
            pos += 1
    regions.sort()
    return "".join(out), tuple(regions), tuple(starts)


_SUPER = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹,⁻⁻")


def _superscript(text: str) -> str:
    t = text.strip()
    if t and all(c.isdigit() or c in ",-– " for c in t):
        return t.replace(" ", "").translate(_SUPER)
    return text


def read_html(path: Path, data: bytes) -> Document:
    html, issues = decode_bytes(data, path)
    text, title, (regions, starts, reasons) = render_html(html)
    doc = document_from_text(str(path), path.stem, "html", text, issues)
    doc = replace(doc, ref_regions=regions, entry_starts=starts, ref_reasons=reasons)
    return replace(doc, title=title) if title else doc
