"""Review r18fac, the room's board: seven questions took five screens ("Questions 3-3 of 7", #7),
and its question names were Streamlit's light grey (#808495, 3.6:1 on white, #6)."""

from __future__ import annotations

import pytest

from mixdecide.charts import TEXT
from mixdecide.pack import load_pack
from mixdecide.workshop.aggregate import QuestionStats
from mixdecide.workshop.charts import (
    ROOM_CHART_PX,
    ROOM_LINE_PX,
    ROOM_LINES,
    agreement_chart,
    room_pages,
    room_units,
    routes_chart,
)

PACK = load_pack()


def _stats(qid: str, n: int = 2) -> QuestionStats:
    q = PACK.questions[qid]
    counts = tuple((o.id, 1) for o in q.options[:n])
    return QuestionStats(
        question=qid,
        kind="choice",
        counts=counts,
        voters=(),
        answered=n,
        eligible=n,
        disagreement=1.0,
        split=True,
        default=None,
    )


def _mixed_seven() -> list[QuestionStats]:
    """Seven answered questions of mixed label lengths (3, 4 and 5 lines on a room's screen)."""
    choice = [q.id for s in PACK.sections for q in s.questions if q.type == "choice"]
    by_len: dict[int, list[str]] = {}
    for qid in choice:
        by_len.setdefault(int(room_units(PACK, _stats(qid), "en")), []).append(qid)
    picked = by_len[3][:2] + by_len[4][:3] + by_len[5][:2]
    order = [picked[i] for i in (2, 5, 0, 3, 6, 1, 4)]  # long and short mixed
    return [_stats(q) for q in order]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_room_screen_holds_one_question_when_the_next_would_fit(lang):
    ranked = _mixed_seven()
    pages = room_pages(PACK, ranked, lang)
    assert [s.question for p in pages for s in p] == [s.question for s in ranked]  # all, in order
    used = [sum(room_units(PACK, s, lang) for s in p) for p in pages]
    for i, p in enumerate(pages):
        assert len(p) == 1 or used[i] <= ROOM_LINES  # every screen fits 1280x720
        if i + 1 < len(pages):  # and the next screen's first question did not fit on this one
            assert used[i] + room_units(PACK, pages[i + 1][0], lang) > ROOM_LINES, (i, used)


def test_a_short_and_a_long_question_share_a_screen():
    # the old rule gave both rows the five-line label's height (2 x 5 lines): one screen each
    ranked = _mixed_seven()
    short = next(s for s in ranked if int(room_units(PACK, s, "en")) == 3)
    long = next(s for s in ranked if int(room_units(PACK, s, "en")) == 5)
    assert room_pages(PACK, [long, short], "en") == [[long, short]]


def test_each_question_band_is_as_tall_as_its_own_label():
    seven = _mixed_seven()
    ranked = [seven[2], seven[4]]  # three and five lines
    fig = agreement_chart(PACK, ranked, "en", big=True)
    units = sum(room_units(PACK, s, "en") for s in ranked)
    assert fig.layout.yaxis.range == (0, units)
    assert fig.layout.height == ROOM_CHART_PX + round(ROOM_LINE_PX * units)
    assert fig.layout.height <= ROOM_CHART_PX + ROOM_LINE_PX * ROOM_LINES + 1  # fits 1280x720
    assert len(fig.layout.yaxis.tickvals) == 2 and all(b.width == 1.5 for b in fig.data)


def _contrast(hex_colour: str) -> float:
    def lum(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    return (1.05) / (lum(hex_colour) + 0.05)  # against white


@pytest.mark.parametrize("big", [True, False])
def test_the_board_names_its_questions_in_the_body_text_colour(big):
    charts = [
        agreement_chart(PACK, _mixed_seven()[:2], "fr", big=big),
        routes_chart(PACK, {next(iter(PACK.routes)): 2}, "fr", big=big),
    ]
    for fig in charts:
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.tickfont.color == TEXT  # not left to Streamlit's grey theme
        assert fig.layout.title.font.color == TEXT
    assert _contrast(TEXT) >= 7


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_tie_names_every_tied_answer_beside_its_bar(lang):
    # review r18fac #5: "The problem is clear; the solution is open" vs "We are still defining the
    # problem", one each: two unlabelled blue blocks and "Tied: 1 each for 2 different answers"
    q = PACK.questions["need_clarity"]
    s = QuestionStats(
        question=q.id,
        kind="choice",
        counts=(("problem_clear_solution_open", 1), ("problem_unclear", 1)),
        voters=(),
        answered=2,
        eligible=2,
        disagreement=1.0,
        split=True,
        default=None,
    )
    fig = agreement_chart(PACK, [s], lang, big=True)
    label = fig.layout.yaxis.ticktext[0].replace("<br>", " ")
    for value in ("problem_clear_solution_open", "problem_unclear"):
        name = next(o for o in q.options if o.id == value).label.get(lang)
        assert name in label, (name, label)  # whole: "…the solution is open"
    # in the bar's order: the first (darkest) segment's answer first
    first = next(o for o in q.options if o.id == "problem_clear_solution_open").label.get(lang)[:20]
    second = next(o for o in q.options if o.id == "problem_unclear").label.get(lang)[:20]
    assert label.index(first) < label.index(second)
    assert fig.layout.yaxis.tickfont.size >= 24
    assert all(
        line.count(" ") >= 0 and len(line) <= 40 for line in fig.layout.yaxis.ticktext[0].split("<br>")
    )
