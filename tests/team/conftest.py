"""The dashboard fixtures (analyst, analysed) and helpers are in tests/fixtures/team.py."""

# Kept importable from here for tests written before tests/fixtures/ existed.
from tests.fixtures.staff import PASSWORD, csrf_of, demo, sign_in  # noqa: F401
from tests.fixtures.team import add_response, analysed, analyst, barriers, run_analysis  # noqa: F401
