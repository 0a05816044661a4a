"""A small generated corpus for the build-at-scale tests: articles in text, Markdown and HTML
whose reference lists draw on one pool of works (so works repeat across articles, in two
citation styles) and whose bodies cite them."""
from __future__ import annotations

import html
import random
from pathlib import Path

# (authors, year, title, journal, volume, pages, doi): written for these tests
WORKS = [
    (["Smith, J.", "Jones, K."], 2015, "Sleep and memory consolidation in adolescents", "Journal of Sleep Research",
     "24", "101-110", "10.1111/jsr.2015.101"),
    (["Garcia, M."], 2018, "Urban heat islands and public health", "Environmental Health Perspectives",
     "126", "44-52", ""),
    (["Chen, L.", "Wang, Y.", "Li, X."], 2020, "Deep learning for protein structure prediction",
     "Bioinformatics", "36", "1200-1210", "10.1093/bioinf.2020.1200"),
    (["Okafor, N."], 2012, "Microfinance and rural households in West Africa", "World Development",
     "40", "2310-2324", ""),
    (["Brown, A.", "Taylor, R."], 2019, "Measuring burnout among hospital nurses",
     "International Journal of Nursing Studies", "94", "21-29", ""),
    (["Müller, H."], 2016, "Groundwater recharge under changing rainfall regimes", "Water Resources Research",
     "52", "8801-8815", "10.1002/wrr.2016.8801"),
    (["Rossi, P.", "Bianchi, C."], 2014, "Trust in local government after fiscal crises",
     "Public Administration Review", "74", "330-341", ""),
    (["Kim, S."], 2021, "Sensor fusion for indoor robot navigation", "Robotics and Autonomous Systems",
     "139", "103-115", ""),
    (["Nowak, E.", "Kowalski, T."], 2017, "Bilingual education and reading outcomes",
     "Reading Research Quarterly", "52", "77-95", ""),
    (["Haddad, R."], 2013, "Antibiotic prescribing in primary care", "British Journal of General Practice",
     "63", "e500-e507", "10.3399/bjgp13X669201"),
    (["Silva, F.", "Costa, D."], 2022, "Coral reef resilience to marine heatwaves", "Global Change Biology",
     "28", "1500-1514", ""),
    (["Andersen, K."], 2011, "Wind power and electricity market prices", "Energy Policy", "39", "3700-3712", ""),
]


def _apa(w) -> str:
    authors, year, title, journal, volume, pages, doi = w
    names = ", ".join(authors[:-1]) + (", & " if len(authors) > 1 else "") + authors[-1]
    tail = f" https://doi.org/{doi}" if doi else ""
    return f"{names} ({year}). {title}. {journal}, {volume}, {pages}.{tail}"


def _vancouver(w) -> str:
    authors, year, title, journal, volume, pages, doi = w
    names = ", ".join(a.replace(",", "").replace(".", "") for a in authors)
    tail = f" doi:{doi}" if doi else ""
    return f"{names}. {title}. {journal}. {year};{volume}:{pages}.{tail}"


def article(k: int, rng: random.Random) -> tuple[str, str]:
    """(suffix, content) of article k: 3-6 works, numbered (Vancouver) or author-year (APA)."""
    works = rng.sample(WORKS, rng.randint(3, 6))
    numbered = k % 2 == 0
    sentences = []
    for n, w in enumerate(works, 1):
        surname = w[0][0].split(",")[0]
        cite = f"[{n}]" if numbered else f"({surname}, {w[1]})"
        sentences.append(f"Earlier work on {w[2].lower()} is relevant here {cite}.")
    body = " ".join(sentences)
    refs = [f"{n}. {_vancouver(w)}" if numbered else _apa(w) for n, w in enumerate(works, 1)]
    title = f"Generated article {k}"
    suffix = (".txt", ".md", ".html")[k % 3]
    if suffix == ".html":
        items = "".join(f"<p>{html.escape(r)}</p>" for r in refs)
        return suffix, (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{html.escape(body)}</p>"
                        f"<h2>References</h2>{items}</body></html>")
    head = f"# {title}" if suffix == ".md" else title
    return suffix, f"{head}\n\n{body}\n\nReferences\n\n" + "\n".join(refs) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 3) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        suffix, text = article(k, rng)
        path = folder / f"gen_{k:04d}{suffix}"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
