"""The linking engine: who it puts together, who it keeps apart, and analyst decisions that
stick. Small hand-made reports, each the shape of a real safeguarding situation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relsafe.intelligence.linkage import Decision, Kind, Linker, Mention, split

ROOT = Path(__file__).resolve().parents[2]


def m(mention_id: str, case: str, day: str = "2025-01-01", **fields: str) -> Mention:
    return Mention(mention_id=mention_id, case_ref=case, reported_on=day, **fields)


def same(linker: Linker, a: str, b: str) -> bool:
    return linker.person_of(a) == linker.person_of(b)


def background(n: int = 60) -> list[Mention]:
    """Other people reported across other cases, so common values look common."""
    names = ["Tyler", "Kai", "Jordan", "Connor", "Liam", "Reece"]
    nicks = ["Ghost", "Tiny", "Ghost", "Snow", "Ghost", "Tiny"]
    return [
        m(
            f"bg{i}",
            f"bg-case-{i}",
            name=f"{names[i % 6]} Person{i}",
            nickname=nicks[i % 6],
            phone=f"07700 9{i:05d}",
            gender="male",
        )
        for i in range(n)
    ]


def test_one_phone_written_two_ways_with_a_spelling_variant_is_one_person() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("a", "case-1", name="Marcus Reid", phone="07911 123456", gender="male"),
            m("b", "case-2", name="Markus Reed", phone="+44 7911 123456", gender="m"),
        ]
    )
    assert same(linker, "a", "b")


def test_a_plate_with_confused_letters_links_two_reports() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("a", "case-1", nickname="Snow", vehicle="SO61 BIG", vehicle_desc="grey Audi"),
            m("b", "case-2", nickname="snow", vehicle="5o6i 8ig"),
        ]
    )
    assert same(linker, "a", "b")


def test_a_shared_deal_line_does_not_merge_the_people_using_it() -> None:
    line = "07911 555000"
    people = [("Tyler Khan", "Tiny"), ("Jamal Smith", "Ghost"), ("Dwayne Ali", "Bigs")]
    reports = [
        m(f"{i}-{j}", f"case-{i}{j}", name=name, nickname=nick, phone=line, gender="male")
        for i, (name, nick) in enumerate(people)
        for j in range(3)
    ]
    linker = Linker.relink([*background(), *reports])
    assert same(linker, "0-0", "0-2")
    assert same(linker, "2-0", "2-1")
    assert not same(linker, "0-0", "1-0")
    assert not same(linker, "1-0", "2-0")


def test_a_common_street_name_alone_is_not_enough() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("a", "case-1", nickname="Ghost", location="SO14"),
            m("b", "case-2", nickname="Ghost", location="SO14"),
        ]
    )
    assert not same(linker, "a", "b")


def test_two_people_named_in_one_report_are_two_people() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("a", "case-1", "2025-03-01", name="Jay", nickname="Lil J", phone="07911 100200"),
            m("b", "case-1", "2025-03-01", name="Jay", nickname="Lil J"),
        ]
    )
    assert not same(linker, "a", "b")


def test_a_third_report_joins_a_nickname_with_a_phone_to_a_name_with_a_plate() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("phone", "case-1", nickname="Blade", phone="07911 222333", gender="male"),
            m("plate", "case-2", name="Omar Farah", vehicle="KX61 ABC", gender="male"),
            m(
                "both",
                "case-3",
                name="Omar Farah",
                nickname="Blade",
                phone="07911 222333",
                vehicle="KX61ABC",
                gender="male",
            ),
        ]
    )
    assert same(linker, "phone", "plate")


def test_incremental_add_says_where_else_the_person_phone_and_vehicle_were_reported() -> None:
    linker = Linker.relink(
        [
            *background(),
            m("a", "case-1", name="Marcus Reid", phone="07911 123456", vehicle="KX61 ABC"),
            m("b", "case-2", name="Marcus Reid", phone="07911123456"),
        ]
    )
    result = linker.add(m("c", "case-3", name="Marcus", phone="+447911 123456", vehicle="kx61abc"))
    assert result.person_id == linker.person_of("a")
    assert result.person_other_cases == {"case-1", "case-2"}
    assert result.phone_other_cases == {"case-1", "case-2"}
    assert result.vehicle_other_cases == {"case-1"}
    assert linker.cases_for("phone", "07911 123 456") == {"case-1", "case-2", "case-3"}
    with pytest.raises(ValueError, match="is already linked"):
        linker.add(m("c", "case-3"))


def test_person_ids_are_the_earliest_mention_and_stay_put_as_mentions_arrive() -> None:
    linker = Linker.relink([*background(), m("first", "case-1", name="Zane Osei", phone="07911 1")])
    linker.add(m("second", "case-2", name="Zane Osei", phone="079111"))
    assert linker.person_of("second") == "first"
    assert linker.people()["first"] == ["first", "second"]


def test_a_confirmed_link_sticks_through_every_relink_and_add() -> None:
    reports = [
        *background(),
        m("a", "case-1", nickname="Ghost", location="SO14"),
        m("b", "case-2", nickname="Ghost", location="SO14"),
    ]
    decisions = [Decision(Kind.SAME, "a", "b")]
    assert same(Linker.relink(reports, decisions), "a", "b")
    linker = Linker(decisions)
    for report in reports:
        linker.add(report)
    assert same(linker, "a", "b")


def test_a_split_sticks_through_every_relink_and_add() -> None:
    reports = [
        *background(),
        m("a", "case-1", name="Marcus Reid", phone="07911 123456"),
        m("b", "case-2", name="Marcus Reid", phone="07911 123456"),
        m("c", "case-3", name="Marcus Reid", phone="07911 123456"),
    ]
    assert same(Linker.relink(reports), "a", "c")
    decisions = split(["a", "b"], ["c"])
    relinked = Linker.relink(reports, decisions)
    assert same(relinked, "a", "b")
    assert not same(relinked, "a", "c")
    incremental = Linker(decisions)
    for report in reports:
        incremental.add(report)
    assert not same(incremental, "a", "c")
    # A fourth report matching both cannot join them back together.
    incremental.add(m("d", "case-4", name="Marcus Reid", phone="07911 123456"))
    assert not same(incremental, "a", "c")


def test_a_newer_decision_overrides_an_older_one_it_contradicts() -> None:
    reports = [*background(), m("a", "case-1", nickname="Ghost"), m("b", "case-2", nickname="Tiny")]
    linker = Linker.relink(
        reports, [Decision(Kind.SAME, "a", "b"), Decision(Kind.DIFFERENT, "a", "b")]
    )
    assert not same(linker, "a", "b")
    assert linker.superseded == (Decision(Kind.SAME, "a", "b"),)


def test_the_index_survives_a_dump_and_load(tmp_path: Path) -> None:
    linker = Linker.relink([*background(), m("a", "case-1", name="Kai Brown", phone="07911 7")])
    linker.dump(str(tmp_path / "index.pickle"))
    loaded = Linker.load(str(tmp_path / "index.pickle"))
    result = loaded.add(m("b", "case-2", name="Kai Brown", phone="079117"))
    assert result.person_id == "a"
    assert result.phone_other_cases == {"case-1"}


def test_the_engine_imports_nothing_from_django() -> None:
    code = (
        "import sys, relsafe.intelligence.linkage as l, relsafe.intelligence.linkage.csvio; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], "
        "sorted(m for m in sys.modules if m.startswith('django'))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_decision_applies_at_once_without_a_full_relink() -> None:
    reports = [
        *background(),
        m("a", "case-1", name="Marcus Reid", phone="07911 123456"),
        m("b", "case-2", name="Marcus Reid", phone="07911 123456"),
        m("c", "case-3", nickname="Ghost", location="SO14"),
    ]
    by_id = {r.mention_id: r for r in reports}
    linker = Linker.relink(reports)
    assert same(linker, "a", "b")
    assert not same(linker, "a", "c")
    decisions = [Decision(Kind.DIFFERENT, "a", "b")]
    assert linker.decide(decisions, by_id) == {"a"}
    assert not same(linker, "a", "b")
    decisions.append(Decision(Kind.SAME, "b", "c"))
    linker.decide(decisions, by_id)
    assert same(linker, "b", "c")
    assert not same(linker, "a", "b")
    # The next report that matches both Marcus Reids still cannot join them.
    linker.add(m("d", "case-4", name="Marcus Reid", phone="07911 123456"))
    assert not same(linker, "a", "b")


def test_a_mention_id_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        Linker.relink([m("a", "case-1", name="Kai"), m("a", "case-2", name="Kai")])
