from __future__ import annotations

import pytest

from tests.net.registry import Registry


@pytest.fixture
def registry(server) -> Registry:
    return Registry().install(server)
