"""Live workshops: many participants answer privately, one facilitator sees where they disagree
and sets the group's answers, which produce one result through the same engine.

Typical use (every function is keyword-only and takes the caller's Session)::

    created = create_workshop(session=s, assessment_id=a, title=t, sections=[...], actor=me, pack=pack)
    joined = join(session=s, code="K7Q-M3X", name="Sam", clients=["ip:203.0.113.9", "session:..."])
    save_participant_answer(session=s, token=joined.token, question_id="market_depth", value="few", pack=pack)
    board = board_data(session=s, workshop_id=created.workshop.id, secret=created.secret, pack=pack)
    apply_consensus(session=s, workshop_id=..., secret=..., pack=pack, actor=me)

Importing this package registers its tables on the store's metadata (see ``models.py``).
"""

from mixdecide.workshop.aggregate import GroupAnswers, QuestionStats
from mixdecide.workshop.board import (
    apply_consensus,
    board_data,
    result_changed_since_publishing,
    set_consensus,
)
from mixdecide.workshop.codes import display_code, normalise_code
from mixdecide.workshop.ratelimit import LIMIT as RATE_LIMIT
from mixdecide.workshop.ratelimit import WINDOW as RATE_WINDOW
from mixdecide.workshop.records import (
    Board,
    BoardParticipant,
    ConsensusChanged,
    ConsensusEntry,
    Created,
    Joined,
    NotAllowed,
    ParticipantInfo,
    ParticipantView,
    PublishedResult,
    RateLimited,
    ResultChanged,
    RoundLocked,
    WorkshopError,
    WorkshopInfo,
    WorkshopUnavailable,
)
from mixdecide.workshop.repo import (
    check_facilitator,
    close_workshop,
    create_workshop,
    get_by_code,
    join,
    lock_round,
    published_answers,
    published_result,
    rejoin,
    remove_participant,
    round_status,
    save_participant_answer,
    set_finished,
    set_published,
    set_show_names,
    unlock_round,
)
from mixdecide.workshop.rows import section_questions

__all__ = [
    "RATE_LIMIT",
    "RATE_WINDOW",
    "Board",
    "BoardParticipant",
    "ConsensusChanged",
    "ConsensusEntry",
    "Created",
    "GroupAnswers",
    "Joined",
    "NotAllowed",
    "ParticipantInfo",
    "ParticipantView",
    "PublishedResult",
    "QuestionStats",
    "RateLimited",
    "ResultChanged",
    "RoundLocked",
    "WorkshopError",
    "WorkshopInfo",
    "WorkshopUnavailable",
    "apply_consensus",
    "board_data",
    "check_facilitator",
    "close_workshop",
    "create_workshop",
    "display_code",
    "get_by_code",
    "join",
    "lock_round",
    "normalise_code",
    "rejoin",
    "remove_participant",
    "result_changed_since_publishing",
    "round_status",
    "save_participant_answer",
    "section_questions",
    "set_consensus",
    "set_finished",
    "published_answers",
    "published_result",
    "set_published",
    "set_show_names",
    "unlock_round",
]
