"""Train the line finder on synthetic documents, reproducibly, in one command:

    python -m refgraph.extract.linefind_train [--shared ../shared] [--docs 500] [--seed 7] [--out PATH]

Reference strings from the labelled corpora (AnyStyle's parser data and ParsCit; never the
AnyStyle finder files, which stay evaluation only) are rendered into documents of many shapes:
numbered ([1], 1., (1), 1), bulleted, labelled ([Smi19]), hanging author-year lists, blank
lines between entries, wrapped at different widths with and without indents, under a heading
in one of many languages or under none, after body text, with running heads and page numbers
between lines, and text after the list (acknowledgements, an appendix, an address). Body text
is made from the same corpora's titles so the model cannot tell lists by vocabulary alone.
Held-out synthetic documents (another seed) give the line-level figures printed at the end.
"""
from __future__ import annotations

import argparse
import bisect
import random
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from refgraph.extract.linefind import LABELS, MODEL_FILE, document_features

HEADINGS = ("References", "REFERENCES", "Bibliography", "Literatur", "Literaturverzeichnis", "Bibliographie",
            "Références", "Referencias", "Bibliografía", "Riferimenti bibliografici", "Works Cited",
            "Notes and references", "References[edit]", "## References", "7 References", "Reference List",
            "Literature Cited", "Sources")
AFTER = (["Acknowledgements", "We thank the reviewers for their comments and the funders for support."],
         ["Appendix A. Proofs", "The proof of the main theorem follows the argument given above."],
         ["Affiliation:", "Jane Doe", "Department of Statistics", "E-mail: jane@example.org"],
         ["Further reading", "A list of other works follows for the curious reader."],
         ["External links", "Project home page at example.org"])


def load_strings(shared: Path) -> list[str]:
    from refgraph.extract.corpora import read_anystyle, read_parscit

    out = []
    for name in ("core.xml", "gold.xml", "good.xml"):  # see data/FINDER-MODEL.txt
        path = shared / "corpora" / "anystyle" / "parser" / name
        if path.exists():
            out += [s.text for s in read_anystyle(path)]
    for path in sorted((shared / "corpora" / "parscit").glob("*.tagged.txt")):
        out += [s.text for s in read_parscit(path)]
    return [s for s in dict.fromkeys(out) if 20 <= len(s) <= 600]


def _prose(rng: random.Random, strings: list[str], n_words: int) -> str:
    words = " ".join(rng.choice(strings) for _ in range(6)).split()
    words = [w for w in words if not any(c.isdigit() for c in w)] or ["text"]
    out: list[str] = []
    while len(out) < n_words:
        sentence = rng.sample(words, min(len(words), rng.randint(6, 18)))
        sentence[0] = sentence[0].capitalize()
        if rng.random() < 0.15:
            sentence.append(rng.choice(["[3]", "(Smith, 2019)", "[12, 14]", "et al. (2008)"]))
        out += sentence[:-1] + [sentence[-1].rstrip(".,;:") + "."]
    return " ".join(out)


def _marker(style: str, n: int, rng: random.Random) -> str:
    return {"bracket": f"[{n}] ", "dot": f"{n}. ", "paren": f"({n}) ", "bare": f"{n} ", "bullet": "• ",
            "dash": "- ", "key": f"[{chr(65 + n % 26)}{chr(97 + rng.randrange(26))}{rng.randint(70, 99)}] ",
            "none": "", "hang": "", "blank": ""}[style]


def render_document(rng: random.Random, strings: list[str], bodies: Sequence[list[str]] = ()) -> tuple[list[str], list[str]]:
    """(lines, label per line; '' for blank lines) of one synthetic document."""
    lines: list[str] = []
    labels: list[str] = []

    def add(text: str, label: str) -> None:
        lines.append(text)
        labels.append(label if text.strip() else "")

    width = rng.randint(55, 110)
    indent_body = rng.random() < 0.3
    if bodies and rng.random() < 0.8:  # a stretch of a real article's body
        body = rng.choice(bodies)
        first = rng.randrange(max(1, len(body) - 20))
        for line in body[first:first + rng.randint(10, 150)]:
            add(line, "T")
    else:
        for _ in range(rng.randint(1, 6)):
            para = textwrap.wrap(_prose(rng, strings, rng.randint(30, 140)), width)
            for k, line in enumerate(para):
                add(("    " if indent_body and k == 0 else "") + line, "T")
            if rng.random() < 0.7:
                add("", "")
    if rng.random() < 0.85:
        add(rng.choice(HEADINGS), "H")
        if rng.random() < 0.4:
            add("", "")
    style = rng.choice(("bracket", "dot", "paren", "bare", "bullet", "dash", "key", "none", "hang", "blank"))
    cont = rng.choice((0, 0, 2, 3, 4, 6))
    if style == "hang":
        cont = rng.choice((2, 3, 4))
    base = rng.choice((0, 0, 0, 1))
    furniture = rng.random() < 0.4
    head_text = rng.choice(("Journal of Tests", "A. Author et al.", "PROCEEDINGS OF THINGS", "Preprint"))
    for n in range(1, rng.randint(2, 40)):
        entry = _marker(style, n, rng) + rng.choice(strings)
        wrapped = textwrap.wrap(entry, width) or [entry]
        for k, line in enumerate(wrapped):
            add(" " * (base if k == 0 else base + cont) + line, "B" if k == 0 else "I")
            if furniture and rng.random() < 0.04:
                add(str(rng.randint(2, 400)), "N")
                add(f"{head_text} {rng.randint(1, 30)}", "N")
        if style == "blank" or (style in ("none", "hang") and rng.random() < 0.3):
            add("", "")
    if rng.random() < 0.6:
        add("", "")
        for k, line in enumerate(rng.choice(AFTER)):
            add(line, "H" if k == 0 and rng.random() < 0.5 else "T")
    return lines, labels


