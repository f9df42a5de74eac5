"""URL by role matrix rows, one module per app added after the first twelve.

A module here looks like this (``tests/access/test_url_matrix.py`` explains rows and outcomes)::

    from typing import Any


    def rows() -> dict[str, Any]:
        from tests.access.test_url_matrix import FORBIDDEN, OK, Row, family_read, outcomes

        return {"evidence:log": Row(get=family_read(), kwargs={"family_pk": "family"})}


    def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
        from tests.factories import FamilyFactory  # your app's factories

        return {"evidence_entry": ...}  # names your rows' kwargs may use

``rows`` and ``world`` import from the matrix inside the function, because the matrix imports
these modules while it loads.
"""
