"""The one translation catalog for every string the product shows outside the rule pack.

Strings live in YAML files next to this module (``ui.yaml`` for the dashboard, ``reports.yaml``
for documents...), each mapping a dotted key to ``{en: ..., fr: ...}``. ``t(key, lang, **values)``
formats with ``str.format``. Files are merged at import; a key defined twice, a missing language
or placeholders that differ between languages is an error caught by the tests.
"""

from __future__ import annotations

import datetime as dt
import string
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LANGS = ("en", "fr")
LANG_NAMES = {"en": "English", "fr": "Français"}
_DIR = Path(__file__).resolve().parent


class CatalogError(ValueError):
    """The catalog is inconsistent (duplicate key, missing language, placeholder mismatch)."""


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every key of every catalog file, merged."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, texts in _flatten(data).items():
            if key in merged:
                raise CatalogError(f"{path.name}: key {key!r} is defined twice")
            merged[key] = texts
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and set(v) <= set(LANGS) and v:
            out[key] = {lang: str(v.get(lang, "")) for lang in LANGS}
        elif isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            raise CatalogError(f"key {key!r} must map to {{en, fr}} texts")
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders a text uses."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def problems() -> list[str]:
    """Every inconsistency in the catalog (empty when it is complete)."""
    out = []
    for key, texts in catalog().items():
        for lang in LANGS:
            if not texts.get(lang, "").strip():
                out.append(f"{key}: no {lang} text")
        if placeholders(texts["en"]) != placeholders(texts["fr"]):
            out.append(f"{key}: placeholders differ between en and fr")
    return out


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if unknown), formatted with ``values``."""
    texts = catalog().get(key)
    if texts is None:
        raise KeyError(f"no catalog entry {key!r}")
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def tn(key: str, n: float, lang: str = "en", /, **values: object) -> str:
    """``t`` for a sentence about ``n`` things: the ``key.one`` text when ``n`` is singular in
    ``lang`` (1 in English; 0 and 1 in French: "0 point", "1 est"), else ``key.other``.
    ``n`` is passed to the text as ``{n}``, with the language's digit grouping."""
    singular = abs(n) < 2 if lang == "fr" else n == 1
    return t(f"{key}.{'one' if singular else 'other'}", lang, n=fmt_number(n, lang), **values)


def fmt_count(unit: str, n: float, lang: str) -> str:
    """``n`` with its unit, singular or plural by ``tn``'s one rule (issue 14: "0,8 point",
    "1 month", never a bare "1"): ``unit`` is "months" or "points"."""
    return tn(f"count.{unit}", n, lang)


LOCALES = {"en": "en_CA", "fr": "fr_CA"}  # Canadian English and French (Babel / CLDR)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def fmt_money(value: float, lang: str) -> str:
    """A CAD amount, whole dollars, the way each language writes it (Babel): $133,800 / 133 800 $."""
    pattern = "#,##0\u00a0\u00a4" if lang == "fr" else "\u00a4#,##0"
    return str(format_currency(value, "CAD", pattern, locale=_locale(lang), currency_digits=False))


def fmt_number(value: float, lang: str) -> str:
    """A number with the language's digit grouping and decimal mark (one decimal at most)."""
    pattern = "#,##0" if float(value).is_integer() else "#,##0.0"
    return str(format_decimal(value, pattern, locale=_locale(lang)))


def fmt_date(value: dt.date, lang: str, style: str = "long") -> str:
    """A date in words in the language: "May 14, 2026" / "14 mai 2026" (``style``: long, medium,
    "short_day" for "May 14" / "14 mai", "month" for "May 2026" / "mai 2026")."""
    if style == "month":
        return str(format_date(value, "MMM yyyy", locale=_locale(lang)))
    if style == "short_day":
        text = str(format_date(value, "d MMM" if lang == "fr" else "MMM d", locale=_locale(lang)))
    else:
        text = str(format_date(value, style, locale=_locale(lang)))
    if lang == "fr" and value.day == 1 and text[:1] == "1" and not text[1:2].isdigit():
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal: "1er juin 2028"
    return text
