"""`refgraph add`, `refgraph export` and `refgraph works`: the persistent library.

Each command resolves the library (--library, else REFGRAPH_LIBRARY, else the config file,
else the platform's data folder), calls one function of refgraph.library and prints the result.
"""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.cli.output import echo_json, truncate
from refgraph.config import load_settings
from refgraph.files import write_atomic
from refgraph.model import Work

# refgraph.library (SQLite, networkx, numpy, rapidfuzz) is imported inside each command: a cold
# `refgraph --help` or `refgraph parse` should not pay for it. Keep in step with library.EXPORTERS.
EXPORT_FORMATS = ("bibtex", "csl-json", "ris")

library_option = click.option(
    "--library", "library", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Library file (SQLite). Default: $REFGRAPH_LIBRARY, then the config file, then the user data folder.")


def resolve_library(flag: Path | None) -> Path:
    return load_settings(library=str(flag) if flag else None).library_path


@click.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@library_option
def add_command(paths: tuple[Path, ...], library: Path | None) -> None:
    """Add articles (files or folders) to the library, deduplicating across all of them.

    Re-adding an article whose file changed replaces its references; an unchanged article is
    left as it is. The whole add is one transaction.

    \b
    Examples:
      refgraph add refs/articles --library my.sqlite
      refgraph add new-paper.pdf
    """
    from refgraph.library import add_paths

    result = add_paths(resolve_library(library), paths)
    for issue in result.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    click.echo(f"{result.library}: added {len(result.added)}, replaced {len(result.replaced)}, "
               f"unchanged {len(result.unchanged)} documents; {result.mentions} references -> {result.works} works")


@click.command("export")
@library_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="bibtex", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def export_command(library: Path | None, fmt: str, output: Path | None) -> None:
    """Export the library's works as BibTeX, CSL-JSON or RIS, with stable citation keys.

    \b
    Examples:
      refgraph export --format bibtex -o refs.bib
      refgraph export --library my.sqlite --format csl-json > refs.json
    """
    from refgraph.library import export_library

    path = resolve_library(library)
    text = export_library(path, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text, protected=[path])
        click.echo(f"wrote {output}", err=True)


@click.group("works")
def works_group() -> None:
    """See the works of the library and why mentions were merged; correct the merges.

    \b
    Examples:
      refgraph works list --library my.sqlite
      refgraph works show jackson2019industrialisation
      refgraph works split jackson2019industrialisation 000_c7c8872bf4338caa#7
      refgraph works merge scott2018improving scott2018improvinga
    """


def _line(w: Work) -> str:
    ref = w.reference
    people = ref.authors or ref.editors
    who = (people[0].literal or people[0].family) if people else ""
    flag = " !" if w.conflicts else ""
    return f"{w.key:<32} {len(w.mentions):>3}x {truncate(who, 18):<18} {ref.year or '':<5} {truncate(ref.title, 60)}{flag}"


@works_group.command("list")
@library_option
@click.argument("query", required=False, default="")
@click.option("--merged", is_flag=True, help="Only works merged from more than one mention.")
@click.option("--conflicts", is_flag=True, help="Only works whose articles disagree (year, pages, DOI ...), "
              "with the disagreements.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(library: Path | None, query: str, merged: bool, conflicts: bool, fmt: str) -> None:
    """List works (key, mentions, first author, year, title; '!' marks conflicts), optionally filtered."""
    from refgraph.library import list_works

    works = [w for w in list_works(resolve_library(library), query)
             if (not merged or len(w.mentions) > 1) and (not conflicts or w.conflicts)]
    if fmt == "json":
        echo_json({"works": [w.to_json() for w in works]})
        return
    for w in works:
        click.echo(_line(w))
        if conflicts:
            for c in w.conflicts:
                click.echo(f"    conflict: {c}")


@works_group.command("show")
@library_option
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_command(library: Path | None, key: str, fmt: str) -> None:
    """One work: its record, each mention as printed, why they were merged, and conflicts."""
    from refgraph.library import show_work

    detail = show_work(resolve_library(library), key)
    if fmt == "json":
        echo_json({**detail.work.to_json(), "variants": [
            {"mention": m.id, **m.reference.to_csl()} for m in detail.mentions]})
        return
    _print_detail(detail)


def _print_detail(detail) -> None:
    w = detail.work
    click.echo(_line(w))
    if w.part_of:
        click.echo(f"  part of: {w.part_of}")
    click.echo("  mentions:")
    for m in detail.mentions:
        click.echo(f"    {m.id}: {truncate(m.reference.raw, 110)}")
    if w.why:
        click.echo("  merged because:")
        for why in w.why:
            click.echo(f"    {why}")
    for conflict in w.conflicts:
        click.echo(f"  conflict: {conflict}")


@works_group.command("split")
@library_option
@click.argument("key")
@click.argument("mentions", nargs=-1, required=True)
def split_command(library: Path | None, key: str, mentions: tuple[str, ...]) -> None:
    """Not the same: MENTIONS (ids like 'article#3') are a different work from the rest of KEY.

    The decision is stored in the library and honoured by every later add or build.
    """
    from refgraph.library import split_work

    for w in split_work(resolve_library(library), key, mentions):
        click.echo(f"{w.key}: {', '.join(w.mentions)}")


@works_group.command("merge")
@library_option
@click.argument("keys", nargs=-1, required=True)
def merge_command(library: Path | None, keys: tuple[str, ...]) -> None:
    """The same: the works named by KEYS are one work. Stored and honoured by every later run."""
    from refgraph.library import merge_works

    w = merge_works(resolve_library(library), keys)
    click.echo(f"{w.key}: {', '.join(w.mentions)}")


commands = (add_command, export_command, works_group)
