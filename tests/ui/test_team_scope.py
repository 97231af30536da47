"""Team mode through the real app (AppTest): an editor of another organisation sees none of an
organisation's local cases (the Portfolio's case library, the Recommendation's similar cases) and
none of its municipality profiles (the Plan), while that organisation's own members do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mixdecide import load_pack
from mixdecide.engine import assess
from mixdecide.i18n import t
from mixdecide.profile import check_profile
from mixdecide.sharing import ShareChoices, anonymised_case
from mixdecide.store import (
    access,
    add_local_cases,
    create_assessment,
    make_engine,
    session_scope,
    set_role,
    sign_in,
    upgrade,
)
from mixdecide.store.profiles import save_profile
from tests.helpers.apptest import goto, texts
from tests.ui.test_team_access import LOU, OWEN, team_app

PACK = load_pack()
BEA = {"is_logged_in": True, "sub": "sub-bea", "email": "bea@london.ca", "name": "Bea London"}
ANSWERS = {"estimated_value_cad": 250_000}
CASE_ID = "shared_guelph_only"  # the library shows each case's id
TIERS = [
    {"up_to": 50_000, "authority": "Director", "body": "staff"},
    {"up_to": None, "authority": "Council", "body": "council"},
]
DEFAULT_NOTE = t("plan.profile.using_default", "en")


@pytest.fixture(autouse=True)
def _single_user_afterwards() -> Iterator[None]:
    yield
    access.configure(team=False)


@pytest.fixture
def world() -> dict[str, Any]:
    """Guelph (admin Owen) keeps a local case and a profile for "Guelph"; London has an editor, Bea,
    with an assessment that names the municipality Guelph too."""
    engine = make_engine()  # MIXDECIDE_DB_PATH: this test's file (tests/ui/conftest.py)
    upgrade(engine)
    with session_scope(engine) as s:
        owen = sign_in(session=s, subject="sub-owen", email=OWEN["email"], name=OWEN["name"], org="guelph",
                       admins=[OWEN["email"]])  # fmt: skip
        lou = sign_in(session=s, subject="sub-lou", email=LOU["email"], name=LOU["name"], org="london",
                      admins=[LOU["email"]])  # fmt: skip
        bea = sign_in(session=s, subject="sub-bea", email=BEA["email"], name=BEA["name"], org="london")
        set_role(session=s, subject=bea.subject, role="editor", principal=lou)
    bea = bea.__class__(**{**bea.__dict__, "role": "editor"})
    case = anonymised_case(
        PACK,
        assessment_id="0123456789abcdef0123456789abcdef",
        title="t",
        municipality="m",
        answers=ANSWERS,
        outcome={"route": assess(PACK, ANSWERS).top, "outcome": "scaled"},
        year=2025,
        choices=ShareChoices(source_url="https://example.org/award/1"),
    ).model_dump(mode="json", exclude_defaults=True)
    case["id"] = CASE_ID
    with session_scope(engine) as s:
        add_local_cases(session=s, pack_id=PACK.id, cases=[case], principal=owen)
        save_profile(
            session=s,
            profile=check_profile("Guelph", TIERS, [{"date": "2099-05-14", "body": "council"}]),
            principal=owen,
        )
    ids = {}
    for who, p in (("owen", owen), ("bea", bea)):
        with session_scope(engine) as s:
            ids[who] = create_assessment(
                session=s, title=f"Road salt ({who})", municipality="Guelph", department="Works",
                owner=who, pack=PACK, answers=ANSWERS, principal=p,
            ).id  # fmt: skip
    return {"engine": engine, "ids": ids}


def test_another_organisations_editor_sees_none_of_its_local_cases_or_profiles(world):
    bea = team_app(BEA)
    goto(bea, "portfolio")
    assert CASE_ID not in texts(bea)
    assert "No local cases yet." in texts(bea)
    assert any(b.key == "library.file.0" for b in bea.get("file_uploader"))  # an editor may import
    goto(bea, "recommendation", a=world["ids"]["bea"])
    assert "Shared by another municipality, not verified" not in texts(bea)
    goto(bea, "plan", a=world["ids"]["bea"])
    assert DEFAULT_NOTE in texts(bea)  # Guelph's profile is not hers, though her assessment names Guelph
    assert "saved the profile of Guelph" not in texts(bea)
    # an editor is no admin: the form is read-only and says who can change it
    assert t("plan.profile.admin_only", "en") in texts(bea)
    assert [b.disabled for b in bea.button if b.key.startswith("FormSubmitter:plan.profile.form")] == [True]
    assert not [b for b in bea.button if b.key == "plan.profile.reset"]
    # Guelph's own admin sees both, on the same pages
    owen = team_app(OWEN)
    goto(owen, "portfolio")
    assert CASE_ID in texts(owen)
    goto(owen, "recommendation", a=world["ids"]["owen"])
    assert "Shared by another municipality, not verified" in texts(owen)
    goto(owen, "plan", a=world["ids"]["owen"])
    assert DEFAULT_NOTE not in texts(owen)
    assert t("plan.profile.admin_only", "en") not in texts(owen)
    assert [b.disabled for b in owen.button if b.key.startswith("FormSubmitter:plan.profile.form")] == [False]
    assert "Owen Guelph <owen@guelph.ca> saved the profile of Guelph" in texts(owen)
