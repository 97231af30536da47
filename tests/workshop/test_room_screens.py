"""Pure pieces of the room's screens: titles shortened at a word, the board's questions cut into
screens that fit 1280x720, the public address of join links."""

from __future__ import annotations

from mixdecide.pack import load_pack
from mixdecide.text import shorten
from mixdecide.workshop.aggregate import QuestionStats
from mixdecide.workshop.charts import ROOM_LINES, room_pages, room_units


def test_a_long_title_is_shortened_at_a_word_and_says_so():
    title = "Regional roundtable: green-bin · Cutting plastic contamination in green-bin organics"
    short = shorten(title, 52)
    assert len(short) <= 52 and short.endswith("…")
    assert short == "Regional roundtable: green-bin · Cutting plastic…"
    assert shorten("Short title", 52) == "Short title"


def _stats(qid: str, counts) -> QuestionStats:
    return QuestionStats(
        question=qid,
        kind="choice",
        counts=tuple(counts),
        voters=tuple((v, ("p",) * n) for v, n in counts),
        answered=sum(n for _, n in counts),
        eligible=2,
        disagreement=1.0,
        split=True,
        default=None,
    )


def test_every_answered_question_lands_on_a_screen_that_fits():
    pack = load_pack()
    qids = [q.id for s in pack.sections for q in s.questions if q.type == "choice"][:7]
    ranked = []
    for qid in qids:
        q = next(q for s in pack.sections for q in s.questions if q.id == qid)
        ranked.append(_stats(qid, [(q.options[0].id, 1), (q.options[1].id, 1)]))
    pages = room_pages(pack, ranked, "en")
    assert [s.question for p in pages for s in p] == qids  # every one, in order, none twice
    for p in pages:
        assert p  # no empty screen
        assert len(p) == 1 or sum(room_units(pack, s, "en") for s in p) <= ROOM_LINES
    assert room_pages(pack, [], "en") == [[]]


def test_join_links_use_the_public_address_when_it_is_set(monkeypatch):
    from ui import workshop_data

    monkeypatch.setenv("MIXDECIDE_PUBLIC_URL", "https://decide.example.ca/mix/")
    assert workshop_data.app_url("join", code="ABC123") == "https://decide.example.ca/mix/join?code=ABC123"
    assert not workshop_data.only_here(workshop_data.app_url("join", code="ABC123"))
    assert workshop_data.only_here("http://127.0.0.1:8501/join?code=ABC123")
    assert workshop_data.only_here("http://localhost/join?code=ABC123")
