"""View guards for the apps above ``access``. Role guards say which kinds of work a page is for;
which *objects* a person may see, and what they may do to them, is decided by
``relsafe.access.policy`` (``visible_families`` in the selectors, ``can``/``require`` in views,
templates and services). ``role_required`` itself lives in ``accounts.guards`` (roles are that app's), so the
apps below ``access`` (accounts, audit) can guard their own pages with it too."""

from relsafe.accounts.guards import role_required

__all__ = ["role_required"]
