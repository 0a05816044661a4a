"""The interactive page: self-contained, and it draws in a real (headless) Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refgraph.graph.build import DocRow, EdgeRow, graph_from_rows
from refgraph.graph.export import export_graph
from refgraph.app.build import build
from refgraph.app.graph import load_graph
from tests.conftest import ARTICLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--virtual-time-budget=8000", "--window-size=1400,900"]


def hostile_graph():
    evil = '</script><script>document.title="pwned"</script><img src=x onerror=alert(1)>'
    docs = [DocRow("a", evil, "a.txt", 1), DocRow("b", "Second article", "b.txt", 1)]
    works = {"w": {"title": evil + " & more", "DOI": "10.1/x\"><b>", "author": [{"family": "O'Brien"}]}}
    edges = [EdgeRow("doc:a", "work:w", "cites", 2, evil), EdgeRow("doc:b", "work:w", "cites", 1, "line\u2028sep")]
    return graph_from_rows(docs, works, edges)


def test_page_is_self_contained_and_escapes_data(tmp_path):
    g = hostile_graph()
    export_graph(g, "html", tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert page.count("</script>") == page.count("<script")  # the data closed no script early
    data = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "onerror=alert" in data and "<" not in data  # the text is there, but no markup
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)  # nothing fetched
    assert "Cytoscape Consortium" in page


def _chromium(args: list[str], profile: Path, page: Path, fragment: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri() + fragment],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> tuple[Path, int, int]:
    from tests.graph.test_build import NO_MODEL

    if NO_MODEL:
        pytest.skip("the parser model is not trained yet (python -m refgraph.extract.train)")
    out = tmp_path_factory.mktemp("html")
    build([ARTICLES], out)
    g = load_graph(out / "library.sqlite")
    export_graph(g, "html", out / "graph.html")
    return out / "graph.html", g.number_of_nodes(), g.number_of_edges()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("which", ["seed", "hostile"])
def test_page_draws_in_chromium(seed_page, tmp_path, which):
    if which == "seed":
        page, nodes, edges = seed_page
    else:
        g = hostile_graph()
        page, nodes, edges = tmp_path / "h.html", g.number_of_nodes(), g.number_of_edges()
        export_graph(g, "html", page)
    dom = _chromium(["--dump-dom", "--enable-logging=stderr", "--v=0"], tmp_path / "p1", page)
    root = re.search(r"<html[^>]*>", dom.stdout)
    assert root, dom.stderr[-2000:]
    assert 'data-ready="1"' in root.group(0), "the page script did not finish"
    assert "data-errors" not in root.group(0), root.group(0)
    assert f'data-nodes="{nodes}"' in root.group(0) and f'data-edges="{edges}"' in root.group(0)
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console  # no console messages at all: no errors, no warnings
    assert "pwned" not in dom.stdout.split("<title>", 1)[1].split("</title>", 1)[0]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"graph-{which}.png"
    shot.unlink(missing_ok=True)
    _chromium([f"--screenshot={shot}"], tmp_path / "p2", page)
    assert shot.is_file() and shot.stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_details_panel_shows_title_doi_and_contexts(tmp_path):
    g = hostile_graph()
    page = tmp_path / "h.html"
    export_graph(g, "html", page)
    dom = _chromium(["--dump-dom"], tmp_path / "p", page, "#node=work%3Aw").stdout
    details = dom.split('id="details"', 1)[1].split("</div>", 1)[0]
    assert "&lt;/script&gt;&lt;script&gt;document.title" in details  # the title, as text
    assert 'href="https://doi.org/10.1/x%22%3E%3Cb%3E"' in details  # the DOI link, encoded
    assert "O'Brien" in details and "2 callout(s)" in details
    assert details.count("<blockquote>") == 2  # one context from each citing article
    assert "<img" not in details
