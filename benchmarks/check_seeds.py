"""`refgraph check refs/articles` against a local Crossref + doi.org stand-in (no internet).

Starts the fake registry of tests/net/fake_registry.py on 127.0.0.1, points refgraph at it with
REFGRAPH_CROSSREF_API / REFGRAPH_DOI_RESOLVER (and a fresh REFGRAPH_CACHE_DIR), then runs:
  1. refgraph check refs/articles --no-urls             (the seed DOIs: registered, same work, not retracted)
  2. the same on a copy of 003 whose first DOI is swapped (flagged: a different work, exit 1)
  3. refgraph check refs/articles --offline with a new, empty cache (unknown, exit 0)
URLs are not fetched (--no-urls): their hosts are on the internet, which this machine cannot reach.

    python benchmarks/check_seeds.py [--format table|json]
"""
from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "net")]

from fake_registry import Registry  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402


def refgraph(args: list[str], env: dict) -> int:
    print(f"\n$ refgraph {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, "-m", "refgraph", *args], env=env, cwd=ROOT).returncode


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request buries the figures
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", default="table", choices=["table", "json"])
    fmt = ["--format", ap.parse_args().format]
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    Registry().install(server)
    base = server.url_for("").rstrip("/")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "REFGRAPH_CROSSREF_API": base,
                   "REFGRAPH_DOI_RESOLVER": base, "REFGRAPH_CACHE_DIR": str(Path(tmp) / "cache"),
                   "REFGRAPH_CONFIG": str(Path(tmp) / "none.toml")}
            code = refgraph(["check", "refs/articles", "--no-urls", *fmt], env)
            print(f"exit status {code}")
            article = ROOT / "refs" / "articles" / "003_d3235739006794ff.txt"
            wrong = Path(tmp) / "003_wrong_doi.txt"
            wrong.write_text(article.read_text(encoding="utf-8").replace(
                "doi: 10.1111/bjc.12268.", "doi: 10.1111/bjc.12259."), encoding="utf-8")
            code = refgraph(["check", str(wrong), "--no-urls", *fmt], env)
            print(f"exit status {code}")
            offline_env = {**env, "REFGRAPH_CACHE_DIR": str(Path(tmp) / "empty-cache")}
            code = refgraph(["check", "refs/articles", "--offline", *fmt], offline_env)
            print(f"exit status {code}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
