"""How far can `build --online` be trusted to find DOIs? Precision first: a wrong DOI is worse than none.

The articles of ../shared/jats-dev (and the seed articles, refs/) are copied with every DOI
removed (PDFs as their extracted text), then one `refgraph build FOLDER --online` runs against
a local Crossref stand-in (benchmarks/crossref_standin.py) holding the cited works and their
look-alikes, with 0% and 20% of the cited works left out, and in a stress mode (every look-alike
kind for every reference). The DOIs the build gave are compared with the gold:

  precision      right DOIs / DOIs given
  recall         right DOIs / references whose work is in the index (references the build found)
  wrong          a DOI given to a reference whose cited work has another one (or is absent)
  false          a DOI given to a reference that has none in the gold (books, software, web pages)
  possible       "possible DOI, not applied" notes

    python benchmarks/discovery.py [--absent 0 0.2] [--stress] [--seed N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from crossref_standin import build_index, cited_works, serve  # noqa: E402

SUFFIX = r"(?:[^\s\"<]|<\d[^\s\"<>]*>)+"  # a SICI's <...> part kept, HTML tags not
DOI_TEXT = re.compile(rf"(?:https?://)?(?:dx\.)?doi\.org/10\.\d{{4,9}}/{SUFFIX}|\bdoi\s*:?\s*10\.\d{{4,9}}/{SUFFIX}"
                      rf"|\b10\.\d{{4,9}}/{SUFFIX}", re.I)


def strip_dois(text: str) -> str:
    return DOI_TEXT.sub("", text)


def sources() -> list[tuple[Path, Path]]:
    """(article, gold) pairs: jats-dev and the seeds."""
    pairs = []
    for gold in sorted((SHARED / "jats-dev" / "gold").glob("*.json")):
        pairs += [(a, gold) for a in (SHARED / "jats-dev" / "articles").glob(gold.stem + ".*")]
    for gold in sorted((ROOT / "refs" / "gold").glob("0*.json")):
        pairs += [(a, gold) for a in (ROOT / "refs" / "articles").glob(gold.stem + ".*")]
    return pairs


def prepare(pairs, folder: Path) -> None:
    """The articles without their DOIs (a PDF as its extracted text)."""
    from refgraph.ingest import read_document

    folder.mkdir(parents=True, exist_ok=True)
    for article, _ in pairs:
        if article.suffix == ".pdf":
            (folder / (article.stem + ".txt")).write_text(strip_dois(read_document(article).text), encoding="utf-8")
        else:
            (folder / article.name).write_text(strip_dois(article.read_text(encoding="utf-8")), encoding="utf-8")


def run_build(folder: Path, out: Path, base: str, tmp: Path) -> float:
    config = tmp / "config.toml"
    config.write_text("[refgraph]\nrequests_per_second = 50.0\nmax_connections = 8\ncheck_workers = 8\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REFGRAPH_CROSSREF_API": base, "REFGRAPH_DOI_RESOLVER": base,
           "REFGRAPH_CACHE_DIR": str(tmp / "cache"), "REFGRAPH_CONFIG": str(config), "REFGRAPH_OFFLINE": ""}
    shutil.rmtree(tmp / "cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)  # a build into a folder keeps the library found there
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "refgraph", "build", str(folder), "-o", str(out), "--online",
                           "--mailto", "bench@example.org"], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def built_refs(library: Path) -> dict[str, list[dict]]:
    con = sqlite3.connect(library)
    out: dict[str, list[dict]] = {}
    for doc, n, raw, csl in con.execute("SELECT document, n, raw, csl FROM refs ORDER BY document, n"):
        item = json.loads(csl)
        discovered = (item.get("custom") or {}).get("source") == "resolved:discovered"
        out.setdefault(doc, []).append({"n": n, "raw": raw, "doi": (item.get("DOI") or "").lower() if discovered else "",
                                        "issues": [i.get("kind") for i in item.get("issues", [])],
                                        "evidence": any(k == "refgraph:doi-evidence" for k, _ in
                                                        (item.get("custom") or {}).get("extra", []))})
    con.close()
    return out


def align(gold: list, built: list[dict]) -> list[tuple]:
    """(gold reference, built reference) pairs, greedily by the similarity of the strings."""
    pairs = sorted(((fuzz.ratio(strip_dois(c.raw).lower(), b["raw"].lower()), gi, bi)
                    for gi, c in enumerate(gold) for bi, b in enumerate(built)), reverse=True)
    used_g, used_b, out = set(), set(), []
    for score, gi, bi in pairs:
        if score < 55 or gi in used_g or bi in used_b:
            continue
        used_g.add(gi)
        used_b.add(bi)
        out.append((gold[gi], built[bi]))
    return out


def score(cited, index, built: dict[str, list[dict]]) -> dict:
    by_doc: dict[str, list] = {}
    for c in cited:
        by_doc.setdefault(c.doc, []).append(c)
    f = {"references": len(cited), "aligned": 0, "given": 0, "right": 0, "wrong": 0, "false": 0, "absent_given": 0,
         "findable": 0, "possible": 0, "evidence": 0, "unaligned_given": 0, "wrong_examples": [], "missed": []}
    for doc, gold in by_doc.items():
        refs = built.get(doc, [])
        pairs = align(gold, refs)
        matched = {id(b) for _, b in pairs}
        f["unaligned_given"] += sum(1 for b in refs if b["doi"] and id(b) not in matched)
        for c, b in pairs:
            f["aligned"] += 1
            findable = bool(c.doi) and c.doi not in index.absent
            f["findable"] += findable
            f["possible"] += "doi-possible" in b["issues"]
            if not b["doi"]:
                if findable:
                    f["missed"].append(f"{doc}#{b['n']}: missed {c.doi} {'(possible) ' * ('doi-possible' in b['issues'])}"
                                       f"{b['raw'][:70]}")
                continue
            f["given"] += 1
            f["evidence"] += b["evidence"]
            if findable and b["doi"] == c.doi:
                f["right"] += 1
                continue
            f["false" if not c.doi else "absent_given" if c.doi in index.absent else "wrong"] += 1
            f["wrong_examples"].append(f"{doc}#{b['n']}: gave {b['doi']} (gold {c.doi or '-'}) {b['raw'][:70]}")
    f["precision"] = f["right"] / f["given"] if f["given"] else 1.0
    f["recall"] = f["right"] / f["findable"] if f["findable"] else 0.0
    return f


def _row(name: str, works: int, f: dict, secs: float) -> None:
    print(f"{name:<22}{works:>7}{f['aligned']:>8}{f['given']:>7}{f['right']:>7}{f['wrong']:>7}{f['absent_given']:>7}"
          f"{f['false']:>7}{f['possible']:>9}{f['precision']:>10.3f}{f['recall']:>8.3f}{f['evidence']:>9}{secs:>6.0f}",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--absent", type=float, nargs="*", default=[0.0, 0.2])
    ap.add_argument("--stress", action="store_true", help="also run with every look-alike for every reference")
    ap.add_argument("--keep", type=Path, help="keep the prepared articles and build outputs here")
    ap.add_argument("--examples", type=int, default=8, help="wrong DOIs to print per run")
    ap.add_argument("--seed", type=int, default=17, help="seed of the look-alikes, absences and ranking noise")
    ap.add_argument("--misses", type=int, default=0, help="missed DOIs to print per run")
    args = ap.parse_args()
    pairs = sources()
    if not pairs:
        raise SystemExit(f"no gold articles found under {SHARED}/jats-dev or refs/")
    gold = [(g.stem, json.loads(g.read_text(encoding="utf-8"))) for g in sorted(dict.fromkeys(g for _, g in pairs))]
    cited = cited_works(gold)
    held_out = {stem for stem, _ in gold[1::2]}  # benchmarks/fit_match.py fits on the others
    runs = [(share, False) for share in args.absent] + ([(0.0, True), (0.2, True)] if args.stress else [])
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = args.keep or Path(tmpname)
        folder = tmp / "articles"
        prepare(pairs, folder)
        print(f"{len(pairs)} articles, {len(cited)} gold references, {sum(1 for c in cited if c.doi)} with a DOI")
        print(f"{'run':<22}{'works':>7}{'aligned':>8}{'given':>7}{'right':>7}{'wrong':>7}{'absent':>7}{'false':>7}"
              f"{'possible':>9}{'precision':>10}{'recall':>8}{'evidence':>9}{'secs':>6}")
        for share, stress in runs:
            index = build_index(cited, share, stress, args.seed)
            server, base = serve(index)
            try:
                secs = run_build(folder, tmp / f"out-{share}-{stress}", base, tmp)
            finally:
                server.shutdown()
            built = built_refs(tmp / f"out-{share}-{stress}" / "library.sqlite")
            f = score(cited, index, built)
            name = f"{int(share * 100)}% absent{' stress' if stress else ''}"
            _row(name, len(index.works), f, secs)
            _row("  held out from fit", len(index.works), score([c for c in cited if c.doc in held_out], index, built), secs)
            for line in f["wrong_examples"][:args.examples] + f["missed"][:args.misses]:
                print(f"    {line}")
            if f["unaligned_given"]:
                print(f"    ({f['unaligned_given']} DOIs given to built references that match no gold reference)")


if __name__ == "__main__":
    main()
