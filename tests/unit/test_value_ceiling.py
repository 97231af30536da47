"""A contract value past any municipality's whole budget is a typing slip, refused (review r19head #7:
99999999999999999999 was stored and silently changed the route to competitive dialogue)."""

import pytest

from mixdecide.answers import AnswerError, normalize_answers


def test_a_value_past_the_packs_ceiling_is_refused_and_one_below_is_kept(pack) -> None:
    ceiling = pack.questions["estimated_value_cad"].max
    assert ceiling is not None and ceiling >= 10_000_000_000  # a real city's largest contracts pass
    assert (
        normalize_answers(pack, {"estimated_value_cad": 2_500_000_000})["estimated_value_cad"]
        == 2_500_000_000
    )
    with pytest.raises(AnswerError, match="must be at most"):
        normalize_answers(pack, {"estimated_value_cad": 99999999999999999999})
