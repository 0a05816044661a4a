"""Score refgraph on the sample corpus with the shared scorer, the way the acceptance checks do.

    python benchmarks/seed_score.py [--shared ../shared]

Runs `refgraph parse --format json` on every article in refs/articles, then
`score.py parse refs/gold OUT`, then `refgraph build --offline` and `score.py dedup`.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def refgraph(*args: str) -> subprocess.CompletedProcess:
    env_path = str(ROOT / "src")
    return subprocess.run([sys.executable, "-m", "refgraph", *args], capture_output=True, text=True,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"}, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    score = args.shared / "eval" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred"
        pred.mkdir()
        started = time.perf_counter()
        for article in sorted((ROOT / "refs" / "articles").glob("*.txt")):
            out = refgraph("parse", str(article), "--format", "json")
            (pred / f"{article.stem}.json").write_text(out.stdout, encoding="utf-8")
        print(f"parsed {len(list(pred.iterdir()))} articles in {time.perf_counter() - started:.2f} s")
        subprocess.run([sys.executable, str(score), "parse", str(ROOT / "refs" / "gold"), str(pred)], check=True)
        build = Path(tmp) / "build"
        refgraph("build", str(ROOT / "refs" / "articles"), "-o", str(build), "--offline")
        print("dedup:", end=" ", flush=True)
        subprocess.run([sys.executable, str(score), "dedup", str(ROOT / "refs" / "gold" / "duplicates.json"),
                        str(build / "works.json")], check=True)


if __name__ == "__main__":
    main()
