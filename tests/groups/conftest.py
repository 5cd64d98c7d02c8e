"""The staff fixtures (demo data, signing in) serve the focus-group tests too."""

from ..staff.conftest import demo, sign_in

__all__ = ["demo", "sign_in"]
