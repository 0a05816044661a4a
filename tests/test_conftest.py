"""The rule for tests that need ../shared, run in a scratch checkout that has none beside it:
skipped with the reason in a fresh clone, failed when CI says ../shared must be there."""
from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

NEEDS_SHARED = '''
import pytest

@pytest.mark.needs_shared("corpora")
def test_marked():
    assert False, "ran although ../shared/corpora is absent"

def test_fixture(shared):
    shared("fixtures", "http")
    assert False, "ran although ../shared/fixtures/http is absent"

def test_plain():
    pass
'''


@pytest.fixture
def scratch(pytester):
    """A checkout (conftest + tests) whose parent folder has no shared/ in it."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_needs=NEEDS_SHARED)
    assert not (pytester.path.parent / "shared").exists()
    return pytester


def test_missing_shared_skips_with_the_reason(scratch, monkeypatch):
    monkeypatch.delenv("REFGRAPH_REQUIRE_SHARED", raising=False)
    result = scratch.runpytest_subprocess("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["*needs ../shared/corpora beside the checkout*",
                                 "*needs ../shared/fixtures/http beside the checkout*"])


def test_missing_shared_fails_when_ci_requires_it(scratch, monkeypatch):
    monkeypatch.setenv("REFGRAPH_REQUIRE_SHARED", "1")
    result = scratch.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1, errors=1)  # a marked test fails in its setup
    result.stdout.fnmatch_lines(["*../shared/corpora is missing beside the checkout and REFGRAPH_REQUIRE_SHARED=1*"])
