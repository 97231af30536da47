"""Municipality profiles (issue 12): validation messages in both languages, and the store's
save / read / replace / forget on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from mixdecide.plan import default_profile
from mixdecide.profile import ProfileError, check_profile
from mixdecide.store.db import session_scope
from mixdecide.store.profiles import delete_profile, get_profile, profile_names, save_profile

TIERS = [
    {"up_to": 50_000, "authority": "Director", "body": "staff"},
    {"up_to": "250,000", "authority": "Committee of the whole", "body": "committee"},
    {"up_to": None, "authority": "Council", "body": "council"},
]
MEETINGS = [
    {"date": "2026-05-14", "body": "council"},
    {"date": dt.date(2026, 4, 2), "body": "committee"},
    {"date": "", "body": ""},  # a blank row in the editor is skipped (a body with no date is not: r12 F8)
]


def test_a_valid_profile_is_cleaned_and_sorted() -> None:
    p = check_profile("  Guelph ", TIERS, MEETINGS)
    assert p.name == "Guelph"
    assert [x.up_to for x in p.tiers] == [50_000, 250_000, None]
    assert [m.date for m in p.meetings] == [dt.date(2026, 4, 2), dt.date(2026, 5, 14)]
    assert p.approver(250_000).authority == "Committee of the whole"
    assert p.approver(250_001).authority == "Council"
    assert p.approver(None).authority == "Council"  # unknown value: the highest level
    assert p.next_meeting("council", dt.date(2026, 4, 3)) == dt.date(2026, 5, 14)


@pytest.mark.parametrize(
    ("tiers", "meetings", "en", "fr"),
    [
        ([], [], "Add at least one approval level", "Ajoutez au moins un niveau"),
        (
            [
                {"up_to": 100_000, "authority": "A"},
                {"up_to": 50_000, "authority": "B"},
                {"up_to": None, "authority": "C"},
            ],
            [],
            "higher than the level before ($100,000)",
            "dépasser celle du niveau précédent (100\u00a0000\u00a0$)",
        ),
        (
            [{"up_to": 100_000, "authority": "A"}],
            [],
            "leave its upper value empty",
            "laissez sa valeur maximale vide",
        ),
        ([{"up_to": "lots", "authority": "A"}], [], "must be a number of dollars", "doit être un montant"),
        (
            [{"up_to": 1000, "authority": ""}, {"up_to": None, "authority": "C"}],
            [],
            "say who approves",
            "indiquez qui approuve",
        ),
        (
            [{"up_to": None, "authority": "Council", "body": "council"}],
            [],
            "no council meeting date",
            "aucune date de réunion du conseil",
        ),
        (
            [{"up_to": None, "authority": "C", "body": "council"}],
            [{"date": "14/05/2026", "body": "council"}],
            "use YYYY-MM-DD",
            "utilisez AAAA-MM-JJ",
        ),
    ],
)
def test_bad_profiles_are_refused_with_a_plain_message(tiers, meetings, en, fr) -> None:
    with pytest.raises(ProfileError) as exc_en:
        check_profile("X", tiers, meetings, "en")
    assert any(en in p for p in exc_en.value.problems), exc_en.value.problems
    with pytest.raises(ProfileError) as exc_fr:
        check_profile("X", tiers, meetings, "fr")
    assert any(fr in p for p in exc_fr.value.problems), exc_fr.value.problems


def test_the_default_profile_is_valid_and_has_meetings(pack) -> None:
    p = default_profile(pack, dt.date(2026, 7, 1), "fr")
    assert p is not None
    again = check_profile("", [x.model_dump() for x in p.tiers], [m.model_dump() for m in p.meetings])
    # the same levels and meetings; typed back in, a level is the municipality's own, no longer
    # the tool's illustrative one
    assert all(x.illustrative for x in p.tiers) and not any(x.illustrative for x in again.tiers)
    assert again == p.model_copy(
        update={"tiers": tuple(x.model_copy(update={"illustrative": False}) for x in p.tiers)}
    )
    assert p.tiers[-1].authority == "Conseil municipal" and p.tiers[-1].up_to is None
    assert not any(m.date.month == 8 for m in p.meetings)  # summer recess
    assert all(m.date.weekday() == 1 for m in p.meetings)  # Tuesdays


def test_store_saves_reads_replaces_and_forgets(engine) -> None:
    first = check_profile("Guelph", TIERS, MEETINGS)
    with session_scope(engine) as s:
        assert get_profile(session=s, name="Guelph") is None
        save_profile(session=s, profile=first, actor="Ana")
    with session_scope(engine, readonly=True) as s:
        assert get_profile(session=s, name=" Guelph ") == first
    second = check_profile("Guelph", TIERS[2:], MEETINGS[:1])
    with session_scope(engine) as s:
        save_profile(session=s, profile=second, actor="Ana")
    with session_scope(engine) as s:
        assert get_profile(session=s, name="Guelph") == second
        assert profile_names(session=s) == ["Guelph"]
        assert delete_profile(session=s, name="Guelph", actor="Ana") is True
        assert get_profile(session=s, name="Guelph") is None
