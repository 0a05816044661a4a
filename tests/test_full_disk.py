"""A full disk, for real: a tiny tmpfs mounted in a private user and mount namespace (unshare),
so no test needs root or touches the machine's disks. Skipped with the reason where the kernel
does not allow unprivileged namespaces."""
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ARTICLES

RUN = r'''
mount -t tmpfs -o size="$SIZE" none "$MNT" || exit 99
"$@"; rc=$?
ls -A "$MNT" > "$LISTING"
exit $rc
'''


def on_a_full_disk(tmp_path, size: str, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `refgraph ARGS` with {disk} in ARGS replaced by a folder on a tmpfs of `size`; returns
    the process and the names left in that folder afterwards."""
    if not shutil.which("unshare"):
        pytest.skip("needs unshare (util-linux) to mount a small private tmpfs")
    mnt, listing = tmp_path / "mnt", tmp_path / "listing.txt"
    mnt.mkdir()
    env = {"SIZE": size, "MNT": str(mnt), "LISTING": str(listing), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
    argv = [a.replace("{disk}", str(mnt)) for a in args]
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", RUN, "sh",
                           sys.executable, "-m", "refgraph", *argv], capture_output=True, text=True, env=env)
    if done.returncode == 99 or not listing.exists():
        pytest.skip(f"cannot mount a private tmpfs here: {done.stderr.strip()[:200]}")
    return done, listing.read_text().split()


def test_a_library_on_a_full_disk_says_the_disk_is_full(tmp_path):
    done, left = on_a_full_disk(tmp_path, "48k", "add", str(ARTICLES), "--library", "{disk}/lib.sqlite")
    assert done.returncode == 2
    assert "the disk is full" in done.stderr and "another refgraph" not in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_an_export_onto_a_full_disk_leaves_no_temporary_file(tmp_path):
    library = tmp_path / "lib.sqlite"
    subprocess.run([sys.executable, "-m", "refgraph", "add", str(ARTICLES), "--library", str(library)],
                   check=True, capture_output=True)
    done, left = on_a_full_disk(tmp_path, "4k", "export", "--library", str(library), "-o", "{disk}/refs.bib")
    assert done.returncode == 2 and "the disk is full" in done.stderr
    assert left == []  # neither a partial refs.bib nor a .refs.bib.*.tmp


@pytest.mark.parametrize("holder_sql, ours_sql, words", [
    ("BEGIN EXCLUSIVE", "BEGIN IMMEDIATE", "is another refgraph writing to it?"),
    (None, "CREATE TABLE t (x)", "not a refgraph library"),
], ids=["locked", "not-a-database"])
def test_sqlite_errors_say_what_happened(tmp_path, holder_sql, ours_sql, words):
    """Real SQLite errors (a lock held by another connection; a file that is no database) get
    the message that fits them, not one guess for all."""
    import sqlite3

    from refgraph.store import library_error
    library = tmp_path / "lib.sqlite"
    if holder_sql:
        holder = sqlite3.connect(library)
        holder.execute(holder_sql)
    else:
        library.write_bytes(b"this is no database at all, just some text " * 100)
    ours = sqlite3.connect(library, timeout=0)
    with pytest.raises(sqlite3.Error) as caught:
        ours.execute(ours_sql)
    message = str(library_error(library, caught.value))
    assert words in message and "\n" not in message
    assert message.count("another refgraph") == (1 if holder_sql else 0)
