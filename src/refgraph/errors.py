"""Errors of the program (not of the data). Each message tells the user what to do."""


class RefgraphError(Exception):
    """Base class: the CLI prints the message on one line and exits with `exit_code`."""

    exit_code = 2


class InputError(RefgraphError):
    """An input path is missing, unreadable, empty, binary or of an unknown format."""


class MissingExtraError(RefgraphError):
    """An optional dependency is needed for this input; the message names the extra."""


class OutputError(RefgraphError):
    """An output cannot be written (or would overwrite an input)."""


class LibraryError(RefgraphError):
    """The SQLite library is missing, corrupt or from an incompatible version."""


class ConfigError(RefgraphError):
    """A setting is malformed (config file, environment variable or flag)."""
