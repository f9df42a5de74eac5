"""The redactor that builds the police copy's free text: whatever surrounds a name, the name does
not survive as a word (Hypothesis), and words that merely contain a name are left alone."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from relsafe.intelligence.sanitise import Redactor

NAMES = {"Jayden Mensah": "Child A", "Jayden": "Child A", "JJ": "Child A", "Mensah": "[family]"}
redact = Redactor(NAMES)
WORD = re.compile(r"(?<!\w)(jayden|mensah|jj)(?!\w)", re.IGNORECASE)

filler = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)


@given(
    st.lists(st.tuples(filler, st.sampled_from(sorted(NAMES)), st.booleans()), max_size=6), filler
)
def test_no_name_survives_as_a_word(parts: list[tuple[str, str, bool]], tail: str) -> None:
    text = "".join(f"{before} {name.upper() if shout else name} " for before, name, shout in parts)
    text += tail
    assert WORD.search(redact(text)) is None


def test_words_that_contain_a_name_are_kept() -> None:
    assert redact("Jaydenville and the Mensahs' JJs") == "Jaydenville and the Mensahs' JJs"
    assert redact("Jayden Mensah's coat") == "Child A's coat"
    assert redact("jj and MENSAH") == "Child A and [family]"
