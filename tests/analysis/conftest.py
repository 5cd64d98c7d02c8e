"""The analysis tests' corpus is in tests/fixtures/corpus.py."""

# Kept importable as `conftest` for tests written before tests/fixtures/ existed.
from tests.fixtures.corpus import make_corpus  # noqa: F401
