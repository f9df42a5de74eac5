"""The safety-scale chart: a line and a marker shape per voice, a description, dates never overlap."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relsafe.assessments.charts import (
    MIN_LABEL_GAP,
    ScalePoint,
    _label_dates,
    _x,
    describe,
    scale_chart_svg,
)

# Timing varies under parallel runs; these tests are about values, not speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _points() -> list[ScalePoint]:
    return [
        ScalePoint(dt.date(2026, 1, 5), {"worker": 2, "parent": 2, "young_person": None}),
        ScalePoint(dt.date(2026, 3, 5), {"worker": 4, "parent": None, "young_person": 3}),
        ScalePoint(dt.date(2026, 8, 5), {"worker": 7, "parent": 7, "young_person": 7}),
    ]


def test_chart_has_a_line_per_voice_with_different_styles_and_a_legend() -> None:
    svg = str(scale_chart_svg(_points(), chart_id="c1", title="Scale for <Jay>"))
    assert svg.count("<g data-voice=") == 3
    assert 'stroke-dasharray="8 4"' in svg  # parent dashed
    assert 'stroke-dasharray="2 4"' in svg  # young person dotted
    assert "<rect" in svg
    assert "<polygon" in svg
    assert "<circle" in svg
    for legend in ("Worker", "Parent or carer", "Young person"):
        assert f">{legend}</text>" in svg
    assert "Other agency" not in svg  # no line or legend for a voice never recorded
    assert "&lt;Jay&gt;" in svg
    assert "<Jay>" not in svg
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "style=" not in svg  # the strict CSP forbids inline styles


def test_a_missing_view_leaves_a_gap_rather_than_a_made_up_line() -> None:
    svg = str(scale_chart_svg(_points(), chart_id="c", title="t"))
    parent_path = svg.split('data-voice="parent"')[1].split('d="')[1].split('"')[0]
    assert parent_path.count("M") == 2
    assert "L" not in parent_path


def test_description_reads_the_first_and_latest_values() -> None:
    text = describe(_points(), ["worker", "parent"])
    assert "Worker: from 2 on 5 January 2026 to 7 on 5 August 2026." in text
    assert describe([], ["worker"]) == "No safety scale recorded yet."


@relaxed
@given(
    st.lists(
        st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 1, 1)),
        min_size=1,
        max_size=30,
    )
)
def test_date_labels_never_overlap_and_the_latest_is_labelled(dates: list[dt.date]) -> None:
    dates = sorted(dates)
    labelled = _label_dates(dates)
    xs = [_x(i, dates) for i in labelled]
    assert all(b - a >= MIN_LABEL_GAP - 0.01 for a, b in itertools.pairwise(xs))
    assert labelled[0] == 0
    if len(dates) > 1 and len(labelled) > 1:
        assert labelled[-1] == len(dates) - 1
