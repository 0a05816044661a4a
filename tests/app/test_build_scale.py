"""`refgraph build` gives byte-identical outputs in one process, on worker processes and on a
Dask cluster; a build killed at any moment resumes to the same outputs."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.app.engine import Engine
from refgraph.app.stream import add_stream
from refgraph.cli import cli
from tests.app.corpus import write_corpus
from tests.conftest import ARTICLES

COMPARED = ("bibliography.bib", "bibliography.json", "works.json", "graph.json", "report.md")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "generated", 40)
    (folder / "generated" / "empty.txt").write_text("  \n", encoding="utf-8")  # skipped: empty
    (folder / "generated" / "sub").mkdir()
    (folder / "generated" / "sub" / "gen_0001.txt").write_text("Same name\n\nReferences\n\n1. Smith J. A title. "
                                                              "J Test. 2001;1:1-2.\n", encoding="utf-8")
    return [str(ARTICLES), str(folder / "missing"), str(folder / "generated")]


def _build(paths: list[str], out: Path, *flags: str) -> dict[str, bytes]:
    result = CliRunner().invoke(cli, ["build", *paths, "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in COMPARED}


def test_the_corpus_has_every_kind_of_skipped_input(one_process):
    skipped = one_process["report.md"].decode().split("## Skipped inputs")[1]
    assert "missing: no such file or folder" in skipped and "empty.txt: the file is empty" in skipped
    assert "gen_0001.txt: another article has the same file name" in skipped


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> dict[str, bytes]:
    return _build(corpus, tmp_path_factory.mktemp("one") / "out", "--workers", "1")


@pytest.mark.parametrize("flags", [["--workers", "2"], ["--workers", "3"]], ids=["2-workers", "3-workers"])
def test_worker_processes_give_the_one_process_outputs(corpus, one_process, tmp_path, flags):
    assert _build(corpus, tmp_path / "out", *flags) == one_process


def test_a_dask_cluster_gives_the_one_process_outputs(corpus, one_process, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the cluster extra (dask) is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0",
                                  silence_logs=40) as cluster:
        result = CliRunner().invoke(cli, ["build", *corpus, "-o", str(tmp_path / "out"),
                                          "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "Dask dashboard: http" in result.output and "(2 workers)" in result.output
    assert {name: (tmp_path / "out" / name).read_bytes() for name in COMPARED} == one_process


def test_the_scheduler_comes_from_the_environment(corpus, tmp_path):
    result = CliRunner().invoke(cli, ["build", *corpus, "-o", str(tmp_path / "out")],
                                env={"REFGRAPH_SCHEDULER": "nosuch://127.0.0.1:9"})
    assert result.exit_code != 0 and "nosuch://127.0.0.1:9" in result.output
    assert not (tmp_path / "out").exists()


def _library_facts(library: Path) -> tuple[str, int, int, int]:
    con = sqlite3.connect(library)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        distinct_paths = con.execute("SELECT count(DISTINCT path) FROM documents").fetchone()[0]
        refs = con.execute("SELECT count(*) FROM refs").fetchone()[0]
    finally:
        con.close()
    return check, docs, distinct_paths, refs


def _killed_build(paths: list[str], out: Path, after: float, workers: str) -> None:
    """Start `refgraph build` in its own process group and SIGKILL the group after `after` s."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "refgraph", "build", *paths, "-o", str(out), "--workers", workers],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    time.sleep(after)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it finished first: the rerun must then change nothing
    proc.wait()


@pytest.mark.parametrize("seed,workers", [(1, "1"), (2, "1"), (3, "2")], ids=["kill-1", "kill-2", "kill-2-workers"])
def test_killed_builds_resume_to_the_uninterrupted_outputs(corpus, one_process, tmp_path, seed, workers):
    rng = random.Random(seed)
    out = tmp_path / "out"
    for _ in range(2):  # killed twice at random moments, then finished
        _killed_build(corpus, out, rng.uniform(0.5, 4.0), workers)
        if (out / "library.sqlite").exists():
            check, docs, paths, _ = _library_facts(out / "library.sqlite")
            assert check == "ok" and docs == paths
    assert _build(corpus, out, "--workers", workers) == one_process
    check, docs, paths, _ = _library_facts(out / "library.sqlite")
    assert check == "ok" and docs == paths == 45


def _kill_after_first_batch(paths: list[str], out: Path) -> int:
    """SIGKILL a build as soon as the library holds some of its documents; how many it holds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "refgraph", "build", *paths, "-o", str(out), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    stored = 0
    try:
        while proc.poll() is None and not stored:
            time.sleep(0.02)
            if (out / "library.sqlite").exists():
                try:
                    stored = _library_facts(out / "library.sqlite")[1]
                except sqlite3.OperationalError:  # locked by the writer: look again
                    continue
    finally:
        os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
        proc.wait()
    return _library_facts(out / "library.sqlite")[1] if (out / "library.sqlite").exists() else 0


def test_a_rerun_parses_only_what_the_killed_run_left(corpus, tmp_path):
    out = tmp_path / "out"
    stored = _kill_after_first_batch(corpus, out)
    if not 0 < stored < 45:
        pytest.skip(f"the kill did not land inside the build ({stored} of 45 documents stored)")
    run = add_stream(out / "library.sqlite", corpus, Engine(workers=1))
    assert run.resumed and run.unchanged == stored and run.added == 45 - stored
    again = add_stream(out / "library.sqlite", corpus, Engine(workers=1))
    assert not again.resumed and again.unchanged == 45 and again.added == 0


def test_building_again_into_the_same_folder_changes_nothing(corpus, one_process, tmp_path):
    out = tmp_path / "out"
    _build(corpus, out, "--workers", "2")
    assert _build(corpus, out, "--workers", "2") == one_process  # same-named article still skipped
    again = add_stream(out / "library.sqlite", corpus, Engine(workers=1))
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 45)
