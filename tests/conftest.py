from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "refs" / "articles"
GOLD = ROOT / "refs" / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def seed():
    """Path of a seed article by its number prefix, e.g. seed('003')."""
    def find(prefix: str) -> Path:
        return next(ARTICLES.glob(f"{prefix}_*.txt"))
    return find
