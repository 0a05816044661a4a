"""Options shared by the commands that may use the network."""
from __future__ import annotations

import click

from refgraph.config import Settings, load_settings


def network_options(func):
    """--offline and --mailto, which every command that may touch the network takes."""
    func = click.option("--offline", is_flag=True, default=None,
                        help="Answer from the cache only; report what could not be checked.")(func)
    func = click.option("--mailto", metavar="EMAIL", default=None,
                        help="Your e-mail, sent to Crossref for its polite pool (or REFGRAPH_MAILTO).")(func)
    return func


def settings_from(mailto: str | None, offline: bool | None, **flags) -> Settings:
    return load_settings(mailto=mailto, offline=offline or None, **flags)
