"""Public search over the catalog: accent-insensitive everywhere, typo-tolerant, ranked.

Stored text is folded in Python (`core.text.fold`: no diacritics, Đ/đ → d, lower case), and so is
the query, so "dang ky khai sinh", "Đăng ký khai sinh" and "ĐĂNG KÝ KHAI SINH" match alike on every
database. A procedure matches when each word of the query occurs in its folded codes, name and
sector (`Procedure.search_folded`). Matches are ranked: the exact code (current or former), then the
exact name, the whole phrase in the name, every word in the name, every word anywhere; shorter names
first within a rank, so "khai sinh" puts "Đăng ký khai sinh" before "Đăng ký lại khai sinh".

When nothing matches, typos are corrected word by word against the catalog's own vocabulary (the
distinct folded words of the procedures, kept per process and rebuilt when the catalog changes):
a word that is not in it is replaced by the closest one within one edit (two for words of six
letters or more), so "dang ky khai xinh" searches "dang ky khai sinh" and "lai se" searches "lai xe".
If that still finds nothing and the database is PostgreSQL, the whole query is compared by trigram
word similarity (pg_trgm's ``<%`` operator; indexes in migrations 0005 and 0007), nearest first.
SQLite stops at the folded contains search and the word correction.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length

from motcua.core.text import fold

from .models import Procedure, ProcedureCode, ProcedureVersion
from .querysets import ProcedureQuerySet

MAX_QUERY_LENGTH = 200
MAX_ATTEMPTS = 6
FUZZY_CANDIDATES = 50
VOCABULARY_MAX_AGE_S = 300.0


@dataclass(frozen=True)
class SearchFilters:
    """Narrow the catalog: sector code, competent agency identifier, level, online level."""

    sector: str = ""
    agency: str = ""
    level: str = ""
    online_level: str = ""


class _WordSimilar(Func):
    """``query <% text``: the query is similar to some extent of the text (pg_trgm)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordDistance(Func):
    """``query <<-> text``: 1 − word similarity, which a GiST trigram index orders by."""

    arg_joiner = " <<-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class _Similarity(Func):
    function = "similarity"
    output_field = FloatField()


def is_fuzzy_available() -> bool:
    """Return whether trigram search is available (PostgreSQL with pg_trgm)."""
    return connection.vendor == "postgresql"


def filtered(*, filters: SearchFilters, on: date) -> ProcedureQuerySet:
    """Return the procedures in the public catalog on a day, narrowed by the filters."""
    qs = Procedure.objects.active().not_abolished_on(on).select_related("sector")
    if filters.sector:
        qs = qs.filter(sector__code=filters.sector)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.agency or filters.online_level:
        conditions = Q()
        if filters.agency:
            conditions &= Q(competent_agencies__electronic_id=filters.agency)
        if filters.online_level:
            conditions &= Q(online_level=filters.online_level)
        qs = qs.with_version_in_force(on).filter(
            Exists(ProcedureVersion.objects.filter(conditions, pk=OuterRef("version_in_force_id")))
        )
    return qs


def _ranked(base: ProcedureQuerySet, raw: str, folded: str) -> QuerySet[Procedure]:
    all_in_name = Q(*(Q(name_folded__contains=word) for word in folded.split()))
    code_match = Q(code=raw)
    if any(ch.isdigit() for ch in raw):
        # Only a code-like query can be a former code; skip the lookup otherwise.
        code_match |= Q(Exists(ProcedureCode.objects.filter(procedure=OuterRef("pk"), code=raw)))
    rank = Case(
        When(code_match, then=Value(0)),
        When(name_folded=folded, then=Value(1)),
        When(name_folded__contains=folded, then=Value(2)),
        When(all_in_name, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return (
        base.matching(folded)
        .annotate(rank=rank, name_length=Length("name"))
        .order_by("rank", "name_length", "name", "pk")
    )


def _trigram(base: ProcedureQuerySet, folded: str) -> QuerySet[Procedure]:
    nearest = (
        base.filter(_WordSimilar(Value(folded), F("search_folded")))
        .annotate(distance=_WordDistance(Value(folded), F("search_folded")))
        .order_by("distance")
        .values("pk")[:FUZZY_CANDIDATES]
    )
    return (
        base.filter(pk__in=nearest)
        .annotate(
            closeness=Value(1.0)
            - _WordDistance(Value(folded), F("search_folded"))
            + _Similarity(Value(folded), F("name_folded")),
            name_length=Length("name"),
        )
        .order_by("-closeness", "name_length", "name", "pk")
    )


def search(*, query: str, filters: SearchFilters | None = None, on: date) -> QuerySet[Procedure]:
    """Return matching procedures, best first (see the module docstring for the ranking)."""
    base = filtered(filters=filters or SearchFilters(), on=on)
    raw = query.strip()[:MAX_QUERY_LENGTH]
    folded = fold(raw)
    if not folded:
        return base.order_by("name", "pk")
    strict = _ranked(base, raw, folded)
    if strict.exists():
        return strict
    return _fallback(base, raw, folded) or strict


def search_page(
    *, query: str, filters: SearchFilters | None = None, on: date, limit: int, offset: int = 0
) -> list[Procedure]:
    """Return one page of `search` results, reading the database as little as possible."""
    base = filtered(filters=filters or SearchFilters(), on=on)
    raw = query.strip()[:MAX_QUERY_LENGTH]
    folded = fold(raw)
    if not folded:
        return list(base.order_by("name", "pk")[offset : offset + limit])
    found = list(_ranked(base, raw, folded)[offset : offset + limit])
    if found or offset:
        return found
    fallback = _fallback(base, raw, folded)
    return list(fallback[:limit]) if fallback is not None else []


def _fallback(base: ProcedureQuerySet, raw: str, folded: str) -> QuerySet[Procedure] | None:
    """Return the results for the query with its typos corrected, or by trigram similarity."""
    corrected = correct(folded)
    tried = {folded}
    for attempt in [corrected, *alternatives(corrected)][:MAX_ATTEMPTS]:
        if attempt in tried:
            continue
        tried.add(attempt)
        fixed = _ranked(base, raw, attempt)
        if fixed.exists():
            return fixed
    if is_fuzzy_available():
        return _trigram(base, folded)
    return None


# ------------------------------------------------------------------------------- typo correction


@dataclass(frozen=True)
class _Vocabulary:
    token: tuple[int, int]
    built_at: float
    words: Counter[str]
    # SymSpell: every word with up to two letters deleted → the words it comes from.
    deletes: dict[str, set[str]]


_vocabulary: _Vocabulary | None = None
_lock = threading.Lock()


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))} - found
        found |= frontier
    return found


