"""Dates of events read against the article's date, and inputs at the ends of the calendar."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def meeting_dates(x):
    return {i.date.isoformat() for i in x.infos if i.entity.cls.value == "Meeting" and i.date}


@pytest.mark.parametrize(("article", "text", "expected"), [
    ("2024-08-24", "The sixth plenary session of the 10th CPC Hebei Provincial Committee was held on the 23rd.",
     "2024-08-23"),
    ("2024-09-02", "The sixth plenary session of the 10th CPC Hebei Provincial Committee was held on the 30th.",
     "2024-08-30"),
    ("2021-11-05", "The fifth plenary session of the 12th CPC Shanxi Provincial Committee was held from Oct 25-29.",
     "2021-10-25"),
    ("2023-10-14", "The third plenary session of the 11th CPC Hunan Provincial Committee met on October 12 and 13.",
     "2023-10-12"),
    ("2024-01-10", "The third plenary session of the 12th CPC Fujian Provincial Committee met on December 28.",
     "2023-12-28"),
    # the day first, as British-style portals write it
    ("2020-12-20", "The 10th plenary session of the 14th CPC Jinhua Municipal Committee was held on 16 December 2020.",
     "2020-12-16"),
    ("2022-02-16", "The 13th CPC Zibo Municipal Congress was held from 11 to 15 February.", "2022-02-11"),
    ("2024-01-05", "The fourth plenary session of the 12th CPC Fujian Provincial Committee met on the 28th of December.",
     "2023-12-28"),
])
def test_a_meeting_takes_the_date_its_sentence_gives(extract, article, text, expected):
    assert meeting_dates(extract(f" date {article} {text}")) == {expected}


@pytest.mark.parametrize(("article", "text"), [
    ("2024-01-15", "The plenary session of the CPC Hunan Provincial Committee met on February 29."),
    ("9999-12-31", "The plenary session of the CPC Hunan Provincial Committee met on December 25."),
    ("0001-01-01", "The plenary session of the CPC Hunan Provincial Committee met on Sunday."),
    ("0001-01-01", "The plenary session of the CPC Hunan Provincial Committee met on May 31."),
    ("2024-03-01", "The 0th plenary session of the CPC Hunan Provincial Committee met on the 31st."),
])
def test_dates_at_the_ends_of_the_calendar_never_crash(extract, article, text):
    x = extract(f" date {article} {text}")
    assert any(m.entity.cls.value == "Meeting" for m in x.mentions)
