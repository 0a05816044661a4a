"""`refgraph check PATH...`: are the DOIs and links of articles, .bib files or a library sound?"""
from __future__ import annotations

import json
import sys

import click

from refgraph.app.check import CheckReport, check_paths
from refgraph.cli.common import network_options, settings_from
from refgraph.model import LinkStatus

PROGRESS_AFTER = 20  # checks; fewer finish before a bar would be worth drawing


def status_json(s: LinkStatus) -> dict:
    item: dict[str, object] = {"kind": s.kind, "target": s.target, "source": s.source, "status": s.status,
            "problems": [p.message for p in s.problems], "final_url": s.final_url or None, "http_status": s.http_status}
    if s.kind == "doi":
        item.update(registered=s.registered, match=s.match, retracted=s.retracted, agency=s.agency or None)
    item["details"] = s.details
    return item


def _table(report: CheckReport) -> str:
    rows = [("STATUS", "KIND", "SOURCE", "TARGET", "PROBLEMS")]
    for s in report.results:
        extra = []
        if s.kind == "doi":
            extra = [f"registered={_tri(s.registered)}", f"match={s.match or '-'}",
                     f"retracted={_tri(s.retracted)}"]
        rows.append((s.status, s.kind, s.source, _clip(s.target, 60),
                     "; ".join([p.message for p in s.problems] + ([" ".join(extra)] if extra else [])) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows]
    counts = report.counts()
    lines.append("")
    lines.append(f"{len(report.results)} DOIs and links in {len(report.files)} file(s): "
                 + ", ".join(f"{counts[k]} {k}" for k in ("ok", "warning", "broken", "unknown")))
    if counts["unknown"]:
        lines.append(f"{counts['unknown']} could not be checked (see PROBLEMS); nothing was assumed about them")
    return "\n".join(lines)


def _tri(value) -> str:
    return "?" if value is None else "yes" if value else "no"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@network_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--urls/--no-urls", "urls", default=None,
              help="Fetch cited URLs too (default), or check DOIs only (REFGRAPH_CHECK_URLS).")
@click.option("--check-private", "check_private", flag_value="all", default=None,
              help="Also fetch links to loopback, private and link-local addresses, which are skipped "
                   "by default (REFGRAPH_CHECK_PRIVATE=all, or some of loopback,private,link-local).")
def command(paths, mailto, offline, fmt, urls, check_private) -> None:
    """Check every DOI and URL cited by PATHS (articles, .bib files, libraries, folders).

    Exit status 1 when something is broken (unregistered or wrong DOI, retracted work, dead link).

    \b
    Examples:
      refgraph check paper.md --mailto you@example.org
      refgraph check refs.bib --no-urls --format json
    """
    settings = settings_from(mailto, offline, check_urls=urls, check_private=check_private)
    bar = None

    def progress(advance: int, total: int) -> None:
        nonlocal bar
        if total < PROGRESS_AFTER or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="checking", file=sys.stderr)
            bar.__enter__()
        bar.update(advance)

    try:
        report = check_paths(paths, settings, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if fmt == "json":
        click.echo(json.dumps({"results": [status_json(s) for s in report.results],
                               "counts": report.counts(), "files": list(report.files),
                               "skipped": [i.message for i in report.skipped]},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(_table(report))
    for issue in report.skipped:
        click.echo(f"skipped: {issue.message}", err=True)
    sys.exit(1 if report.broken else 0)
