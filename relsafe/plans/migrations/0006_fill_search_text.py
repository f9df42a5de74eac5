"""Fill ``search_text`` for plans, actions and referrals recorded before search existed, in
batches (one transaction per batch, so nothing holds the tables for long). Only rows still empty
are touched: on a database where 0004 already filled them in its earlier form this changes nothing.

The words are built as ``relsafe.plans.search`` built them when search was added, frozen here so a
later change to the live builders cannot change what this migration does; a referral's kind is
named from the historical model's choices. Going back empties ``search_text`` again."""

from django.db import migrations

from relsafe.core.migration_operations import backfill, search_document_v1


def fill_plan(model, plan):
    plan.search_text = search_document_v1(plan.summary)
    return bool(plan.search_text)


def fill_action(model, action):
    action.search_text = search_document_v1(action.description, action.owner_name)
    return bool(action.search_text)


def fill_referral(model, referral):
    kinds = dict(model._meta.get_field("kind").choices)
    referral.search_text = search_document_v1(
        kinds.get(referral.kind, ""), referral.reference, referral.outcome
    )
    return bool(referral.search_text)


def _fill(model_name, fill):
    return backfill(
        "plans",
        model_name,
        fields=["search_text"],
        fill=fill,
        where={"search_text": ""},
        undo={"search_text": ""},
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("plans", "0005_full_text_search")]

    operations = [
        _fill("Plan", fill_plan),
        _fill("PlanAction", fill_action),
        _fill("Referral", fill_referral),
    ]
