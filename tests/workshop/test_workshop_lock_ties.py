"""Locking a round sets no group answer (review r16fac #7): two participants who answer two
questions differently leave ties; "Lock answers" with nothing touched keeps them automatic."""

from __future__ import annotations

from tests.helpers.apptest import ok, texts
from tests.helpers.workshop import answer, facilitator, join_code, lock, participant

SECTIONS = ["need", "market"]


def test_locking_without_touching_anything_sets_nothing_for_the_facilitator():
    fac, _wid, _secret = facilitator(SECTIONS)
    code = join_code(fac)
    for name, depth, sme in (("A", "few", "yes"), ("B", "many", "no")):
        p = participant(code, name)
        answer(p, "market_depth", depth)
        answer(p, "sme_objective", sme)
    ok(fac.run())
    lock(fac)
    ok(fac.run())
    shown = " ".join(texts(fac))
    assert "Set by" not in shown
    assert "Saved as the group's answer." not in shown
    assert "set by the facilitator" not in shown or "none set by the facilitator" in shown, shown[:2000]
