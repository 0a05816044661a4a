"""Deduplication accuracy and speed on synthetic references with known truth.

Renders works as mentions in four citation styles (APA, Vancouver, Harvard, Chicago) with the
noise real reference lists have: typos, abbreviated journals, initials, missing fields, the
year off by one, dropped subtitles, abbreviated page ranges, pinpoint pages, lost types. The
hard distinct cases are generated on purpose: two papers by one author in one year (often in
one journal), chapters of one book, a book and its chapter, a thesis and the paper drawn from
it (same title), numbered parts ("... Part 1" / "Part 2").

The string parser is skipped (Reference records are produced directly, each with its rendered
`raw` string), so that a million references measure deduplication, not parsing.

    python benchmarks/dedup.py                  # 10k, 100k and 1M references (one process each)
    python benchmarks/dedup.py 10000 100000
    python benchmarks/dedup.py --one 1000000    # one size in this process
    python benchmarks/dedup.py --parse 2000     # a sample parsed by the real parser from its strings

Prints pairwise precision, recall and F1, the time of `deduplicate` (features, blocking,
scoring, clustering, merging, keys) and the process's peak memory (ru_maxrss, generation
included), plus the 1-minute load average (other processes share the CPU).
"""
from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from refgraph.dedup import BlockStats, deduplicate  # noqa: E402
from refgraph.model import Mention, Name, Reference  # noqa: E402

_SYL = ["ba", "ker", "son", "mil", "ler", "ro", "sen", "ta", "lin", "dor", "ma", "vic", "han", "ber", "gu",
        "zo", "pe", "tri", "no", "wa", "ki", "lu", "an", "de", "fre", "sch", "mo", "ran", "el", "ost"]
_WORDS_COMMON = ("analysis effects study evidence model patients health care outcomes treatment review "
                 "trial therapy practice policy data learning network social risk clinical mental access "
                 "quality services impact approach framework system design cohort disease children women "
                 "education economic training community work costs benefits evaluation").split()
_STYLES = ("apa", "vancouver", "harvard", "chicago")


@dataclass
class Truth:
    """A generated work: the full record every mention is rendered from."""

    ref: Reference
    cites: int


def _zipf_pick(rng: random.Random, pool: list, s: float = 1.1):
    # inverse-power index: a few very common items, a long tail
    i = int(len(pool) * rng.random() ** (1 + s * 2))
    return pool[min(i, len(pool) - 1)]