def vocabulary() -> _Vocabulary:
    """Return the folded words of the catalog and their delete index (rebuilt when the catalog grows)."""
    global _vocabulary
    stats = Procedure.objects.aggregate(n=Count("pk"), last=Max("pk"))
    token = (int(stats["n"] or 0), int(stats["last"] or 0))
    current = _vocabulary
    if (
        current is not None
        and current.token == token
        and time.monotonic() - current.built_at < VOCABULARY_MAX_AGE_S
    ):
        return current
    words: Counter[str] = Counter()
    for text in Procedure.objects.values_list("search_folded", flat=True).iterator(chunk_size=2000):
        words.update(w for w in (raw.strip(".,;:()") for raw in text.split()) if w and not w[0].isdigit())
    deletes: dict[str, set[str]] = {}
    for word in words:
        for variant in _deletes(word, 2 if len(word) >= 6 else 1):
            deletes.setdefault(variant, set()).add(word)
    built = _Vocabulary(token=token, built_at=time.monotonic(), words=words, deletes=deletes)
    with _lock:
        _vocabulary = built
    return built


# Letters Vietnamese writers mix up (regional pronunciation, Telex slips): half an edit.
CONFUSABLE = frozenset(frozenset(pair) for pair in ("sx", "iy", "dr", "ln", "ck", "dz"))
# Spellings that sound alike: a whole-word variant at half an edit.
SOUND_ALIKE = (("tr", "ch"), ("ch", "tr"), ("gi", "d"), ("d", "gi"), ("gi", "r"), ("r", "gi"))


def _distance(a: str, b: str) -> float:
    """Return the Damerau–Levenshtein distance of two words, confusable letters costing half."""
    previous2: list[float] = []
    previous: list[float] = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        row = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0.0 if ca == cb else 0.5 if frozenset((ca, cb)) in CONFUSABLE else 1.0
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def correct(folded: str) -> str:
    """Return the folded query with each unknown word replaced by the closest catalog word."""
    vocab = vocabulary()
    out = []
    for word in folded.split():
        if word in vocab.words or any(ch.isdigit() for ch in word) or len(word) < 2:
            out.append(word)
            continue
        limit = 2 if len(word) >= 6 else 1
        candidates = set().union(*(vocab.deletes.get(v, set()) for v in _deletes(word, limit)))
        scored = [(d, -vocab.words[c], c) for c in candidates if (d := _distance(word, c)) <= limit]
        scored += [
            (0.5, -vocab.words[v], v)
            for old, new in SOUND_ALIKE
            if word.startswith(old) and (v := new + word[len(old) :]) in vocab.words
        ]
        out.append(min(scored)[2] if scored else word)
    return " ".join(out)


def alternatives(folded: str) -> list[str]:
    """Return the query with one known word replaced by a sound-alike catalog word ("tam chu" → "tam tru")."""
    vocab = vocabulary()
    words = folded.split()
    out = []
    for i, word in enumerate(words):
        for old, new in SOUND_ALIKE:
            variant = new + word[len(old) :]
            if word.startswith(old) and variant in vocab.words:
                out.append(" ".join([*words[:i], variant, *words[i + 1 :]]))
        for letter, other in (("s", "x"), ("x", "s"), ("i", "y"), ("y", "i"), ("l", "n"), ("n", "l")):
            if letter in word:
                variant = word.replace(letter, other)
                if variant in vocab.words and variant != word:
                    out.append(" ".join([*words[:i], variant, *words[i + 1 :]]))
    return out
