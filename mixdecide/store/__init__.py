"""Persistence: SQLite by default, PostgreSQL via DATABASE_URL (see DESIGN.md, "Persistence").

Typical use from the app::

    engine = make_engine()                     # once per process (st.cache_resource)
    upgrade(engine)                            # cheap when the schema is current
    with session_scope(engine) as session:     # one Session per unit of work
        seed_demo(session=session, pack=pack)  # idempotent
    with session_scope(engine) as session:
        version = save_assessment(session=session, id=id, expected_version=v, actor=me, answers=a)
"""

from mixdecide.store.access import ANONYMOUS, LOCAL, Principal, configure, team_mode
from mixdecide.store.db import make_engine, session_scope
from mixdecide.store.demo import seed_demo
from mixdecide.store.library import (
    LocalCaseEvent,
    LocalCaseRecord,
    add_local_cases,
    delete_local_case,
    list_local_cases,
    local_case_events,
)
from mixdecide.store.migrate import upgrade
from mixdecide.store.portfolio import advice_vs_done, filter_choices, list_assessments, portfolio_summary
from mixdecide.store.records import (
    SORTS,
    AdviceRow,
    AdviceVsDone,
    AssessmentRecord,
    AssessmentRow,
    AuditEntry,
    FilterChoices,
    Forbidden,
    InvalidValue,
    MemberRecord,
    NoSuchMember,
    NotFound,
    PortfolioFilter,
    PortfolioSummary,
    RiskRow,
    ShareLink,
    StaleSave,
    StoreError,
)
from mixdecide.store.repo import (
    audit_trail,
    create_assessment,
    delete_assessment,
    duplicate_assessment,
    get_assessment,
    save_assessment,
    set_status,
)
from mixdecide.store.rows import is_valid_id
from mixdecide.store.team import (
    create_share_link,
    list_members,
    load_principal,
    member_trail,
    revoke_share_links,
    set_active,
    set_department,
    set_role,
    set_visibility,
    sign_in,
    sign_in_current,
    sign_out,
    transfer_owner,
)

__all__ = [
    "ANONYMOUS",
    "LOCAL",
    "SORTS",
    "AdviceRow",
    "AdviceVsDone",
    "LocalCaseEvent",
    "LocalCaseRecord",
    "add_local_cases",
    "advice_vs_done",
    "delete_local_case",
    "list_local_cases",
    "local_case_events",
    "AssessmentRecord",
    "AssessmentRow",
    "AuditEntry",
    "FilterChoices",
    "Forbidden",
    "InvalidValue",
    "MemberRecord",
    "NoSuchMember",
    "NotFound",
    "PortfolioFilter",
    "PortfolioSummary",
    "Principal",
    "RiskRow",
    "ShareLink",
    "StaleSave",
    "StoreError",
    "audit_trail",
    "configure",
    "create_share_link",
    "create_assessment",
    "delete_assessment",
    "duplicate_assessment",
    "filter_choices",
    "get_assessment",
    "is_valid_id",
    "list_assessments",
    "list_members",
    "load_principal",
    "make_engine",
    "member_trail",
    "portfolio_summary",
    "revoke_share_links",
    "save_assessment",
    "seed_demo",
    "session_scope",
    "set_department",
    "set_active",
    "set_role",
    "set_status",
    "set_visibility",
    "sign_in",
    "sign_in_current",
    "sign_out",
    "team_mode",
    "transfer_owner",
    "upgrade",
]
