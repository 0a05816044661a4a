"""Does this metadata describe the work that the citing reference means? Decided like a librarian.

In the manner of Crossref's search-based matching with validation: a candidate is never taken
on the search engine's score alone. Each field (title, first author's surname, year, container,
volume, issue, first page) is compared. Hard conflicts veto: volume, pages, issue or year that
disagree when both sides give them, another first author, a notice (Corrigendum, Erratum,
Reply to ...) on one side only; a printed year that is the registry's online-first year is no
conflict. Otherwise a logistic model over the field agreements (match_model.py, fitted by
benchmarks/fit_match.py) gives a calibrated probability, and its threshold, chosen for
precision, says accept, possible (reported, never applied) or reject. Discovery (resolve.py)
and `check` (linkcheck.py) ask the same question here, so they agree. When the parser left a
field empty, it is looked for in the reference string as printed.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from refgraph.ids import extract_identifiers
from refgraph.model import Reference
from refgraph.net.match_model import ACCEPT, BIAS, POSSIBLE, WEIGHTS

FIELDS = ("title", "author", "year", "container", "volume", "issue", "page")
SAME, LIKELY, DIFFERENT = "same", "likely", "different"
BOOK_TYPES = frozenset({"book", "chapter"})
ARTICLE_TYPES = frozenset({"article-journal", "article", "paper-conference"})

@dataclass(frozen=True)
class FieldCheck:
    """One field compared: agree (score near 1), disagree (near 0) or in between."""

    field: str
    citing: str
    resolved: str
    score: float

    @property
    def verdict(self) -> str:
        return "agree" if self.score >= 0.85 else "disagree" if self.score < 0.5 else "partial"

    def to_json(self) -> dict:
        return {"field": self.field, "citing": self.citing, "resolved": self.resolved,
                "score": round(self.score, 3), "verdict": self.verdict}


@dataclass(frozen=True)
class Match:
    """The grade, the weighted score over the fields both sides have, and the evidence."""

    grade: str | None  # same | likely | different | None (nothing to compare)
    score: float  # the calibrated probability that it is the cited work
    checks: tuple[FieldCheck, ...] = ()
    notes: tuple[str, ...] = ()
    verdict: str = ""  # accept | possible | reject ("" when nothing was compared)
    conflicts: tuple[str, ...] = ()  # the hard conflicts: volume, page, issue, year, author, notice, type

    @property
    def disagreeing(self) -> tuple[str, ...]:
        fields = [c.field for c in self.checks if c.verdict == "disagree"]
        return tuple(dict.fromkeys(fields + [c for c in self.conflicts if c not in ("notice", "type")]))

    @property
    def accepted(self) -> bool:
        return self.verdict == ACCEPTED

    def summary(self) -> str:
        """One line of evidence: 'p=0.99; title 0.98, author 1.00, ...; notes'."""
        fields = ", ".join(f"{c.field} {c.score:.2f}" for c in self.checks) or "no fields"
        conflicts = f"; conflicts: {', '.join(self.conflicts)}" if self.conflicts else ""
        return f"p={self.score:.3f}; {fields}{conflicts}" + (f"; {'; '.join(self.notes)}" if self.notes else "")

    def to_json(self) -> dict:
        return {"grade": self.grade, "score": round(self.score, 3), "verdict": self.verdict,
                "conflicts": list(self.conflicts), "fields": [c.to_json() for c in self.checks],
                "notes": list(self.notes)}


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: the form fields are compared in."""
    text = unicodedata.normalize("NFKD", html.unescape(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"<[^>]+>", " ", text)  # Crossref titles may carry JATS/MathML tags
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def without_identifiers(raw: str) -> str:
    """A reference string minus its DOIs, URLs, ISBNs ... (a DOI's digits are not a year)."""
    for found in sorted(extract_identifiers(raw or "").spans, key=lambda f: -f.start):
        raw = raw[:found.start] + " " + raw[found.end:]
    return " ".join((raw or "").split())


def residue(ref: Reference) -> str:
    """The folded reference string without its identifiers: what fields are looked for in."""
    return fold(without_identifiers(ref.raw))


def _title(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    want = fold(resolved.title)
    if not want:
        return None
    if citing.title:
        have = fold(citing.title)
        score = max(fuzz.ratio(have, want), fuzz.token_sort_ratio(have, want))
        main = fold(resolved.title.split(":")[0])  # a citation may drop the subtitle, or vice versa
        shorter = min(len(have), len(want)) < 0.8 * max(len(have), len(want))
        if len(main) >= 15 and len(have) >= 15 and shorter:  # not two different subtitles of one main title
            score = max(score, fuzz.partial_ratio(main, have) - 5, fuzz.partial_ratio(have, want) - 5)
        return FieldCheck("title", citing.title, resolved.title, score / 100)
    if len(text) < 10:
        return None
    main = fold(resolved.title.split(":")[0]) if len(fold(resolved.title.split(":")[0])) >= 15 else want
    score = max(fuzz.partial_ratio(want, text), fuzz.partial_ratio(main, text) - 3)
    return FieldCheck("title", "(in the reference string)", resolved.title, score / 100)


def _initials_only(name: str) -> bool:
    """'M', 'KA', 'J.-P.': what a parser takes for a surname in 'Xu M' or 'Blake WJ, M KA'."""
    letters = re.sub(r"[^\w]", "", name)
    return len(letters) <= 2 or (letters.isupper() and len(letters) <= 3)


_PARTICLES = frozenset("van von der den de del della di da du la le ten ter dos das st".split())


def _core(surname: str) -> str:
    """A folded surname without its particles: 'van ooij' and 'ooij', 'de boer' and 'boer' agree."""
    words = surname.split()
    while len(words) > 1 and words[0] in _PARTICLES:
        words = words[1:]
    return " ".join(words)


def _author(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    if not resolved.authors:
        return None
    want = fold(resolved.authors[0].family or resolved.authors[0].literal)
    if not want:
        return None
    first = citing.authors[0].family or citing.authors[0].literal if citing.authors else ""
    if first and not _initials_only(first):
        have = fold(first)
        score = max(fuzz.ratio(have, want), fuzz.ratio(_core(have), _core(want))) / 100
        if score < 0.85 and any(fold(a.family or a.literal) == have for a in resolved.authors):
            score = 0.6  # cited with the authors in another order
        if score < 0.5 and have and want and (have in want.split() or want in have.split()):
            score = 0.85  # a particle or a double name cut differently ("van der Heijde", "Heijde")
        return FieldCheck("author", have, want, score)
    if not text:
        return None
    found = re.search(rf"\b{re.escape(want)}\b", text) is not None
    head = text[:max(40, len(text) // 3)]  # the first author stands at the start of a reference
    score = 1.0 if re.search(rf"\b{re.escape(want)}\b", head) else 0.6 if found else 0.0
    return FieldCheck("author", "(in the reference string)", want, score)


def _year(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    """1 when the printed year is one of the registry's dates (issued, print, online-first),
    0.5 when one off from all of them, 0 otherwise."""
    known = _years_of(resolved)
    if not known:
        return None
    years = [citing.year] if citing.year else [int(y) for y in re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", text)]
    if not years:
        return None
    gap = min(abs(y - k) for y in years for k in known)
    score = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
    return FieldCheck("year", " ".join(map(str, years[:3])), " ".join(map(str, sorted(known))), score)


def _container(citing: Reference, resolved: Reference, text: str) -> FieldCheck | None:
    want = fold(resolved.container_title)
    if not want:
        return None
    if citing.container_title:
        have = fold(citing.container_title)
        return FieldCheck("container", citing.container_title, resolved.container_title,
                          fuzz.token_set_ratio(have, want) / 100)
    if not text:
        return None
    score = fuzz.partial_ratio(want, text) / 100
    return FieldCheck("container", "(in the reference string)", resolved.container_title,
                      score if score >= 0.8 else score / 2) if score >= 0.8 else None


_NUMBERISH = re.compile(r"^[a-z]{0,2}\d+[a-z]?$")


def _number(name: str, have: str, want: str, text: str) -> FieldCheck | None:
    """Volume, issue or first page. A parsed value that disagrees is a conflict only when it is
    clean ('12', 'e120'); a messy one ('IEEE:1130-5', a year taken for a volume) is checked
    against the reference string instead, where the registry's value standing alone agrees."""
    want = fold(want).split(" ")[0] if want else ""
    if not want:
        return None
    tokens = fold(have).split(" ") if have else []
    if tokens and want in tokens[:1]:
        return FieldCheck(name, have, want, 1.0)
    clean = len(tokens) == 1 and _NUMBERISH.match(tokens[0]) and not re.fullmatch(r"1[5-9]\d\d|20\d\d", tokens[0])
    in_text = bool(text) and re.search(rf"(?<![\w.]){re.escape(want)}(?![\w.])", text) is not None
    if tokens and clean:
        return FieldCheck(name, have, want, 0.0)
    if tokens and (want in tokens or in_text):
        return FieldCheck(name, have, want, 1.0)
    if in_text:
        return FieldCheck(name, "(in the reference string)", want, 1.0)
    return None  # absent, or too messy to tell: no evidence either way


NOTICE_RE = re.compile(
    r"^\W*(?:(?:corrigendum|erratum|errata|addendum|retraction(?: notice)?|retracted(?: article)?|withdrawn|"
    r"expression of concern|correction|reply|response|comment|commentary|review|book review)"
    r"(?:\s+(?:to|on|of|for|regarding))?\s*[:.\u2013\u2014-]"
    r"|(?:corrigendum|erratum|correction|reply|retraction(?: notice)?)\s+(?:to|for)\b|comment\s+on\b"
    r"|retraction\s+of\b|(?:corrigendum|erratum)\b|review of\b)", re.I)  # not "Response to treatment ..."
IMPORTED_SOURCES = ("bibtex:", "ris:", "csl")  # a record's type the user gave, not a parser's guess
# A candidate is applied at p >= ACCEPT; between POSSIBLE and ACCEPT, or when the only conflicts are
# small ones on an otherwise strong match, it is a "possible DOI, not applied".
ACCEPTED, POSSIBLE_MATCH, REJECTED = "accept", "possible", "reject"


def notice_prefix(title: str) -> str:
    """'Corrigendum:', 'Reply to', 'Review of' ...: the words that make a title a notice about a work."""
    m = NOTICE_RE.match(title or "")
    return m.group(0).strip() if m else ""


def _notice_conflict(citing: Reference, resolved: Reference) -> str:
    """A notice (correction, erratum, reply, review ...) on one side only: it names the work, it is not it."""
    theirs = notice_prefix(resolved.title)
    ours = notice_prefix(citing.title) if citing.title else \
        notice_prefix(without_identifiers(citing.raw).split(")", 1)[-1].lstrip(". ")) if citing.raw else ""
    if bool(theirs) == bool(ours):
        return ""
    return f"the {'metadata' if theirs else 'citing reference'} is a notice ({theirs or ours!r})"


def _years_of(resolved: Reference) -> set[int]:
    """Every year the registry gives (issued, print, online): a printed year may be any of them."""
    years = {resolved.year} if resolved.year else set()
    for key, value in resolved.extra:
        if key == "crossref:years":
            years |= {int(y) for y in value.split() if y.isdigit()}
    return years


def _conflicts(citing: Reference, resolved: Reference, by_field: dict[str, FieldCheck]) -> list[str]:
    """Hard conflicts: fields both sides give that cannot both be true of one work."""
    out = []
    for name in ("volume", "page", "issue"):
        check = by_field.get(name)
        if check is not None and check.score == 0.0 and check.citing != "(in the reference string)":
            out.append(name)
    year = by_field.get("year")
    if year is not None and year.score < 1.0:
        out.append("year")
    author = by_field.get("author")
    if author is not None and author.score < 0.5:
        out.append("author")
    return out


def features(checks: tuple[FieldCheck, ...]) -> dict[str, float]:
    """What the score is computed from: per field, whether both sides have it and how well it agrees."""
    by_field = {c.field: c for c in checks}
    out = {}
    for name in FIELDS:
        check = by_field.get(name)
        out[f"{name}_has"] = 1.0 if check is not None else 0.0
        out[f"{name}_score"] = check.score if check is not None else 0.0
    return out


def probability(checks: tuple[FieldCheck, ...]) -> float:
    """The calibrated chance that the candidate is the cited work (logistic model, fit_match.py)."""
    x = features(checks)
    z = BIAS + sum(WEIGHTS.get(k, 0.0) * v for k, v in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def compare(citing: Reference, resolved: Reference) -> Match:
    """Decide whether `resolved` is the work `citing` means, like a careful librarian.

    Hard conflicts veto (volume, pages, issue or year that disagree when both sides give them, a
    different first author, a notice on one side only); a year one off is no conflict when it is
    another of the registry's dates (printed year = online-first year). Without a conflict, a
    calibrated probability decides: accept, possible (reported, never applied) or reject. A
    parser's type guess ("book") never vetoes; a type the user gave (a .bib entry) does.
    """
    text = residue(citing)
    checks = tuple(c for c in (
        _title(citing, resolved, text), _author(citing, resolved, text), _year(citing, resolved, text),
        _container(citing, resolved, text),
        _number("volume", citing.volume, resolved.volume, text),
        _number("issue", citing.issue if citing.volume else "", resolved.issue if resolved.volume else "", ""),
        _number("page", citing.page.split("-")[0].split("\u2013")[0] if citing.page else "",
                re.split(r"[-\u2013]", resolved.page)[0] if resolved.page else "", text),
    ) if c is not None)
    if not checks:
        return Match(None, 0.0, (), ("the citing reference gives nothing to compare",))
    by_field = {c.field: c for c in checks}
    title = by_field.get("title")
    p = probability(checks)
    conflicts = _conflicts(citing, resolved, by_field)
    notes = []
    notice = _notice_conflict(citing, resolved)
    if notice:
        conflicts.append("notice")
        notes.append(notice)
    if kind_conflict(citing, resolved):
        conflicts.append("type")
        notes.append(f"the cited {citing.type} is not the {resolved.type} the metadata describes")
    strong = title is not None and title.score >= 0.9 and by_field.get("author", FieldCheck("", "", "", 1.0)).score >= 0.85
    if conflicts:
        small = not {"notice", "author", "type"} & set(conflicts) and len(conflicts) <= 2
        verdict = POSSIBLE_MATCH if strong and small else REJECTED
    elif title is None and len(checks) < 3:
        verdict = POSSIBLE_MATCH if p >= POSSIBLE else REJECTED
        notes.append("few fields to compare")
    else:
        author = by_field.get("author")
        corroborated = any(c.score >= 0.85 for c in checks if c.field in ("container", "volume", "page"))
        firm = title is not None and title.score >= (0.75 if corroborated else 0.95) \
            and (author is None or author.score >= 0.85)  # title, author and year alone: the title exact
        verdict = ACCEPTED if p >= ACCEPT and firm else POSSIBLE_MATCH if p >= POSSIBLE else REJECTED
    return Match(_grade(verdict, checks), p, checks, tuple(notes), verdict, tuple(conflicts))


def _grade(verdict: str, checks: tuple[FieldCheck, ...]) -> str:
    """The grade `check` reports: accept = same (likely when a field is only partly there)."""
    if verdict == REJECTED:
        return DIFFERENT
    if verdict == POSSIBLE_MATCH:
        return LIKELY
    return SAME if all(c.score >= 0.85 for c in checks if c.field in ("title", "author", "year")) else LIKELY


def compare_context(context: str, resolved: Reference) -> Match:
    """For a reference that is only a link: do the sentences citing it name the first author?

    Only agreement counts (a sentence may name other people), so the grade is `likely` or None.
    """
    text = fold(context)
    checks = [c for c in (_author(Reference(n=0, raw=""), resolved, text),
                          _year(Reference(n=0, raw=""), resolved, text)) if c is not None]
    author = next((c for c in checks if c.field == "author"), None)
    if author is None or author.score < 0.85 or any(c.score < 0.85 for c in checks):
        return Match(None, 0.0, (), ("the citing reference gives nothing to compare",))
    checks = [replace(c, citing="(in the citing sentences)") for c in checks]
    return Match(LIKELY, 1.0, tuple(checks), ("compared with the sentences that cite it",))


def kind_conflict(citing: Reference, resolved: Reference) -> bool:
    """A book or chapter is never the journal article (a review of it, say) a search found, when
    the type is one the user gave (a .bib entry, an imported record). A parser's type is a guess
    ("Press" in a journal's name, a missing container) and vetoes nothing: a review of a book is
    caught by its other author or its "Review of" instead."""
    given = citing.raw.startswith("@") or citing.source.startswith(IMPORTED_SOURCES)
    return given and citing.type in BOOK_TYPES and resolved.type in ARTICLE_TYPES
