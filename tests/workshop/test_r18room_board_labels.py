"""Review r17room #8: on the room's board, Plotly's uniformtext hid every answer's name that did
not fit its bar segment at 28 px. The room's chart puts no text in the bars; the words beside each
bar name the leading answer, in the tick labels (28 px, never hidden)."""

from __future__ import annotations

from mixdecide.workshop.aggregate import QuestionStats
from mixdecide.workshop.charts import agreement_chart, room_words


def _stats(pack) -> QuestionStats:
    q = next(q for q in pack.questions.values() if len(getattr(q, "options", ()) or ()) >= 3)
    a, b = q.options[0].id, q.options[1].id
    return QuestionStats(
        question=q.id,
        kind="choice",
        counts=((a, 4), (b, 1)),
        voters=(),
        answered=5,
        eligible=5,
        disagreement=0.2,
        split=False,
        default=a,
    )


def test_the_room_board_names_the_leading_answer_beside_its_bar_never_inside(pack):
    s = _stats(pack)
    fig = agreement_chart(pack, [s], "en", big=True)
    assert all(bar.textposition == "none" and not bar.text for bar in fig.data)  # nothing to hide
    leading = pack.questions[s.question].options[0].label.en
    words = room_words(pack, s, "en")
    assert words.startswith("Leading: " + leading[:20]) and "(4 of 5)" in words
    assert words.split(" (")[0].replace("Leading: ", "") in fig.layout.yaxis.ticktext[0].replace("<br>", " ")
    assert fig.layout.yaxis.tickfont.size >= 24
    # the facilitator's own chart keeps its labels in the bars
    assert agreement_chart(pack, [s], "en").data[0].textposition == "inside"
