"""The words of the portal's own scales: a parent's check-in and a young person's "who I trust".

Our own wording, written for relsafe (no licensed instrument: Outcomes Star's scales and words are
licensed, PRODUCT.md §3). Each point of a 1-5 scale has a sentence, so a parent chooses the
sentence that sounds like them rather than a bare number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    field: str
    question: str
    short: str  # the column heading and the chart's legend
    points: tuple[str, str, str, str, str]  # the sentence at 1, 2, 3, 4 and 5


CHECK_IN_SCALES: tuple[Scale, ...] = (
    Scale(
        field="coping",
        question="How are you coping at the moment?",
        short="Coping",
        points=(
            "I am struggling to get through each day.",
            "Most days feel very hard.",
            "Some days are hard, some are manageable.",
            "I am mostly managing, with some hard moments.",
            "I feel I am coping well right now.",
        ),
    ),
    Scale(
        field="understanding",
        question="How well do you understand what is happening to your child?",
        short="Understanding",
        points=(
            "I do not understand what is happening.",
            "I understand a little, but a lot is confusing.",
            "I understand some of how exploitation works.",
            "I understand most of it and can spot some signs.",
            "I understand how exploitation works and what the signs are.",
        ),
    ),
    Scale(
        field="confidence",
        question="How confident do you feel working with the police, school and other services?",
        short="Confidence with services",
        points=(
            "I do not feel able to talk to them at all.",
            "I find it very hard and often feel unheard.",
            "I can talk to them, but it is hard.",
            "I mostly feel listened to and can ask for what we need.",
            "I feel confident working with them as a partner.",
        ),
    ),
)

# "Who I trust": each statement rated 1-5 for one named adult, built on "I have someone to go to
# who genuinely cares about me and my future. They do things to actually help me. I feel safe
# with them and can trust them."
TRUST_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("cares", "They really care about me and what happens to me in the future."),
    ("helps", "They do things that actually help me."),
    ("feels_safe", "I feel safe when I am with them."),
    ("trusts", "I can trust them."),
)

TRUST_POINTS: tuple[str, str, str, str, str] = (
    "Not at all",
    "A little",
    "Sometimes",
    "Mostly",
    "Totally",
)


def point_label(points: tuple[str, ...], value: int | None) -> str:
    """The sentence at ``value`` (1-5), or an empty string."""
    if value is None or not 1 <= value <= len(points):
        return ""
    return points[value - 1]
