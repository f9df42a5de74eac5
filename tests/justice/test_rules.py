"""Properties of the rules that hold for any input: stages only go forward, and no calendar
address other than a live one opens a feed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.justice import selectors, services
from relsafe.justice.models import STAGE_RANK, CriminalJusticeCase, Stage


@given(st.sampled_from(Stage.values))
def test_the_next_stages_are_always_later(stage: str) -> None:
    case = CriminalJusticeCase(stage=stage)
    following = services.next_stages(case)
    assert all(STAGE_RANK[s] > STAGE_RANK[stage] for s in following)
    assert stage not in following
    if stage == Stage.NO_FURTHER_ACTION:
        assert following == []
    if STAGE_RANK[stage] >= STAGE_RANK[Stage.CHARGE]:
        assert Stage.NO_FURTHER_ACTION not in following


@given(st.lists(st.sampled_from(Stage.values), max_size=12))
def test_any_walk_through_next_stages_never_goes_back(choices: list[str]) -> None:
    case = CriminalJusticeCase(stage=Stage.REPORT)
    reached = [STAGE_RANK[Stage.REPORT]]
    for wanted in choices:
        if wanted in services.next_stages(case):
            case.stage = wanted
            reached.append(STAGE_RANK[wanted])
    assert reached == sorted(set(reached))


@pytest.mark.django_db
@settings(max_examples=40)
@given(st.text(max_size=200))
def test_no_made_up_token_opens_a_feed(token: str) -> None:
    assert selectors.feed_for_token(token) is None


def test_the_familys_road_after_no_further_action_has_no_charge() -> None:
    from relsafe.justice.selectors import _journey_steps

    steps = _journey_steps(Stage.NO_FURTHER_ACTION)
    assert [label for label, _ in steps] == [
        "Reported to police",
        "Investigation",
        "No further action",
    ]
    assert all(done for _, done in steps)
    road = _journey_steps(Stage.CHARGE)
    assert ("Charged", True) in road
    assert ("Trial", False) in road
    assert "Appeal" not in [label for label, _ in road]
