"""`refgraph parse`: the references and callouts of one article."""
from __future__ import annotations

import click

from refgraph.cli.output import count_progress, echo_json, truncate
from refgraph.model import ParsedDocument, Reference


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "bibtex", "xml"]), default="table",
              show_default=True, help="table for people, json for scripts (see DESIGN.md), bibtex to paste, "
                                      "xml: AnyStyle XML dataset of the labelled tokens (with --lines).")
@click.option("--lines", is_flag=True, help="FILE holds one reference string per line (no article around them).")
@click.option("--explain", is_flag=True, help="Show which lines were taken as the reference list, and why (HTML: lines of the page's text).")
def command(file: str, fmt: str, lines: bool, explain: bool) -> None:
    """Find, split and parse the reference list of FILE, and link its in-text callouts.

    FILE is plain text, Markdown, HTML or PDF (PDF needs: pip install 'refgraph[pdf]').

    \b
    Examples:
      refgraph parse refs/articles/003_d3235739006794ff.txt
      refgraph parse paper.pdf --format json > paper.json
      refgraph parse paper.md --format bibtex >> library.bib
      refgraph parse --lines refs.txt --format xml > labelled.xml
    """
    if lines:
        _parse_lines(file, fmt)
        return
    if fmt == "xml":
        raise click.UsageError("--format xml labels reference strings: use it with --lines")
    from refgraph.app import parse  # the parser model loads on first use; dedup and writers only here

    if explain:
        _explain(parse.parse_article(file))
        return
    if fmt == "bibtex":
        click.echo(parse.article_bibtex(file), nl=False)
        return
    parsed = parse.parse_article(file)
    if fmt == "json":
        echo_json(parsed.to_json())
    else:
        _print_table(parsed)


def _parse_lines(file: str, fmt: str) -> None:
    """Each line of FILE is one reference string: print the parsed records or the labels."""
    from refgraph.app import parse

    if fmt == "xml":
        click.echo(parse.lines_xml(file), nl=False)
        return
    if fmt == "bibtex":
        with count_progress("Parsing") as progress:
            text = parse.lines_bibtex(file, progress)
        click.echo(text, nl=False)
        return
    with count_progress("Parsing") as progress:
        refs = parse.parse_lines(file, progress)
    if fmt == "json":
        echo_json({"references": [r.to_csl() for r in refs]})
    else:
        for ref in refs:
            _print_ref(ref, None)


def _print_ref(ref: Reference, cited: int | None) -> None:
    people = ref.authors or ref.editors
    who = "; ".join(p.literal or p.family for p in people[:3]) + (" et al." if len(people) > 3 else "")
    tail = f" cited {cited}x" if cited is not None else ""
    click.echo(f"{ref.n:>3}  {ref.type:<16} {truncate(who, 24):<24} {ref.year or '':<5} "
               f"{truncate(ref.title or ref.url or ref.raw, 60):<60}{tail}")


def _print_table(parsed: ParsedDocument) -> None:
    doc = parsed.document
    click.echo(f"{doc.path}: {len(parsed.references)} references, {len(parsed.citations)} callouts")
    for issue in parsed.issues:
        click.echo(f"  note: {issue.message}")
    for ref in parsed.references:
        _print_ref(ref, sum(1 for c in parsed.citations if ref.n in c.refs))
    unlinked = [c for c in parsed.citations if not c.refs or c.problems]
    for c in unlinked:
        click.echo(f"  line {c.span.line}: {c.text}: {'; '.join(p.message for p in c.problems) or 'no reference'}")


def _explain(parsed: ParsedDocument) -> None:
    """One paragraph per list found: where, how, why, and its first and last lines."""
    doc = parsed.document
    if not parsed.findings:
        click.echo(f"{doc.path}: no reference list found (no list markup, no References-like heading over "
                   "reference-like lines, no numbered list at the end)")
        return
    for f in parsed.findings:
        first = doc.span_of_source(f.start, f.start).line
        last = doc.span_of_source(max(f.start, f.end - 1), f.end).line
        click.echo(f"{doc.path}: lines {first}-{last}: {f.entries} entries, found by {f.method}: {f.reason}")
        body = [ln for ln in doc.source_text[f.start:f.end].splitlines() if ln.strip()]
        for ln in body[:2] + (["..."] if len(body) > 4 else []) + body[max(2, len(body) - 2):]:
            click.echo(f"  | {truncate(ln.strip(), 100)}")
    click.echo(f"{len(parsed.references)} references")
