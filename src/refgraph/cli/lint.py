"""`refgraph lint`: a consistency report for every article, grouped by article."""
from __future__ import annotations

import click

from refgraph.app.lint import lint_paths
from refgraph.cli.output import echo_json
from refgraph.lint import DEFAULT_FAIL, KINDS, LintReport


def _kinds(value: str) -> frozenset[str]:
    """'default', 'all', 'none' or a comma-separated list of kinds."""
    chosen: set[str] = set()
    for word in filter(None, (w.strip() for w in value.split(","))):
        if word == "default":
            chosen |= DEFAULT_FAIL
        elif word == "all":
            chosen |= set(KINDS)
        elif word != "none":
            if word not in KINDS:
                raise click.BadParameter(f"unknown kind {word!r}; choose from {', '.join(KINDS)}, default, all, none")
            chosen.add(word)
    return frozenset(chosen)


def _kinds_help() -> str:
    return "; ".join(f"{k.name}{'' if k.fails else ' (note)'}" for k in KINDS.values())


@click.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--fail-on", "fail_on", default="default", show_default=True, metavar="KINDS",
              help="Comma-separated kinds that make lint exit 1; 'default' (every kind but the notes), 'all' or 'none'.")
@click.option("--notes/--no-notes", default=False, help="Also show note kinds (they do not fail unless in --fail-on).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for scripts: {documents: [{path, problems: [{kind, message, line, refs}]}]}.")
def command(paths: tuple[str, ...], fail_on: str, notes: bool, fmt: str) -> None:
    """Check the callouts and reference list of every article in PATHS.

    Reports callouts with no reference, references never cited, callouts that match their
    reference only tolerantly (misspelt name, wrong year, wrong number of authors), duplicate
    entries, numbering gaps and, as notes, references first cited out of order. Exit code 1
    when a kind in --fail-on is found, 2 when an input cannot be read.

    \b
    Examples:
      refgraph lint refs/articles/003_d3235739006794ff.txt
      refgraph lint drafts/ --notes
      refgraph lint paper.md --fail-on unlinked-callout,uncited-reference
      refgraph lint paper.md --format json | jq '.documents[].problems[].kind'
    """
    failing = _kinds(fail_on)
    shown = set(failing) | {k for k, kind in KINDS.items() if kind.fails or notes}
    run = lint_paths(paths)
    for issue in run.skipped:
        click.echo(f"refgraph: skipped: {issue.message}", err=True)
    if fmt == "json":
        echo_json({"documents": [{"path": r.path, "problems": [_json(i) for i in r.shown(shown)]}
                                 for r in run.reports]})
    else:
        _print_text(run.reports, shown)
    if run.skipped:
        raise SystemExit(2)
    if any(i.kind in failing for r in run.reports for i in r.problems):
        raise SystemExit(1)


def _json(issue) -> dict:
    data = issue.to_json()
    data["severity"] = "problem" if KINDS[issue.kind].fails else "note"
    return data


def _print_text(reports: tuple[LintReport, ...], shown: set[str]) -> None:
    total = hidden = with_problems = 0
    for report in reports:
        issues = report.shown(shown)
        hidden += sum(1 for i in report.problems if i.kind not in shown and i.kind != "no-references")
        if not issues:
            click.echo(f"{report.path}: ok" if report.checked else f"{report.path}: no reference list, nothing checked")
            continue
        with_problems += 1
        total += len(issues)
        click.echo(f"{report.path}: {len(issues)} finding{'s' if len(issues) != 1 else ''}")
        for i in issues:
            where = f"line {i.line}" if i.line else "-"
            refs = f" [ref {', '.join(map(str, i.refs))}]" if i.refs else ""
            click.echo(f"  {where}: {i.kind}: {i.message}{refs}")
    summary = f"{len(reports)} article{'s' if len(reports) != 1 else ''}: {total} finding{'s' if total != 1 else ''}"
    summary += f" in {with_problems}" if total else ""
    if hidden:
        summary += f"; {hidden} note{'s' if hidden != 1 else ''} hidden (--notes to show)"
    click.echo(summary)