def real_documents(folder: Path | None) -> list[tuple[list[str], list[str]]]:
    """PDF articles read by refgraph's reader, their lines labelled by the heuristic finder
    (silver labels: list starts B, continuations I, its heading H, everything else T)."""
    from refgraph.extract.sections import HEADING_RE, rule_references
    from refgraph.ingest.pdf import pdf_text

    out = []
    for path in sorted(folder.glob("*.pdf")) if folder else []:
        text = pdf_text(path.read_bytes(), str(path))
        raws, body_end = rule_references(text)
        if not raws:
            continue
        lines = text.split("\n")
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        labels = ["T" if line.strip() else "" for line in lines]
        for r in raws:
            first = bisect.bisect_right(starts, r.start) - 1
            last = bisect.bisect_right(starts, max(r.end - 1, r.start)) - 1
            for i in range(first, last + 1):
                if lines[i].strip():
                    labels[i] = "B" if i == first else "I"
        head = bisect.bisect_right(starts, body_end) - 1 if body_end is not None else -1
        for i in range(head, max(head - 3, -1), -1):
            if lines[i].strip() and HEADING_RE.match(lines[i]):
                labels[i] = "H"
                break
        out.append((lines, labels))
    return out


def body_lines(docs: list[tuple[list[str], list[str]]]) -> list[list[str]]:
    return [[line for line, lab in zip(lines, labels) if lab == "T"] for lines, labels in docs]


def examples(rng: random.Random, strings: list[str], n_docs: int, real=()):
    bodies = body_lines(list(real))
    for _ in range(n_docs):
        lines, labels = render_document(rng, strings, bodies)
        index, feats = document_features(lines)
        yield feats, [labels[i] for i in index]
    for lines, labels in real:
        index, feats = document_features(lines)
        yield feats, [labels[i] for i in index]


def train(shared: Path, out: Path, n_docs: int, seed: int, real: Path | None = None) -> Path:
    import pycrfsuite

    strings = load_strings(shared)
    if not strings:
        raise SystemExit(f"no reference strings under {shared}/corpora; give --shared")
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in examples(random.Random(seed), strings, n_docs, real_documents(real)):
        trainer.append(feats, labels)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    return out


def evaluate(model_path: Path, shared: Path, n_docs: int, seed: int) -> dict[str, tuple[float, float, float]]:
    from refgraph.extract.linefind import load_model

    model = load_model(model_path)
    assert model is not None, f"{model_path}: no finder model"
    counts = {lab: [0, 0, 0] for lab in LABELS}  # tp, predicted, gold
    strings = load_strings(shared)
    rng = random.Random(seed)
    for _ in range(n_docs):
        lines, gold = render_document(rng, strings)
        index, pred = model.tag(lines)
        for i, said in zip(index, pred):
            g = gold[i]
            counts[said][1] += 1
            counts[g][2] += 1
            counts[g][0] += said == g
    out = {}
    for lab, (tp, n_pred, n_gold) in counts.items():
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        out[lab] = (p, r, 2 * p * r / max(p + r, 1e-9))
    return out


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=root.parent / "shared")
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real", type=Path, default=None,
                    help="a folder of CC-BY article PDFs (the even-numbered JOSE papers not in jats-dev)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / MODEL_FILE)
    args = ap.parse_args(argv)
    path = train(args.shared, args.out, args.docs, args.seed, args.real)
    print(f"model written to {path}")
    for lab, (p, r, f) in evaluate(path, args.shared, 300, args.seed + 1000).items():
        print(f"held-out synthetic lines {lab}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
