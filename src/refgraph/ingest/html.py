"""HTML articles through beautifulsoup4: visible text with block elements on their own lines."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString

from refgraph.ingest.text import decode_bytes, document_from_text
from refgraph.model import Document

_BLOCKS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
           "article", "header", "footer", "blockquote", "dd", "dt", "pre", "table", "ol", "ul"]


def html_to_text(html: str) -> tuple[str, str]:
    """(visible text, title). Superscripts keep their digits as Unicode superscripts."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        if tag.name == "head":
            continue
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.head:
        soup.head.decompose()
    for sup in soup.find_all("sup"):
        sup.replace_with(_superscript(sup.get_text()))
    for ol in soup.find_all("ol"):
        start = int(ol.get("start", 1)) if str(ol.get("start", "1")).isdigit() else 1
        for i, li in enumerate(ol.find_all("li", recursive=False), start=start):
            li.insert(0, f"{i}. ")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith(("http://", "https://")) and href not in a.get_text():
            a.append(f" <{href}>")
    lines = [" ".join(line.split()) for line in _text_with_blocks(soup).splitlines()]
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank:
            text.append("")
            blank = True
    return "\n".join(text).strip() + "\n", title


_BLOCK_SET = frozenset(_BLOCKS)


def _text_with_blocks(root) -> str:
    """The visible strings, each block element on lines of its own.

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
    text, title = html_to_text(html)
    doc = document_from_text(str(path), path.stem, "html", text, issues)
    return replace(doc, title=title) if title else doc
