"""HTML articles through beautifulsoup4: visible text with block elements on their own lines.

Reference lists recognised from the markup (see htmlrefs) are marked while the text is rendered,
so the Document carries where each list and each of its entries starts in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from refgraph.ingest.htmlrefs import BLOCKS, find_reference_lists, remove_link_junk
from refgraph.ingest.text import decode_bytes, document_from_text
from refgraph.model import Document

# Private-use marks put into the page before rendering and taken out after, leaving offsets.
_REGION, _ENTRY, _END, _CALL, _CALL_END = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_MARKS = {_REGION, _ENTRY, _END, _CALL, _CALL_END}


@dataclass
class Marked:
    """What the marks stood for, in text offsets."""

    text: str = ""
    regions: tuple[tuple[int, int], ...] = ()
    starts: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()
    entry_keys: tuple[tuple[int, str], ...] = ()
    callouts: tuple[tuple[int, int, tuple[str, ...]], ...] = ()


def html_to_text(html: str) -> tuple[str, str]:
    """(visible text, title). Superscripts keep their digits as Unicode superscripts."""
    marked, title = render_html(html)
    return marked.text, title


def render_html(html: str) -> tuple[Marked, str]:
    """The text of a page with its reference lists, entries and linked callouts; and its title."""
    soup = BeautifulSoup(html.translate({ord(m): None for m in _MARKS}), "html.parser")
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
    entry_keys = [_keys_of(e) for ref_list in ref_lists for e in ref_list.entries]
    callout_keys = _mark_callouts(soup, ref_lists, {k for keys in entry_keys for k in keys})
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
    marked = _unmark(_collapse(_text_with_blocks(soup)))
    marked.reasons = tuple(r.reason for r in ref_lists)[:len(marked.regions)]
    if len(marked.starts) == len(entry_keys):
        marked.entry_keys = tuple((s, k) for s, keys in zip(marked.starts, entry_keys) for k in keys)
    if len(marked.callouts) == len(callout_keys):
        marked.callouts = tuple((s, e, callout_keys[i]) for s, e, i in marked.callouts)
    else:
        marked.callouts = ()
    return marked, title


def _keys_of(entry: Tag) -> list[str]:
    """The ids a callout may point at to name this entry (its own, its anchors' and children's)."""
    keys = [str(entry.get("id"))] if entry.get("id") else []
    keys += [str(t.get("id") or t.get("name")) for t in entry.find_all(True) if t.get("id") or t.get("name")]
    return keys


def _mark_callouts(soup: BeautifulSoup, ref_lists, targets: set[str]) -> list[tuple[str, ...]]:
    """Wrap each callout that names an entry (pandoc data-cites, a link to #id) in marks."""
    inside = {id(t) for r in ref_lists for e in r.entries for t in (e, *e.find_all(True))}
    keys: list[tuple[str, ...]] = []
    done: set[int] = set()
    for tag in soup.find_all(["span", "a"]):
        if id(tag) in inside or id(tag) in done:
            continue
        if tag.name == "span" and tag.get("data-cites"):
            nested = [tag, *tag.find_all("span", attrs={"data-cites": True})]  # pandoc nests in-text cites
            names = tuple(dict.fromkeys(f"ref-{k}" for t in nested for k in str(t["data-cites"]).split()))
        elif tag.name == "a" and str(tag.get("href", "")).startswith("#") and tag["href"][1:] in targets:
            names = (tag["href"][1:],)
        else:
            continue
        if not any(n in targets for n in names):
            continue
        done.update(id(t) for t in tag.find_all(True))
        outer = tag.parent if tag.parent is not None and tag.parent.name == "sup" else tag
        outer.insert_before(_CALL)
        outer.insert_after(_CALL_END)
        keys.append(names)
    return keys


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


def _unmark(text: str) -> Marked:
    """The text without marks; the regions, entry starts and callouts they stood for (offsets
    in it; a callout's third item is its index among the callouts)."""
    out: list[str] = []
    pos = 0
    regions: list[tuple[int, int]] = []
    starts: list[int] = []
    calls: list[tuple[int, int, int]] = []
    open_at: list[int] = []
    call_at: list[int] = []
    for ch in text:
        if ch == _REGION:
            open_at.append(pos)
        elif ch == _ENTRY:
            starts.append(pos)
        elif ch == _END:
            if open_at:
                regions.append((open_at.pop(), pos))
        elif ch == _CALL:
            call_at.append(pos)
        elif ch == _CALL_END:
            if call_at:
                calls.append((call_at.pop(), pos, len(calls)))
        else:
            out.append(ch)
            pos += 1
    regions.sort()
    return Marked("".join(out), tuple(regions), tuple(starts), callouts=tuple(calls))


_BLOCK_SET = frozenset(BLOCKS)


def _text_with_blocks(root) -> str:
    """The visible strings (and marks), each block element on lines of its own.

    One walk with an explicit stack: inserting newline strings into the tree costs a walk to
    each element's last descendant, quadratic in nesting depth (40,000 `<div>` took 77 s), and
    `get_text` would recurse as deep as the tree.
    """
    out: list[str] = []
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block
            out.append("\n")
        elif isinstance(node, NavigableString):
            if type(node) in (NavigableString, CData):  # not comments, doctypes, declarations
                out.append(str(node))
        else:
            if node.name in _BLOCK_SET:
                out.append("\n")
                stack.append(None)
            stack.extend(reversed(node.contents))
    return "".join(out)


_SUPER = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹,⁻⁻")


def _superscript(text: str) -> str:
    t = text.strip()
    if t and all(c.isdigit() or c in ",-– " for c in t):
        return t.replace(" ", "").translate(_SUPER)
    return text


def read_html(path: Path, data: bytes) -> Document:
    html, issues = decode_bytes(data, path)
    marked, title = render_html(html)
    doc = document_from_text(str(path), path.stem, "html", marked.text, issues)
    doc = replace(doc, ref_regions=marked.regions, entry_starts=marked.starts, ref_reasons=marked.reasons,
                  entry_keys=marked.entry_keys, callout_marks=marked.callouts)
    return replace(doc, title=title) if title else doc
