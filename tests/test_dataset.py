"""The bundled BRI timeline holds the article's dated facts, each as the article gives it.

The expected values are read off the seed article by hand. Where the article
itself is at hand (``../shared/seed/article.txt`` beside the clone, as in CI),
quotes, names and roles are also checked against its text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bri_timeline import (
    AllDay,
    OpenEnded,
    PartialDate,
    Relation,
    load,
    load_bri,
    relation,
    to_edtf,
    to_ics,
)
from bri_timeline.formats.toml import BRI_DATA
from bri_timeline.model.describe import describe

ARTICLE = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "article.txt"

TIMELINE = load_bri()
BRI_TEXT = (Path(__file__).resolve().parents[1] / "src" / BRI_DATA).read_text(encoding="utf-8")

EDTF = {
    "chinese-immigration-peru": "18XX",
    "peru-china-fta": "2009/..",
    "bri-meeting-lima": "2024-11-08",
    "belt-and-road-portal-spanish": "2024-11-08",
    "bri-latin-america-liaison-office": "2024-11-08",
    "apec-summit-2024": "2024-11-13/2024-11-15",
    "chancay-port-inauguration": "2024-11-14",
}

SPEAKERS = [
    # name, title, organization: as the article words them
    ("Ángel Manuel Manero Campos", "Peru’s Minister of Agrarian Development and Irrigation", None),
    (
        "Victor Arroyo",
        "Peru’s Director General of Policies and Regulation in Multimodal Transport",
        None,
    ),
    ("Gonzalo Gutierrez Reinel", "secretary general", "Andean Community"),
    ("Jorge Chain", "general manager", "Peru-China Chamber of Commerce"),
]


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the seed article is not beside the clone ({ARTICLE})")
    return ARTICLE.read_text(encoding="utf-8")


def test_the_seven_dated_events_and_their_edtf() -> None:
    assert {event.id: to_edtf(event.time) for event in TIMELINE} == EDTF
    assert len(TIMELINE) == 7


def test_the_meetings_four_speakers_with_their_roles() -> None:
    meeting = TIMELINE.get("bri-meeting-lima")
    found = [(p.name, p.title, p.organization) for p in meeting.attendees]
    assert found == SPEAKERS
    assert meeting.participants == ()


def test_speakers_names_roles_and_organizations_are_the_articles_words(article: str) -> None:
    for name, role, organization in SPEAKERS:
        assert name in article
        assert role in article
        if organization is not None:
            assert organization in article


def test_every_event_quotes_the_article_verbatim(article: str) -> None:
    for event in TIMELINE:
        assert event.source is not None, event.id
        assert event.source.quote in article, event.id


def test_every_quote_stands_in_the_paragraph_its_locator_names(article: str) -> None:
    paragraphs = article.split("\n")
    for event in TIMELINE:
        assert event.source is not None
        assert event.source.locator is not None
        number = int(event.source.locator.removeprefix("paragraph "))
        assert event.source.quote in paragraphs[number - 1], event.id


def test_every_date_the_article_gives_is_quoted_by_some_event(article: str) -> None:
    phrases = ["19th century", "since 2009", "November 8", "November 13-15", "November 14"]
    quotes = " ".join(event.source.quote for event in TIMELINE if event.source is not None)
    for phrase in phrases:
        assert phrase in article
        assert phrase in quotes, phrase


def test_the_year_2024_is_nowhere_in_the_article(article: str) -> None:
    """Which is why every November date carries a note that its year was inferred."""
    assert "2024" not in article


def test_every_november_2024_event_notes_that_its_year_is_inferred() -> None:
    november = [e for e in TIMELINE if isinstance(e.time, AllDay) and e.time.first.year == 2024]
    assert {e.id for e in november} == {
        "bri-meeting-lima",
        "belt-and-road-portal-spanish",
        "bri-latin-america-liaison-office",
        "apec-summit-2024",
        "chancay-port-inauguration",
    }
    for event in november:
        notes = [note.reason for note in event.inferred if note.field == "when"]
        assert notes, event.id
        assert any("2024" in reason for reason in notes), event.id


def test_chancay_is_inaugurated_during_apec() -> None:
    chancay = TIMELINE.get("chancay-port-inauguration")
    apec = TIMELINE.get("apec-summit-2024")
    assert relation(chancay, apec) is Relation.DURING
    assert apec.time == AllDay(date(2024, 11, 13), date(2024, 11, 15))
    assert chancay.time == AllDay(date(2024, 11, 14))


def test_the_meeting_is_ahead_of_apec_and_announces_the_portal_and_office() -> None:
    meeting = TIMELINE.get("bri-meeting-lima")
    assert relation(meeting, TIMELINE.get("apec-summit-2024")) is Relation.BEFORE
    for announced in ("belt-and-road-portal-spanish", "bri-latin-america-liaison-office"):
        assert relation(TIMELINE.get(announced), meeting) is Relation.EQUALS
    assert meeting.location is not None
    assert meeting.location.name == "Lima"


def test_the_fta_is_a_year_open_ended_not_a_day() -> None:
    fta = TIMELINE.get("peru-china-fta").time
    assert isinstance(fta, OpenEnded)
    assert fta.start == PartialDate.of_year(2009)
    assert describe(fta) == "since 2009"


def test_the_immigration_is_the_19th_century_not_a_day() -> None:
    immigration = TIMELINE.get("chinese-immigration-peru").time
    assert immigration == PartialDate.of_century(1800)
    assert isinstance(immigration, PartialDate)
    assert (immigration.first_day, immigration.last_day) == (date(1800, 1, 1), date(1899, 12, 31))
    assert describe(immigration) == "19th century"


def test_chronological_order_tells_the_articles_story() -> None:
    order = [event.id for event in TIMELINE]
    assert order[:2] == ["chinese-immigration-peru", "peru-china-fta"]
    assert set(order[2:5]) == {
        "bri-meeting-lima",
        "belt-and-road-portal-spanish",
        "bri-latin-america-liaison-office",
    }
    assert order[5:] == ["apec-summit-2024", "chancay-port-inauguration"]


def test_dated_events_overlap_only_on_the_meeting_day_and_during_apec() -> None:
    """Leaving out the open-ended FTA, which overlaps everything after 2009."""
    pairs = {
        (p.first.id, p.second.id): p.certain
        for p in TIMELINE.overlapping_pairs()
        if p.first.id != "peru-china-fta"
    }
    day_of_meeting = {
        ("belt-and-road-portal-spanish", "bri-latin-america-liaison-office"),
        ("belt-and-road-portal-spanish", "bri-meeting-lima"),
        ("bri-latin-america-liaison-office", "bri-meeting-lima"),
    }
    assert pairs == dict.fromkeys(day_of_meeting, True) | {
        ("apec-summit-2024", "chancay-port-inauguration"): True
    }


def test_every_source_cites_the_article_not_a_file_of_ours() -> None:
    """A citation a reader can follow: the article and its month, never our seed's file name."""
    for event in TIMELINE:
        assert event.source is not None
        assert event.source.document is not None
        assert event.source.document == TIMELINE.info.source
        assert event.source.document.startswith("News article, November 2024")
        assert event.source.locator is not None
        assert event.source.locator.startswith("paragraph ")
    for text in (BRI_TEXT, to_ics(TIMELINE).decode("utf-8")):
        assert "article.txt" not in text
        assert "seed file" not in text


def test_the_bundled_data_is_the_file_in_the_source_tree() -> None:
    """load_bri() reads the package's data file, the one a user can read with load()."""
    source_tree = Path(__file__).resolve().parents[1] / "src" / BRI_DATA
    assert source_tree.is_file()
    assert load(source_tree).info == TIMELINE.info
    assert list(load(source_tree)) == list(TIMELINE)
