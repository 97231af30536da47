"""Pinpoint citations: keep only the agreements that apply, and write them in the reader's language.

A pack cite lists one pinpoint per agreement, separated by "; " ("CFTA Art. 516.2; CETA Art.
19.15.2"). A procurement below the CETA threshold must not cite the CETA, so :func:`for_agreements`
drops the parts of agreements that do not apply. French text names the agreements by their French
acronyms (ALEC, AECG, AECOQ) and writes "art." and "chapitre", never the English forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# the agreement a cite part belongs to, by its leading acronym (longest first)
_AGREEMENTS = (("Canada-UK TCA", "CETA"), ("OQTCA", "OQTCA"), ("CFTA", "CFTA"), ("CETA", "CETA"))

_FR = (
    (r"\b(CFTA|CETA|OQTCA) (Arts?\.|Chapter)", r"\1, \2"),
    (r"\bCanada-UK TCA\b", "ACC Canada-Royaume-Uni"),
    (r"\bOQTCA\b", "AECOQ"),
    (r"\bCFTA\b", "ALEC"),
    (r"\bCETA\b", "AECG"),
    (r"\bArts\.", "par."),
    (r"\bArt\.", "par."),
    (r"\bChapter Five\b", "chapitre cinq"),
    (r"\bChapter Nine\b", "chapitre neuf"),
    (r"\bChapter Nineteen\b", "chapitre dix-neuf"),
    (r"\(Government Procurement\)", "(marchés publics)"),
    (r"\(Public Procurement\)", "(marchés publics)"),
    (r"\btime periods\b", "délais"),
    (r"\bnotice of intended procurement\b", "avis de marché envisagé"),
    (r"\bbid protest\b", "contestation des offres"),
    (r"\bincorporates\b", "intègre"),
)


def agreement_of(part: str) -> str | None:
    """The agreement id a cite part belongs to (None for a part that names none)."""
    text = part.strip()
    for prefix, agreement in _AGREEMENTS:
        if text.startswith(prefix):
            return agreement
    return None


def for_agreements(cite: str, applying: Iterable[str]) -> str:
    """``cite`` with only the parts of the agreements in ``applying`` (a part that names no
    agreement is kept); empty when none applies."""
    keep = set(applying)
    parts = [p.strip() for p in cite.split(";") if p.strip()]
    return "; ".join(p for p in parts if (agreement_of(p) or "") in keep or agreement_of(p) is None)


def cite_text(cite: str, lang: str) -> str:
    """``cite`` as written in ``lang``: French acronyms and words in French."""
    if lang != "fr":
        return cite
    out = cite
    for pattern, repl in _FR:
        out = re.sub(pattern, repl, out)
    return out
