"""Reference lists in a web page's markup: which element is the list, which are its entries.

A page says more than its text: `ol.references` (MediaWiki), `div#refs` / `csl-entry` (pandoc),
`role=doc-endnotes`, `class=footnotes`, `ol.c-article-references`, a list right under a
"References" heading. Lists inside navigation, sidebars, "related"/"cited by" boxes are not
the article's. Link buttons ("Google Scholar", "PubMed") and back-links ("^", "↑ 1.0") are
removed from entries here, before the text is rendered.
"""
from __future__ import annotations

from typing import Any

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from refgraph.extract.sections import HEADING_RE
from refgraph.extract.split import looks_like_reference, starts_entry

_TOKEN_SPLIT = re.compile(r"[-_\s]+")
_LIST_TOKENS = {"references", "reference", "refs", "reflist", "bibliography", "bibliografie", "biblio",
                "footnotes", "footnote", "endnotes", "notes", "citations", "literature", "literatur", "sources",
                "bibl", "cslbib", "references__item"}
_ROLES = {"doc-endnotes", "doc-bibliography", "doc-footnotes"}
_REJECT_TOKENS = {"nav", "navbar", "navigation", "menu", "sidebar", "related", "similar", "recommended",
                  "toc", "breadcrumb", "breadcrumbs", "categories", "category", "cited", "citedby", "citing",
                  "comments", "comment", "share", "social", "widget", "popular", "trending", "footer",
                  "header", "navbox", "catlinks", "advert", "ads"}
_REJECT_TAGS = {"nav", "aside", "header", "footer", "form"}
_JUNK_LINK_RE = re.compile(
    r"(?:\[?\s*(?:Google Scholar|PubMed Central|PubMed|Crossref|CrossRef|Medline|MEDLINE|CAS|Web of Science|"
    r"Scopus|Article|Full Text|PMC free article|Free Full Text|ADS|MathSciNet|zbMATH|View Article|"
    r"Download citation|OpenURL|Find this resource|ISI)\s*\]?)", re.IGNORECASE)
_BACKLINK_TEXT_RE = re.compile(r"[\^↑↩]+|[\^↑]\s*(?:[a-z]{1,2}|\d+(?:\.\d+)?)")
_BACKLINK_HREF_RE = re.compile(r"#(?:cite[_-]ref|fnref|ref[_-]?call|backref)", re.IGNORECASE)
_NOTE_TOKENS = {"footnotes", "footnote", "endnotes", "notes"}
_WEAK_TOKENS = {"notes", "sources", "citations", "literature", "literatur"}
_LABEL_HEADINGS_RE = re.compile(r"^\s*(?:more information|further information|original (?:study|paper))\s*:?\s*$", re.IGNORECASE)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
          "article", "header", "footer", "blockquote", "dd", "dt", "pre", "table", "ol", "ul"]


@dataclass
class RefList:
    """A list found in the markup: its element, its entry elements, and why it was taken."""

    element: Tag
    entries: list[Tag]
    reason: str
    notes: bool = False  # a footnotes/endnotes list rather than a bibliography


def _tokens(tag: Tag) -> set[str]:
    classes: Any = tag.get("class") or []
    words = [*(classes if isinstance(classes, list) else [classes]), str(tag.get("id") or "")]
    out = set()
    for w in words:
        w = w.lower()
        out.add(w)
        out.update(t for t in _TOKEN_SPLIT.split(w) if t)
    if "csl-bib-body" in out:
        out.add("cslbib")
    return out


def _describe(tag: Tag) -> str:
    ident = f"#{tag['id']}" if tag.get("id") else ""
    classes: Any = tag.get("class") or []
    return tag.name + ident + "".join(f".{c}" for c in (classes if isinstance(classes, list) else [classes])[:2])


def _rejected(tag: Tag) -> bool:
    """Inside navigation, a sidebar, a related-articles or cited-by box, or a page footer."""
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            continue
        if node.name in _REJECT_TAGS or _tokens(node) & _REJECT_TOKENS:
            return True
    return False


def _entries_of(tag: Tag) -> list[Tag]:
    if tag.name in ("ol", "ul"):
        return tag.find_all("li", recursive=False)
    csl = tag.find_all(class_="csl-entry")
    if csl:
        return csl
    lists = [lst for lst in tag.find_all(["ol", "ul"]) if lst.find("li", recursive=False)]
    if lists:
        return lists[0].find_all("li", recursive=False)
    return [c for c in tag.find_all(["div", "p"], recursive=False)
            if c.get_text(strip=True) and not c.find(_HEADING_TAGS)]


_HOLDS_BLOCKS = frozenset({"div", "p", "ol", "ul", "table", "section", "article", "dl", "blockquote"})


def _is_heading(tag: Tag) -> bool:
    if tag.name in _HEADING_TAGS:
        return True
    if tag.name not in ("p", "div") or any(getattr(c, "name", None) in _HOLDS_BLOCKS for c in tag.contents):
        return False  # a block of blocks is no bold heading (and 40,000 nested <div> stay linear)
    bold = tag.find(["strong", "b"])
    text = tag.get_text(" ", strip=True)
    return bold is not None and len(text) < 60 and text == bold.get_text(" ", strip=True)


def _heading_text(tag: Tag) -> str:
    return re.sub(r"\[\s*edit\s*\]$", "", " ".join(tag.get_text(" ").split()), flags=re.IGNORECASE).strip()


