"""A mention (one person of concern as one report describes them) and its prepared features."""

from __future__ import annotations

from dataclasses import dataclass, fields

from relsafe.intelligence.linkage import normalise as n

# The columns of the link_mentions CSV, in order; only mention_id may be empty-free.
MENTION_FIELDS: tuple[str, ...] = (
    "mention_id",
    "case_ref",
    "reported_on",
    "name",
    "nickname",
    "age_estimate",
    "gender",
    "phone",
    "vehicle",
    "vehicle_desc",
    "handle",
    "location",
    "description",
)

_COLOURS = frozenset(
    [
        "black",
        "white",
        "grey",
        "gray",
        "silver",
        "red",
        "blue",
        "green",
        "yellow",
        "orange",
        "purple",
        "brown",
        "gold",
        "beige",
        "maroon",
    ]
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One person of concern as one report describes them, every field as the writer put it.

    ``case_ref`` is the case (family) the report came from and ``reported_on`` its date (any text;
    ISO dates are best): two different mentions from the same case on the same day are taken to be
    two different people, because a report lists each person once.
    """

    mention_id: str
    case_ref: str = ""
    reported_on: str = ""
    name: str = ""
    nickname: str = ""
    age_estimate: str = ""
    gender: str = ""
    phone: str = ""
    vehicle: str = ""
    vehicle_desc: str = ""
    handle: str = ""
    location: str = ""
    description: str = ""

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Mention:
        """Build from a CSV/dict row; unknown keys are ignored, missing ones are empty."""
        return cls(**{f.name: (row.get(f.name) or "") for f in fields(cls)})


@dataclass(slots=True)
class Features:
    """What the linker compares, derived once from a mention by the normalisers."""

    mention_id: str
    case_ref: str
    report_key: tuple[str, str] | None
    first: str | None
    first_key: str | None
    last: str | None
    last_key: str | None
    single_name: bool  # one word: a first name or a surname; the linker decides which
    nick: str | None
    phone: str | None
    plate: str | None
    plate_partial: bool
    handle: str | None
    handle_platform: str | None
    age: tuple[int, int] | None
    gender: str | None
    postcode: str | None
    outward: str | None
    place_tokens: frozenset[str]
    colour: str | None
    make: str | None

    def name_keys(self) -> list[str]:
        """Keys saying "who this is called" (to count how many people share a phone or plate)."""
        keys = []
        if self.first_key:
            keys.append("f:" + self.first_key)
        if self.nick:
            keys.append("n:" + self.nick)
        return keys


def prepare(mention: Mention) -> Features:
    """Normalise every field of a mention; raw text stays on the Mention itself."""
    name = n.normalise_name(mention.name)
    nick = n.normalise_nickname(mention.nickname)
    phone = n.normalise_phone(mention.phone)
    plate = n.normalise_plate(mention.vehicle)
    handle = n.normalise_handle(mention.handle)
    place = n.normalise_place(mention.location)
    colour = make = None
    if mention.vehicle_desc:
        for word in mention.vehicle_desc[: n.MAX_FIELD].lower().split():
            word = word.strip(".,;:()")
            if word in _COLOURS:
                colour = "grey" if word == "gray" else word
            elif make is None and word.isalpha() and len(word) > 2 and word not in {"car", "van"}:
                make = word
    case = mention.case_ref.strip()
    day = mention.reported_on.strip()[:10]
    return Features(
        mention_id=mention.mention_id,
        case_ref=case,
        report_key=(case, day) if case and day else None,
        first=name.first if name else None,
        first_key=name.first_key if name else None,
        last=name.last if name else None,
        last_key=name.last_key if name else None,
        single_name=bool(name and name.last is None and name.first_key),
        nick=nick.key if nick else None,
        phone=phone.key if phone else None,
        plate=plate.key if plate else None,
        plate_partial=plate.partial if plate else False,
        handle=handle.name if handle else None,
        handle_platform=handle.platform if handle else None,
        age=n.parse_age(mention.age_estimate),
        gender=n.parse_gender(mention.gender),
        postcode=place.postcode if place else None,
        outward=place.outward if place else None,
        place_tokens=place.tokens if place else frozenset(),
        colour=colour,
        make=make,
    )
