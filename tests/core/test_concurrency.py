"""One optimistic lock for every versioned record: a second save from a stale form is refused with
both sides kept, never applied on top. The race test uses two real database connections."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from relsafe.core.concurrency import EditConflict, check_unchanged, update_if_unchanged
from relsafe.plans.models import PlanAction
from tests.factories import PlanActionFactory

pytestmark = pytest.mark.django_db


def test_a_save_from_the_current_version_applies_and_bumps_the_version() -> None:
    action = PlanActionFactory.create(description="Meet at school")
    with transaction.atomic():
        saved = update_if_unchanged(action, 1, description="Meet at the youth club")
    assert saved is action
    assert saved.version == 2
    assert PlanAction.objects.get(pk=action.pk).description == "Meet at the youth club"


def test_a_save_from_a_stale_version_keeps_both_sides_and_changes_nothing() -> None:
    action = PlanActionFactory.create(description="Meet at school")
    with transaction.atomic():
        update_if_unchanged(action, 1, description="First person's words")
    with pytest.raises(EditConflict) as clash, transaction.atomic():
        update_if_unchanged(action, 1, description="Second person's words")
    assert clash.value.current.description == "First person's words"
    assert clash.value.current.version == 2
    assert clash.value.saved == {"description": "Second person's words"}
    assert PlanAction.objects.get(pk=action.pk).version == 2


def test_a_queryset_target_is_re_read_with_its_related_rows() -> None:
    action = PlanActionFactory.create()
    rows = PlanAction.objects.select_related("plan__family").filter(pk=action.pk)
    with transaction.atomic():
        saved = update_if_unchanged(rows, 1, status=PlanAction.Status.IN_PROGRESS)
    assert saved.status == PlanAction.Status.IN_PROGRESS
    assert "plan" in saved._state.fields_cache  # no extra query to reach the family


def test_check_unchanged_refuses_a_locked_row_at_another_version() -> None:
    action = PlanActionFactory.create()
    check_unchanged(action, 1)
    with pytest.raises(EditConflict) as clash:
        check_unchanged(action, 3, saved={"status": "done"})
    assert clash.value.current is action
    assert clash.value.saved == {"status": "done"}


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_the_same_version_never_both_win() -> None:
    """Two people press Save at the same moment from the same version: exactly one save lands,
    the other gets the conflict with the winner's words, on SQLite and PostgreSQL alike."""
    action = PlanActionFactory.create(description="Original")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []

    def save(words: str) -> None:
        try:
            start.wait()
            with transaction.atomic():
                update_if_unchanged(PlanAction.objects.filter(pk=action.pk), 1, description=words)
                time.sleep(0.2)  # hold the row so the other writer has to wait on it
            outcomes[words] = "saved"
        except EditConflict as clash:
            outcomes[words] = f"conflict:{clash.current.description}"
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=save, args=(w,)) for w in ("Alex's words", "Sam's words")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(outcomes.values())[1] == "saved"
    winner = next(w for w, o in outcomes.items() if o == "saved")
    loser = next(w for w, o in outcomes.items() if o != "saved")
    assert outcomes[loser] == f"conflict:{winner}"
    final = PlanAction.objects.get(pk=action.pk)
    assert final.description == winner
    assert final.version == 2


def test_last_changed_moves_on_an_edit_as_a_normal_save_would() -> None:
    action = PlanActionFactory.create()
    before = PlanAction.objects.get(pk=action.pk).updated_at
    with transaction.atomic():
        saved = update_if_unchanged(action, 1, description="Changed")
    assert saved.updated_at > before