def _lists_under_headings(soup: BeautifulSoup) -> list[RefList]:
    """A list (ol/ul) that directly follows a References-like heading."""
    found = []
    for h in soup.find_all([*_HEADING_TAGS, "p", "div"]):
        if not _is_heading(h) or not HEADING_RE.fullmatch(_heading_text(h)):
            continue
        nxt = h.find_next_sibling()
        if nxt is None and h.parent is not None:  # the heading wrapped in its own div
            nxt = h.parent.find_next_sibling()
        if isinstance(nxt, Tag) and nxt.name in ("div", "section") and not nxt.find(_HEADING_TAGS):
            inner = nxt.find(["ol", "ul"])
            nxt = inner if inner is not None else nxt
        if isinstance(nxt, Tag) and nxt.name in ("ol", "ul") and nxt.find("li", recursive=False):
            found.append(RefList(nxt, nxt.find_all("li", recursive=False),
                                 f"{_describe(nxt)} under the heading {_heading_text(h)!r}"))
        elif isinstance(nxt, Tag) and nxt.name == "p":
            paragraphs = _reference_paragraphs(nxt)
            if paragraphs:
                found.append(RefList(nxt, paragraphs,
                                     f"{len(paragraphs)} paragraphs under the heading {_heading_text(h)!r}"))
    return found


def _reference_paragraphs(first: Tag) -> list[Tag]:
    """The paragraphs from `first` on that read as references (a list typed as paragraphs)."""
    out = []
    for p in [first, *first.find_next_siblings()]:
        text = " ".join(p.get_text(" ").split())
        if p.name != "p" or not looks_like_reference(text):
            break
        out.append(p)
    return out


def _labelled_blocks(soup: BeautifulSoup) -> list[RefList]:
    """A block opened by a bold label such as "More information:" (news pages cite one paper so)."""
    found = []
    for label in soup.find_all(["strong", "b"]):
        if not _LABEL_HEADINGS_RE.match(label.get_text(" ", strip=True)):
            continue
        parent = label.parent
        if isinstance(parent, Tag) and not _rejected(parent):
            found.append(RefList(parent, [label], f"the block labelled {label.get_text(' ', strip=True)!r}"))
    return found


def find_reference_lists(soup: BeautifulSoup) -> list[RefList]:
    """The article's reference lists in page order (each entry element in one list only)."""
    candidates: list[RefList] = []
    for tag in soup.find_all(["ol", "ul", "div", "section", "dl", "aside"]):
        tokens = _tokens(tag)
        role = str(tag.get("role") or "").lower()
        if not (tokens & _LIST_TOKENS or role in _ROLES) or _rejected(tag):
            continue
        entries = _entries_of(tag)
        if entries and not (tokens & _LIST_TOKENS) - _WEAK_TOKENS and role not in _ROLES and len(entries) < 2 \
                and not looks_like_reference(entries[0].get_text(" ")):
            continue  # a lone "notes" box that is no reference
        if entries:
            notes = bool(tokens & _NOTE_TOKENS) or role in ("doc-endnotes", "doc-footnotes")
            candidates.append(RefList(tag, entries, f"{_describe(tag)} ({'role ' + role if role else 'markup'})",
                                      notes))
    candidates += _lists_under_headings(soup) + _labelled_blocks(soup)
    taken: set[int] = set()
    out: list[RefList] = []
    for c in candidates:
        ids = {id(e) for e in c.entries}
        if ids & taken or any(id(p) in taken for e in c.entries for p in e.parents):
            continue
        if any(id(d) in taken for e in c.entries for d in e.find_all(True)):
            continue
        taken |= ids
        out.append(c)
    if any(not c.notes for c in out):  # pandoc's footnotes beside its bibliography: commentary, unless cited works
        out = [c for c in out if not c.notes or any(looks_like_reference(e.get_text(" ")) for e in c.entries)]
    out = out or _lists_that_read_as_references(soup)
    order = {id(t): i for i, t in enumerate(soup.find_all(True))}
    return sorted(out, key=lambda c: order.get(id(c.entries[0]), 0))


_NOT_THE_LIST_RE = re.compile(r"external links|further reading|see also|links|related|read more|more from|"
                              r"weiterführende|liens externes|voir aussi|enlaces externos", re.I)


def _lists_that_read_as_references(soup: BeautifulSoup) -> list[RefList]:
    """With no marked list: the last list (no heading needed, e.g. after a reviewer's byline)
    whose every item reads as a reference and most open with author names."""
    found = []
    for lst in soup.find_all(["ol", "ul"]):
        items = lst.find_all("li", recursive=False)
        texts = [" ".join(li.get_text(" ").split()) for li in items]
        if len(items) < 2 or _rejected(lst) or not all(looks_like_reference(t) for t in texts):
            continue
        if sum(1 for t in texts if starts_entry(t)) * 2 < len(texts):
            continue
        heading = lst.find_previous(_HEADING_TAGS)
        if heading is not None and _NOT_THE_LIST_RE.search(_heading_text(heading)):
            continue
        found.append(RefList(lst, items, f"{_describe(lst)}: every item reads as a reference (no heading)"))
    return found[-1:]


def remove_link_junk(entry: Tag) -> None:
    """Link buttons and back-links out of an entry, so that its text is the reference as printed."""
    for tag in list(entry.find_all(True)):
        if getattr(tag, "decomposed", False):
            continue
        if any("backlink" in t for t in _tokens(tag)):
            tag.decompose()
    for a in entry.find_all("a"):
        text = " ".join(a.get_text(" ").split())
        href = str(a.get("href") or "")
        backlink = _BACKLINK_TEXT_RE.fullmatch(text or "^") or (
            _BACKLINK_HREF_RE.match(href) and re.fullmatch(r"[a-z]{1,2}|\d+\.\d+", text))
        if _JUNK_LINK_RE.fullmatch(text) or (href.startswith("#") and backlink):
            a.decompose()
    for tag in list(entry.find_all(["p", "div", "span"])):
        if not getattr(tag, "decomposed", False) and not tag.get_text(strip=True).strip("|/·•, "):
            tag.decompose()
