"""Writing outputs: atomic, umask permissions, nothing left behind and a clear word when the
disk (or the file-size limit) says no."""
import errno
import os
import subprocess
import sys

import pytest

from refgraph.errors import OutputError
from refgraph.files import check_replaceable, record_outputs, write_atomic, write_error

# Writes 1 MB under a 64 KB file-size limit (SIGXFSZ ignored, so the write fails with EFBIG, as
# a full disk fails with ENOSPC): the real failure path of a real file system.
LIMITED = """
import resource, signal, sys
from refgraph.errors import OutputError
from refgraph.files import write_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
try:
    write_atomic(sys.argv[1], "x" * 1_000_000)
except OutputError as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
@pytest.mark.parametrize("existing", [None, "the old content\n"], ids=["new", "replacing"])
def test_a_failed_write_leaves_no_temporary_file_and_the_old_file_whole(tmp_path, existing):
    target = tmp_path / "bibliography.bib"
    if existing:
        target.write_text(existing)
    done = subprocess.run([sys.executable, "-c", LIMITED, str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "cannot write" in done.stdout and "larger than this system allows" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ([target.name] if existing else [])
    if existing:
        assert target.read_text() == existing


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"), (errno.EDQUOT, "the disk is full"),
    (errno.EROFS, "read-only"), (errno.EACCES, "check the folder and its permissions"),
], ids=["disk-full", "quota", "read-only", "permission"])
def test_write_errors_say_what_to_do(tmp_path, code, words):
    message = str(write_error(tmp_path / "x.bib", OSError(code, os.strerror(code))))
    assert words in message and "\n" not in message


def test_a_file_recorded_as_ours_may_be_replaced_until_someone_edits_it(tmp_path):
    write_atomic(tmp_path / "report.md", "ours\n")
    record_outputs(tmp_path, ["report.md"])
    check_replaceable(tmp_path, ["report.md", "absent.md"])
    (tmp_path / "report.md").write_text("edited\n")
    with pytest.raises(OutputError, match="changed since refgraph wrote it"):
        check_replaceable(tmp_path, ["report.md"])
    (tmp_path / "notes.md").write_text("mine\n")
    with pytest.raises(OutputError, match="not written by refgraph"):
        check_replaceable(tmp_path, ["notes.md"])
