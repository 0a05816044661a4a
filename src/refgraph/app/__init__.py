"""Use cases: one plain function per command, chaining the stages and the store.

build.py (`build`), library.py (`add`, `export`, `works`), lint.py, check.py, cite.py,
parse.py, resolve.py, dedup.py, graph.py (`graph`, `cites`, `cited-by`). The CLI calls one of
these per command and only prints; nothing below this package imports it.
"""
