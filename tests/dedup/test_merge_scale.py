"""Keys for large libraries: every work keeps its own key (once a quadratic `key not in list`)."""
from refgraph.dedup.merge import stable_keys
from refgraph.model import Name, Reference


def _refs(n):
    return [Reference(n=i + 1, raw=f"Author{i}, A. (2001). Work {i}.", title=f"Work {i}",
                      authors=(Name(family=f"Author{i}"),), year=2001, key=f"key{i}", source="bibtex:big.bib")
            for i in range(n)]


def test_a_large_bibliography_keeps_every_users_key():
    refs = _refs(60_000)  # 100,000 entries took 238 s
    assert stable_keys(refs, [[] for _ in refs]) == [f"key{i}" for i in range(60_000)]


def test_one_more_article_in_a_large_library_changes_no_old_key():
    n = 60_000
    refs = _refs(n) + [Reference(n=1, raw="New, N. (2020). Fresh.", title="Fresh", authors=(Name(family="New"),),
                                 year=2020)]
    keys = stable_keys(refs, [[f"key{i}"] for i in range(n)] + [[]])
    assert keys[:n] == [f"key{i}" for i in range(n)]
    assert keys[n] not in set(keys[:n])
