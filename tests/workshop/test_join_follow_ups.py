"""Follow-ups a participant's answers open are named before "I'm done", and the group result names
open questions that could change its route (review r16lead #2)."""

from __future__ import annotations

from tests.helpers.apptest import goto, new_app, ok, texts
from tests.helpers.workshop import (
    answer,
    facilitator,
    fill_facilitator,
    has_widget,
    join_code,
    lock,
    participant,
)

SAAS = "Replacing the recreation program registration system"  # a demo assessment
PRIZE_Q = "Do you want to reward whoever reaches the target, without buying anything?"


def _warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


def test_a_follow_up_shows_right_after_its_question_and_is_named_before_im_done():
    """Issue 14: the prize question follows up question 3 and sits right after it as "3a" (it was
    23, further down in another section, with a caption pointing there)."""
    fac, _, _ = facilitator(["need", "strategy"])
    p = participant(join_code(fac), "Dana")
    assert "follow-up" not in _warnings(p)
    answer(p, "outcome_measurable", "yes")
    assert has_widget(p, "reward_without_buying")  # shown now, not after "I'm done"
    assert not any("further down" in c.value for c in p.caption)
    headings = [m.value for m in p.markdown if m.value.startswith("#### ")]
    at = next(i for i, h in enumerate(headings) if h.startswith("#### 3. "))
    assert headings[at + 1].startswith(f"#### 3a. {PRIZE_Q}")
    left = _warnings(p)
    assert "your answers opened 1 follow-up question you have not answered yet" in left
    assert f"3a\\. {PRIZE_Q}" in left  # escaped: not a Markdown list
    answer(p, "reward_without_buying", "no")
    assert "follow-up" not in _warnings(p)  # answered: nothing left to name


def test_the_group_result_lists_an_open_question_that_would_change_the_route():
    """The reviewer's case: a commercial SaaS service where the group only wants to learn; nobody
    answers the prize question, and the prize leads on the group's answers."""
    fac = goto(new_app(), "workshop")
    box = fac.selectbox(key="wk.create.assessment")
    box.select_index(next(i for i, o in enumerate(box.options) if SAAS in o))
    fac.multiselect(key="wk.create.sections").set_value(["need", "money_time", "organisation", "strategy"])
    fill_facilitator(fac)
    ok(fac.button(key="wk.create.submit").click().run())
    p = participant(join_code(fac), "Dana")
    answer(p, "outcome_measurable", "yes")
    answer(p, "purchase_intent", "learn_only")
    answer(p, "estimated_value_cad", 1_200_000)
    answer(p, "risk_appetite", "high")
    answer(p, "can_host_test", "no")
    answer(p, "digital_kind", "cloud_saas")
    ok(fac.run())
    shown = _warnings(fac)
    assert "could change the route" in shown, shown
    line = next((x for x in shown.split("\n") if PRIZE_Q in x), shown)
    assert line.startswith("- 3a. ") and "“No, we want to buy or learn” →" in line, line
    assert "Prize" in texts(fac)  # the route it would take away

    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(p.run())
    assert PRIZE_Q in _warnings(p)  # the participants' published result says it too


def test_participants_see_the_groups_answers_and_a_previous_rounds_result_is_said_to_be_one():
    """Review r16lead #8: the route alone, without the group's answers behind it; and the round-1
    result above the round-2 questions with no word that it may change."""
    fac, _, _ = facilitator(["need", "market"])
    p = participant(join_code(fac), "Dana")
    answer(p, "market_depth", "few")
    lock(fac)
    ok(fac.toggle(key="wk.publish").set_value(True).run())
    ok(p.run())
    table = next(t.value for t in p.table if "Group's answer" in t.value.columns)
    row = table[table["Question"].str.contains("How many suppliers")]
    assert list(row["Group's answer"]) == ["A few"]
    assert (
        row["Question"].iloc[0].startswith("5\\. ")
    )  # numbered (escaped: not a Markdown list) as the questionnaire numbers it
    assert any(e.label.startswith("The group's answers behind this result (") for e in p.expander)
    assert "previous round's result" not in texts(p)
    ok(fac.button(key="wk.unlock").click().run())  # New round ...
    ok(fac.button(key="wk.confirm.unlock").click().run())  # ... asks first
    ok(p.run())
    assert "This is the previous round's result (round 1); it may change" in texts(p)


def test_counts_use_the_same_words_everywhere():
    """Review r16lead #13: "28 questions have no answers yet" on the board, 27 on Home, "35
    questions" in the result, and routes drawn from a few answers without saying so."""
    from mixdecide.pack import load_pack
    from mixdecide.workshop.charts import count_words

    pack = load_pack()
    everything = [q for s in pack.sections for q in s.questions]
    core = [q.id for q in everything if q.visible_if is None]
    assert count_words(pack, core, "en") == f"{len(core)} core questions"
    assert (
        count_words(pack, [*core, "reward_without_buying"], "en")
        == f"{len(core)} core questions + 1 follow-up shown"
    )
    assert count_words(pack, ["need_clarity"], "fr") == "1 question de base"
    # every core question answered: not "0 core questions + 6 follow-ups shown" (review)
    follow = ["reward_without_buying", "preferred_solution"]
    assert count_words(pack, follow, "en") == "2 follow-ups shown"
    assert count_words(pack, follow, "fr") == "2 questions de suivi affichées"
    fac, _, _ = facilitator(["need", "market"])
    p = participant(join_code(fac), "Dana")
    answer(p, "need_clarity", "problem_clear_solution_open")  # opens 1a
    ok(fac.run())
    shown = texts(fac)
    assert "No answers yet to 6 core questions + 6 follow-ups shown." in shown, shown
    assert "From the group's answers to the workshop's 7 core questions + 5 follow-ups shown:" in shown, [
        x for x in shown.split("\n") if "From the group" in x
    ]
    assert "Provisional: each person's route comes from their answers so far (1 to 1 answered)" in shown
