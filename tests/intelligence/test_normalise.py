"""Normalisers: what a parent writes becomes one comparable key, the raw text is kept, nothing
ever crashes, and normalising twice changes nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relsafe.intelligence.linkage.normalise import (
    fold_plate,
    normalise_handle,
    normalise_name,
    normalise_nickname,
    normalise_phone,
    normalise_place,
    normalise_plate,
    normalise_postcode,
    parse_age,
    parse_gender,
    plate_matches,
)

any_text = st.text(max_size=60)


def test_one_uk_mobile_in_every_format_is_one_number() -> None:
    written = [
        "07911 123456",
        "+44 7911 123456",
        "0044 7911 123456",
        "447911123456",
        "(07911) 123-456",
        "07911.123.456",
        "+44 (0) 7911 123456",
    ]
    keys = {normalise_phone(w).key for w in written}  # type: ignore[union-attr]
    assert keys == {"+447911123456"}
    phone = normalise_phone("(07911) 123-456")
    assert phone is not None
    assert phone.raw == "(07911) 123-456"
    assert phone.valid


def test_an_invalid_number_is_kept_and_matched_on_its_digits() -> None:
    short = normalise_phone("0791 12345")
    assert short is not None
    assert not short.valid
    assert short.key == normalise_phone("0791-12345").key  # type: ignore[union-attr]
    assert normalise_phone("call me") is None


def test_confusable_plates_map_together_and_keep_what_was_written() -> None:
    a, b = normalise_plate("S0 B1G"), normalise_plate("5o 8ig")
    assert a is not None
    assert b is not None
    assert a.key == b.key
    assert (a.raw, a.text) == ("S0 B1G", "S0B1G")
    assert normalise_plate("kx61 abc").text == "KX61ABC"  # type: ignore[union-attr]


def test_partial_plates_match_the_start_or_end_of_a_full_one() -> None:
    start, end, full = (
        normalise_plate("KX61 ..."),
        normalise_plate("ends ABC"),
        normalise_plate("KX61 ABC"),
    )
    assert start is not None
    assert end is not None
    assert full is not None
    assert start.partial
    assert end.partial
    assert not full.partial
    assert plate_matches(start.key, full.key)
    assert plate_matches(end.key, full.key)
    assert not plate_matches(fold_plate("KX62"), full.key)


def test_handles_lose_platform_words_at_signs_and_case() -> None:
    forms = ["@Ghost_23", "ghost_23 on snap", "Snapchat: GHOST_23", "snapchat.com/add/ghost_23"]
    handles = [normalise_handle(f) for f in forms]
    assert {h.name for h in handles if h} == {"ghost_23"}
    assert handles[1].platform == "snapchat"  # type: ignore[union-attr]
    assert normalise_handle("instagram.com/tiny.9").platform == "instagram"  # type: ignore[union-attr]


def test_places_find_the_postcode_and_keep_the_words() -> None:
    place = normalise_place("chicken shop on Portswood Rd, so17 1ab")
    assert place is not None
    assert (place.postcode, place.outward) == ("SO17 1AB", "SO17")
    assert {"chicken", "shop", "portswood", "road"} <= place.tokens
    assert normalise_place("near SO14").outward == "SO14"  # type: ignore[union-attr]
    # A road number is not a postcode district.
    assert normalise_place("the A34 lay-by").outward is None  # type: ignore[union-attr]
    assert normalise_postcode("so143ab") == "SO14 3AB"


def test_names_fold_case_spacing_diminutives_and_spelling_by_sound() -> None:
    assert normalise_name("  MARCUS   o'reid ").text == "marcus oreid"  # type: ignore[union-attr]
    keys = {normalise_name(n).first_key for n in ["Jayden", "Jaiden", "Jaden"]}  # type: ignore[union-attr]
    assert len(keys) == 1
    assert normalise_name("Mo").first_key == normalise_name("Mohammed").first_key  # type: ignore[union-attr]
    assert normalise_nickname("Lil' G").key == normalise_nickname("little g").key == "lilg"  # type: ignore[union-attr]


def test_ages_and_genders_are_read_only_when_clear() -> None:
    assert parse_age("about 19") == (17, 21)
    assert parse_age("early 20s") == (20, 23)
    assert parse_age("late teens") == (16, 19)
    assert parse_age("18-20") == (18, 20)
    assert parse_age("no idea") is None
    assert parse_gender("boy") == "m"
    assert parse_gender("woman") == "f"
    assert parse_gender("not sure") is None


@given(any_text)
def test_phone_never_crashes_and_is_idempotent(raw: str) -> None:
    phone = normalise_phone(raw)
    if phone is not None:
        again = normalise_phone(phone.text)
        assert again is not None
        assert again.key == phone.key


@given(st.text(alphabet="0123456789 +()-.", max_size=20))
def test_phone_digits_and_punctuation_are_idempotent(raw: str) -> None:
    phone = normalise_phone(raw)
    if phone is not None:
        assert normalise_phone(phone.text).key == phone.key  # type: ignore[union-attr]


@given(any_text)
def test_plate_never_crashes_and_is_idempotent(raw: str) -> None:
    plate = normalise_plate(raw)
    if plate is not None:
        again = normalise_plate(plate.text)
        assert again is not None
        assert (again.key, again.partial) == (plate.key, plate.partial)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=5, max_size=7), st.data())
def test_confusable_plates_always_map_together(plate: str, data: st.DataObject) -> None:
    swap = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B"}
    flips = data.draw(st.lists(st.booleans(), min_size=len(plate), max_size=len(plate)))
    confused = "".join(swap.get(c, c) if f else c for c, f in zip(plate, flips, strict=True))
    assert normalise_plate(plate).key == normalise_plate(confused.lower()).key  # type: ignore[union-attr]


@given(any_text)
def test_handle_never_crashes_and_is_idempotent(raw: str) -> None:
    handle = normalise_handle(raw)
    if handle is not None:
        again = normalise_handle(handle.text)
        assert again is not None
        assert (again.platform, again.name) == (handle.platform, handle.name)


@given(any_text)
def test_place_never_crashes_and_is_idempotent(raw: str) -> None:
    place = normalise_place(raw)
    if place is not None:
        again = normalise_place(place.text)
        assert again is not None
        assert (again.postcode, again.outward, again.tokens) == (
            place.postcode,
            place.outward,
            place.tokens,
        )


@given(any_text)
def test_names_never_crash_and_are_idempotent(raw: str) -> None:
    name = normalise_name(raw)
    if name is not None:
        again = normalise_name(name.text)
        assert again is not None
        assert (again.first_key, again.last_key) == (
            name.first_key,
            name.last_key,
        )
    nick = normalise_nickname(raw)
    if nick is not None:
        assert normalise_nickname(nick.text).key == nick.key  # type: ignore[union-attr]


@given(any_text)
def test_age_and_gender_never_crash(raw: str) -> None:
    age = parse_age(raw)
    assert age is None or age[0] <= age[1]
    assert parse_gender(raw) in {None, "m", "f"}


def test_a_ten_megabyte_cell_is_cut_not_choked_on() -> None:
    huge = "0" * 10_000_000
    assert normalise_plate(huge) is None
    assert normalise_name("x" * 10_000_000) is not None
