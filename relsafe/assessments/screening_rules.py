"""The exploitation screening's checklist and its readable rules.

Our own list of indicators and protective factors (not a licensed tool). There is no score: the
practitioner sets the level and writes why. The rules below only stop a level that would clearly
under-state what was recorded, and each says so in plain words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    hint: str = ""


INDICATORS: tuple[ChecklistItem, ...] = (
    ChecklistItem("missing_episodes", "Has gone missing from home, care or school"),
    ChecklistItem("older_associates", "Spends time with older young people or adults"),
    ChecklistItem(
        "unexplained_money",
        "Has money, gifts, clothes or phones nobody can explain",
        "Or owes a debt",
    ),
    ChecklistItem("new_online_contacts", "New contacts online the family does not know"),
    ChecklistItem("secretive_phone", "Secretive about their phone, or has more than one phone"),
    ChecklistItem(
        "school_changes", "Changes at school", "Attendance, exclusions, a sudden fall in work"
    ),
    ChecklistItem("injuries", "Injuries nobody can explain, or that they will not talk about"),
    ChecklistItem("substance_use", "Drug or alcohol use"),
    ChecklistItem("unknown_places", "Goes to places nobody knows, or comes back late"),
    ChecklistItem("picked_up_in_cars", "Picked up or dropped off in cars by people not known"),
    ChecklistItem("carrying_weapons", "Carrying a weapon, or said to be"),
    ChecklistItem(
        "found_out_of_area", "Found out of their home area", "For example in another town or county"
    ),
    ChecklistItem("hotel_party_stays", "Stays at hotels, parties or addresses not known"),
    ChecklistItem("behaviour_change", "Sudden changes in behaviour, mood or friendships"),
    ChecklistItem("sexual_health", "Sexual health worries, or pregnancy"),
    ChecklistItem("relationships_with_adults", "Being groomed or controlled by an older person"),
)

PROTECTIVE_FACTORS: tuple[ChecklistItem, ...] = (
    ChecklistItem("trusted_adult", "Has a trusted adult they go to"),
    ChecklistItem("school_engagement", "Goes to school or college and has someone there"),
    ChecklistItem("positive_activities", "Positive activities: sport, clubs, interests"),
    ChecklistItem("family_support", "Family are supporting them and working with us"),
    ChecklistItem("safe_friendships", "Has safe friendships with people their own age"),
    ChecklistItem("talks_about_worries", "Talks about what is happening and what would help"),
    ChecklistItem("safe_places", "Has safe places to go"),
    ChecklistItem("health_support", "Has support for their health or wellbeing"),
)

INDICATOR_LABELS = {item.code: item.label for item in INDICATORS}
PROTECTIVE_LABELS = {item.code: item.label for item in PROTECTIVE_FACTORS}

# Indicators that on their own mean a child cannot be rated low.
SERIOUS_INDICATORS = frozenset({"found_out_of_area", "carrying_weapons"})
UNDER_AGE = 13
MANY_INDICATORS = 5
LONG_RATIONALE = 50

LOW, MEDIUM, HIGH = "low", "medium", "high"


@dataclass(frozen=True)
class RuleBreach:
    """A rule the chosen level breaks, with the field it belongs to and a message a worker can act on."""

    rule: str
    field: str
    message: str


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def check_level(
    *,
    level: str,
    indicators: dict[str, str] | set[str] | list[str],
    rationale: str,
    date_of_birth: dt.date | None,
    screened_on: dt.date,
) -> list[RuleBreach]:
    """Every rule the chosen level breaks, in the order a worker should read them. Empty means fine."""
    ticked = set(indicators)
    breaches: list[RuleBreach] = []
    if not (rationale or "").strip():
        breaches.append(
            RuleBreach(
                "rationale_required",
                "rationale",
                "Write why you chose this level: what you saw, what the family told you, "
                "and what keeps the child safe",
            )
        )
    if level != LOW:
        return breaches
    if date_of_birth is not None and ticked and age_on(date_of_birth, screened_on) < UNDER_AGE:
        breaches.append(
            RuleBreach(
                "under_13",
                "level",
                f"A child under {UNDER_AGE} cannot be rated low when any indicator is present. "
                "Choose medium or high, or untick indicators that do not apply",
            )
        )
    serious = sorted(ticked & SERIOUS_INDICATORS)
    if serious:
        names = " and ".join(f"'{INDICATOR_LABELS[c].lower()}'" for c in serious)
        breaches.append(
            RuleBreach(
                "serious_indicator",
                "level",
                f"The level cannot be low when {names} is ticked. Choose medium or high",
            )
        )
    if len(ticked) >= MANY_INDICATORS and len((rationale or "").strip()) < LONG_RATIONALE:
        breaches.append(
            RuleBreach(
                "many_indicators_low",
                "rationale",
                f"You ticked {len(ticked)} indicators and chose low: explain why in at least "
                f"{LONG_RATIONALE} characters",
            )
        )
    return breaches
