"""`refgraph parse`: the references and callouts of one article."""
from __future__ import annotations

import click

from refgraph.cli.output import echo_json, truncate
from refgraph.dedup import deduplicate
from refgraph.model import ParsedDocument
from refgraph.pipeline import mentions_of, parse_path
from refgraph.writers.bibtex import write_bibtex


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "bibtex"]), default="table",
              show_default=True, help="table for people, json for scripts (see DESIGN.md), bibtex to paste.")
def command(file: str, fmt: str) -> None:
    """Find, split and parse the reference list of FILE, and link its in-text callouts.

    FILE is plain text, Markdown, HTML or PDF (PDF needs: pip install 'refgraph[pdf]').

    \b
    Examples:
      refgraph parse refs/articles/003_d3235739006794ff.txt
      refgraph parse paper.pdf --format json > paper.json
      refgraph parse paper.md --format bibtex >> library.bib
    """
    parsed = parse_path(file)
    if fmt == "json":
        echo_json(parsed.to_json())
    elif fmt == "bibtex":
        click.echo(write_bibtex(deduplicate(mentions_of(parsed))), nl=False)
    else:
        _print_table(parsed)


def _print_table(parsed: ParsedDocument) -> None:
    doc = parsed.document
    click.echo(f"{doc.path}: {len(parsed.references)} references, {len(parsed.citations)} callouts")
    for issue in parsed.issues:
        click.echo(f"  note: {issue.message}")
    for ref in parsed.references:
        people = ref.authors or ref.editors
        who = "; ".join(p.literal or p.family for p in people[:3]) + (" et al." if len(people) > 3 else "")
        cited = sum(1 for c in parsed.citations if ref.n in c.refs)
        click.echo(f"{ref.n:>3}  {ref.type:<16} {truncate(who, 24):<24} {ref.year or '':<5} "
                   f"{truncate(ref.title or ref.url or ref.raw, 60):<60} cited {cited}x")
    unlinked = [c for c in parsed.citations if not c.refs or c.problems]
    for c in unlinked:
        click.echo(f"  line {c.span.line}: {c.text}: {'; '.join(c.problems) or 'no reference'}")