class World:
    """Pools of surnames, given names, title words and journals with realistic frequency."""

    def __init__(self, rng: random.Random, scale: int):
        self.rng = rng
        n_surnames = max(2000, scale // 8)
        self.surnames = list(dict.fromkeys(self._word(2, 4).capitalize() for _ in range(n_surnames)))
        self.given = list(dict.fromkeys(self._word(2, 3).capitalize() for _ in range(3000)))
        vocab = list(dict.fromkeys(self._word(2, 5) for _ in range(max(3000, scale // 20))))
        self.words = _WORDS_COMMON + vocab
        self.journals = [self._journal() for _ in range(max(300, scale // 200))]

    def _word(self, lo: int, hi: int) -> str:
        return "".join(self.rng.choice(_SYL) for _ in range(self.rng.randint(lo, hi)))

    def _journal(self) -> str:
        words = [self.rng.choice(self.words).capitalize() for _ in range(self.rng.randint(1, 3))]
        return self.rng.choice(["Journal of ", "International Journal of ", "", "Annals of "]) + " ".join(words) + \
            self.rng.choice(["", " Research", " Review", " Quarterly"])

    def title(self) -> str:
        rng = self.rng
        words = [_zipf_pick(rng, self.words) for _ in range(rng.randint(3, 10))]
        title = " ".join(words).capitalize()
        if rng.random() < 0.4:
            title += ": " + " ".join(_zipf_pick(rng, self.words) for _ in range(rng.randint(2, 6)))
        return title

    def person(self) -> Name:
        return Name(family=_zipf_pick(self.rng, self.surnames), given=f"{self.rng.choice(self.given)} "
                    f"{self.rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.rng.random() < 0.3 else self.rng.choice(self.given))


def make_works(world: World, n_refs: int) -> list[Truth]:
    """Works (with citation counts summing to n_refs), hard distinct cases included."""
    rng = world.rng
    works: list[Truth] = []
    total = 0
    while total < n_refs:
        for ref in _work_family(world):
            cites = 1 if rng.random() < 0.45 else min(int(rng.paretovariate(1.3)) + 1, 60)
            cites = min(cites, n_refs - total)
            if cites <= 0:
                break
            works.append(Truth(ref, cites))
            total += cites
    return works


def _article(world: World, authors=None, year=None, journal=None, title=None) -> Reference:
    rng = world.rng
    authors = authors or tuple(world.person() for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6, 8))))
    first = rng.randint(1, 1500)
    return Reference(n=0, raw="", type="article-journal", title=title or world.title(), authors=authors,
                     year=year or rng.randint(1960, 2025), container_title=journal or rng.choice(world.journals),
                     volume=str(rng.randint(1, 120)), issue=str(rng.randint(1, 12)),
                     page=f"{first}–{first + rng.randint(3, 30)}",
                     doi=f"10.{rng.randint(1000, 9999)}/{rng.getrandbits(40):x}" if rng.random() < 0.6 else "")


def _work_family(world: World) -> list[Reference]:
    """One work, or a small family of distinct works that are easy to confuse."""
    rng = world.rng
    r = rng.random()
    if r < 0.62:
        return [_article(world)]
    if r < 0.72:  # two (or three) papers by one author in one year, often in one journal
        base = _article(world)
        journal = base.container_title if rng.random() < 0.5 else None
        return [base] + [_article(world, authors=base.authors, year=base.year, journal=journal)
                         for _ in range(rng.randint(1, 2))]
    if r < 0.76:  # numbered parts
        base = _article(world)
        return [base.with_(title=f"{base.title}: part {k}", doi="") for k in (1, 2)]
    if r < 0.90:  # a book and some of its chapters
        editors = tuple(world.person() for _ in range(rng.randint(1, 3)))
        year = rng.randint(1970, 2025)
        book = Reference(n=0, raw="", type="book", title=world.title(), editors=editors, year=year,
                         publisher=rng.choice(["Routledge", "SAGE", "PCCS Books", "Springer", "Wiley", "Polity"]),
                         publisher_place=rng.choice(["London", "Abingdon", "Monmouth", "New York", "Cambridge"]),
                         isbn=f"978{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.4 else "")
        out = [book] if rng.random() < 0.7 else []
        page = 1
        for _ in range(rng.randint(1, 3)):
            length = rng.randint(10, 30)
            author = (editors[0],) if rng.random() < 0.3 else (world.person(),)
            out.append(book.with_(type="chapter", title=world.title(), authors=author, container_title=book.title,
                                  page=f"{page}–{page + length}", isbn=""))
            page += length + 1
        return out
    if r < 0.94:  # a thesis and the paper drawn from it
        thesis = Reference(n=0, raw="", type="thesis", title=world.title(), authors=(world.person(),),
                           year=rng.randint(1970, 2023), publisher=f"University of {world.title().split()[0]}")
        paper = _article(world, authors=thesis.authors + (world.person(),), year=thesis.year + rng.choice((0, 1)),
                         title=thesis.title)
        return [thesis, paper]
    if r < 0.97:
        return [Reference(n=0, raw="", type="book", title=world.title(), authors=(world.person(),),
                          year=rng.randint(1950, 2025), publisher=rng.choice(["Routledge", "SAGE", "Wiley"]))]
    return [Reference(n=0, raw="", type="report", title=world.title(), authors=(Name(literal=world.title().split(":")[0][:40]),),
                      year=rng.randint(1990, 2025), publisher="Department of Health")]


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.random()
    if op < 0.33:
        return s[:i] + s[i + 1:]
    if op < 0.66:
        return s[:i] + rng.choice("aeiorstn") + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def _abbrev(journal: str) -> str:
    words = [w for w in journal.split() if w.lower() not in ("of", "the", "and")]
    return " ".join(w if len(w) <= 4 else w[:4] for w in words)


def _initials(name: Name, dots: bool) -> Name:
    if name.literal or not name.given:
        return name
    parts = [p[0] for p in name.given.replace(".", " ").split()]
    return Name(family=name.family, given=(". ".join(parts) + ".") if dots else "".join(parts))


def noisy(rng: random.Random, ref: Reference, style: str) -> Reference:
    """A mention of ref as an article in `style` prints it, after parsing, with realistic noise."""
    title, authors, page = ref.title, ref.authors, ref.page
    if rng.random() < 0.10:
        title = _typo(rng, title)
    if rng.random() < 0.02:
        title = _typo(rng, title)
    if ":" in title and "part" not in title and rng.random() < 0.06:  # nobody drops "part 2"
        title = title.split(":")[0]
    if rng.random() < 0.3:
        title = title.lower() if rng.random() < 0.5 else title.title()
    limit = {"vancouver": 6, "harvard": 3, "apa": 20, "chicago": 10}[style]
    if style in ("vancouver", "apa", "harvard"):
        authors = tuple(_initials(a, dots=style != "vancouver") for a in authors)
    authors = authors[:limit]
    if authors and rng.random() < 0.02:
        a = authors[0]
        authors = (Name(family=_typo(rng, a.family), given=a.given, literal=a.literal),) + authors[1:]
    container = ref.container_title
    if container and ref.type == "article-journal" and (style == "vancouver" or rng.random() < 0.15):
        container = _abbrev(container)
    if page and style == "vancouver" and "–" in page:
        start, end = page.split("–")
        k = 0
        while k < len(start) - 1 and k < len(end) and start[k] == end[k]:
            k += 1
        page = f"{start}–{end[k:]}"
    if page and rng.random() < 0.03:
        start = int(page.split("–")[0])
        page = str(start + rng.randint(0, 3))  # a pinpoint page
    year = ref.year
    if year and rng.random() < 0.03:
        year += rng.choice((-1, 1))  # online-first vs print year, year in text vs list
    drop = lambda value, p: "" if rng.random() < p else value  # noqa: E731
    return ref.with_(
        title=title, authors=authors, year=year, page=drop(page, 0.2), container_title=drop(container, 0.08),
        volume=drop(ref.volume, 0.15), issue=drop(ref.issue, 0.4), doi=drop(ref.doi, 0.5), isbn=drop(ref.isbn, 0.6),
        publisher=drop(ref.publisher, 0.3), publisher_place=drop(ref.publisher_place, 0.4),
        type=ref.type if ref.type == "thesis" or rng.random() > 0.05 else "document")  # "PhD thesis" is explicit


def _people(names: tuple[Name, ...], style: str) -> str:
    if not names:
        return ""
    if style == "vancouver":
        return ", ".join(n.literal or f"{n.family} {n.given.replace('.', '').replace(' ', '')}".strip() for n in names)
    if style == "chicago":
        first = [names[0].literal or f"{names[0].family}, {names[0].given}".strip(", ")]
        rest = [n.literal or f"{n.given} {n.family}".strip() for n in names[1:]]
        return ", ".join(first + rest[:-1]) + (f", and {rest[-1]}" if rest else "")
    parts = [n.literal or f"{n.family}, {n.given}".strip(", ") for n in names]
    return ", ".join(parts[:-1]) + (f" & {parts[-1]}" if len(parts) > 1 else parts[0])


def render(ref: Reference, style: str) -> str:
    """The reference string as printed (kept as `raw`; the parser is skipped at this scale)."""
    who = _people(ref.authors, style) or _people(ref.editors, style) + " (eds)"
    year = str(ref.year or "n.d.")
    vol = ref.volume + (f"({ref.issue})" if ref.issue else "")
    if ref.type == "chapter":
        where = ", ".join(p for p in (ref.publisher_place, ref.publisher) if p)
        pages = f", pp. {ref.page}" if ref.page else ""
        return f"{who} ({year}) {ref.title}. In: {_people(ref.editors, style)} (eds) {ref.container_title}. {where}{pages}."
    if ref.type in ("book", "report", "thesis"):
        kind = "PhD thesis, " if ref.type == "thesis" else ""
        where = ": ".join(p for p in (ref.publisher_place, ref.publisher) if p)
        return f"{who} ({year}) {ref.title}. {kind}{where}."
    tail = ", ".join(p for p in (ref.container_title, vol, ref.page) if p)
    doi = f" https://doi.org/{ref.doi}" if ref.doi else ""
    if style == "vancouver":
        pages = f":{ref.page}" if ref.page else ""
        return f"{who}. {ref.title}. {ref.container_title}. {year};{vol}{pages}.{doi}"
    if style == "harvard":
        return f"{who} ({year}) '{ref.title}', {tail}.{doi}"
    if style == "chicago":
        return f'{who}. {year}. "{ref.title}." {ref.container_title} {vol}: {ref.page}.{doi}'
    return f"{who} ({year}). {ref.title}. {tail}.{doi}"


def mentions_for(n_refs: int, seed: int = 7) -> tuple[list[Mention], list[int]]:
    """n_refs mentions and the true work index of each, shuffled across 'articles'."""
    rng = random.Random(seed)
    world = World(rng, n_refs)
    works = make_works(world, n_refs)
    mentions, truth = [], []
    for w, t in enumerate(works):
        for _ in range(t.cites):
            style = rng.choice(_STYLES)
            ref = noisy(rng, t.ref, style)
            truth.append(w)
            mentions.append(ref.with_(raw=render(ref, style)))
    order = list(range(len(mentions)))
    rng.shuffle(order)
    out = [Mention(id=f"a{k // 40}#{k % 40 + 1}", document=f"a{k // 40}", reference=mentions[i].with_(n=k % 40 + 1))
           for k, i in enumerate(order)]
    return out, [truth[i] for i in order]


def pairwise(pred: list[int], truth: list[int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against the truth."""
    pairs = lambda labels: sum(c * (c - 1) // 2 for c in Counter(labels).values())  # noqa: E731
    tp = pairs(list(zip(pred, truth)))
    p_pairs, t_pairs = pairs(pred), pairs(truth)
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    return precision, recall, 2 * precision * recall / ((precision + recall) or 1)


def run_one(n: int) -> None:
    t0 = time.perf_counter()
    mentions, truth = mentions_for(n)
    gen = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = BlockStats()
    t0, c0 = time.perf_counter(), time.process_time()
    works = deduplicate(mentions, stats=stats)
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    label = {mid: w for w, work in enumerate(works) for mid in work.mentions}
    pred = [label[m.id] for m in mentions]
    precision, recall, f1 = pairwise(pred, truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:>9} refs  {len(set(truth)):>8} true works  {len(works):>8} works  "
          f"P={precision:.4f} R={recall:.4f} F1={f1:.4f}  dedup {took:.1f}s wall {cpu:.1f}s CPU  (generate {gen:.0f}s)  "
          f"peak {peak:,.0f} MB (before dedup {rss_before:,.0f} MB)  "
          f"blocks {stats.blocks:,} comparisons {stats.comparisons:,} oversized {stats.oversized}  "
          f"load {os.getloadavg()[0]:.2f}", flush=True)


def run_parsed(n: int) -> None:
    """The same measure on n mentions whose rendered strings go through the real parser."""
    from refgraph.extract.parse import parse_reference

    mentions, truth = mentions_for(n)
    t0 = time.perf_counter()
    parsed = [Mention(id=m.id, document=m.document, reference=parse_reference(m.reference.raw, m.reference.n))
              for m in mentions]
    took = time.perf_counter() - t0
    works = deduplicate(parsed)
    label = {mid: w for w, work in enumerate(works) for mid in work.mentions}
    precision, recall, f1 = pairwise([label[m.id] for m in parsed], truth)
    print(f"{n:>9} refs through the parser ({took:.0f}s to parse): {len(works)} works for {len(set(truth))} true  "
          f"P={precision:.4f} R={recall:.4f} F1={f1:.4f}", flush=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        run_one(int(argv[1]))
        return
    if argv[:1] == ["--parse"]:
        run_parsed(int(argv[1]))
        return
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    for n in sizes:  # one process per size, so that peak memory is per size
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
