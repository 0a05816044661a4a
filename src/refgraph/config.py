"""Settings, read once at the CLI edge and passed down explicitly.

Precedence: command-line flags > environment (REFGRAPH_*) > TOML config file > defaults. The
library never reads the environment itself: it receives a `Settings`.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import platformdirs

from refgraph.errors import ConfigError

APP = "refgraph"

ENV_NAMES = {
    "mailto": "REFGRAPH_MAILTO",
    "cache_dir": "REFGRAPH_CACHE_DIR",
    "library": "REFGRAPH_LIBRARY",
    "crossref_api": "REFGRAPH_CROSSREF_API",
    "doi_resolver": "REFGRAPH_DOI_RESOLVER",
    "opencitations_api": "REFGRAPH_OPENCITATIONS_API",
    "openalex_api": "REFGRAPH_OPENALEX_API",
    "offline": "REFGRAPH_OFFLINE",
    "check_urls": "REFGRAPH_CHECK_URLS",
    "check_private": "REFGRAPH_CHECK_PRIVATE",
    "scheduler": "REFGRAPH_SCHEDULER",
}


@dataclass(frozen=True)
class Settings:
    mailto: str = ""
    cache_dir: str = ""
    library: str = ""
    crossref_api: str = "https://api.crossref.org"
    doi_resolver: str = "https://doi.org"
    opencitations_api: str = "https://api.opencitations.net/index/v2"
    openalex_api: str = "https://api.openalex.org"
    offline: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    request_deadline: float = 60.0  # seconds for connect + headers + body, however they trickle
    max_retries: int = 4
    retry_backoff: float = 1.0
    requests_per_second: float = 5.0
    max_connections: int = 3
    max_redirects: int = 10
    max_body_bytes: int = 20_000_000
    cache_expire_days: float = 30.0
    check_workers: int = 8
    check_urls: bool = True
    # Link checks skip loopback, private and link-local addresses (and redirects to them) unless
    # named here: "all", or some of "loopback,private,link-local".
    check_private: str = ""
    match_threshold: float = 0.0  # a floor above the matcher's own calibrated threshold (0: the model's)
    scheduler: str = ""  # a Dask scheduler address for `build` (or "local"); empty: local processes

    @property
    def cache_path(self) -> Path:
        return Path(self.cache_dir or platformdirs.user_cache_dir(APP))

    @property
    def library_path(self) -> Path:
        return Path(self.library or Path(platformdirs.user_data_dir(APP)) / "library.sqlite")


def default_config_file() -> Path:
    return Path(os.environ.get("REFGRAPH_CONFIG") or Path(platformdirs.user_config_dir(APP)) / "config.toml")


def _coerce(name: str, value, kind) -> object:
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r} should be a {kind.__name__}, got {value!r}: fix it in the "
                          f"config file or environment") from exc


def load_settings(config_file: Path | None = None, env: Mapping[str, str] | None = None, **flags) -> Settings:
    """Merge defaults, the TOML file, the environment and explicit flags (None = not given)."""
    environ: Mapping[str, str] = os.environ if env is None else env
    types = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}
    values: dict = {}
    path = config_file or default_config_file()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from exc
        section = data.get("refgraph", data)
        for key, value in section.items():
            key = key.replace("-", "_")
            if key in types:
                values[key] = _coerce(key, value, types[key])
    for key, name in ENV_NAMES.items():
        if environ.get(name):
            values[key] = _coerce(key, environ[name], types[key])
    for key, value in flags.items():
        if value is not None and key in types:
            values[key] = _coerce(key, value, types[key])
    return replace(Settings(), **values)
