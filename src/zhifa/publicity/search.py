"""Chinese full-text search that finds 1- and 2-character terms as well as longer ones, ranked.

tech-notes §7: trigram indexes miss 1–2 character terms (most surnames and many words) and word
segmentation loses recall inside tokens. So every CJK run is indexed as two token streams: its
characters (unigrams) and its overlapping character pairs (bigrams). A 1-character query matches a
unigram; a 2-character query matches a bigram; a longer query is the phrase of its consecutive bigrams,
which matches exactly that substring. Runs of letters and digits are single lowercase tokens.
The same tokens feed SQLite FTS5 (bm25 ranking) and PostgreSQL tsvector('simple') + GIN (ts_rank_cd).
Only published items are in the index.

Ranking on PostgreSQL at scale (bench/bench_portal.py, 1M published decisions): ts_rank_cd has to read
each match's tsvector from TOAST (~7 µs a row), so ranking every match of a term found in most
decisions (罚, 食品) takes seconds. search() therefore picks a plan from the planner's estimate of the
matches (settings, with their defaults):

- ``rank_all``: fewer than ``ZHIFA_SEARCH_RANK_ALL_BELOW`` (1,500) estimated matches: every match is
  ranked (cost ~ matches).
- ``newest``: more: only the newest ``ZHIFA_SEARCH_NEWEST_K`` (20, one portal page) matches are ranked,
  among themselves, and the caller is told so (the portal says the results are limited to the newest).
  They are found one of two ways (_newest): below ``ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW`` (10,000)
  estimated matches from the GIN bitmap of the rarest lexeme, sorted by date without reading any
  tsvector (~1.6 µs a candidate); above it by walking the date index and testing each row (~9 µs a
  row, about K·rows/matches rows), over at most ``ZHIFA_SEARCH_NEWEST_WINDOW`` (20,000) rows. When the
  estimate was wrong (terms each common but rarely together) and fewer than K matches lie in that
  window, search() falls back to ``rank_all``, then cheap because the matches are few.

Ranking all and walking cost the same near sqrt(K·rows) ≈ 4,500 matches at K = 20 and 1M rows, but
the target is the page's p95, not the crossover: ranking 3,000–4,500 matches measured HTTP p95 44–78 ms
against a 50 ms target, so the default threshold is 1,500 (every measured query p95 ≤ 36 ms; terms with
1,500–4,500 matches then show their newest 20, ranked, and the page says so). The candidate sort and
the walk cost the same near 10,000. The estimate is the
planner's row estimate (EXPLAIN, no data read) for each query lexeme alone, with the portal's filters
applied; the smallest bounds the matches from above. The planner's estimate for the whole phrase is not
used: it multiplies the bigrams' frequencies as if independent, and the bigrams of one phrase are not
(at 1M rows 明码标价 is estimated at 288 rows and matches 66,795; 螺蛳粉 at 9 and 2,951).
Migration 0003 raises the statistics target of the two columns so that the per-lexeme estimates of
mid-frequency lexemes are close."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from zhifa.publicity.models import Publication

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TABLE = "publicity_publication"

Strategy = Literal["bm25", "rank_all", "newest"]


@dataclass(frozen=True)
class Tokens:
    uni: str
    bi: str


@dataclass(frozen=True)
class Result:
    """Ids best first. ``more`` is true when there are more matches than ``ids`` holds (the ranked list
    was cut at its limit, or only the newest matches were ranked); ``estimate`` is the planner's upper
    bound on the matches that chose the PostgreSQL plan (None on SQLite)."""

    ids: list[int]
    strategy: Strategy
    more: bool
    estimate: int | None = None
    # True when base's filters were applied inside the search (PostgreSQL): ids is then the whole
    # answer; on SQLite the caller still has to filter the ids.
    filtered: bool = False
    # How the newest matches were found (PostgreSQL): "window" or "candidates" (see _newest).
    how: str = ""


def rank_all_below() -> int:
    return int(getattr(settings, "ZHIFA_SEARCH_RANK_ALL_BELOW", 1500))


def newest_k() -> int:
    return int(getattr(settings, "ZHIFA_SEARCH_NEWEST_K", 20))


def newest_window() -> int:
    return int(getattr(settings, "ZHIFA_SEARCH_NEWEST_WINDOW", 20000))


def newest_candidates_below() -> int:
    return int(getattr(settings, "ZHIFA_SEARCH_NEWEST_CANDIDATES_BELOW", 10000))


def tokenize(text: str) -> Tokens:
    uni: list[str] = []
    bi: list[str] = []
    for run in _RUNS.findall(text):
        if _CJK.match(run):
            uni.extend(run)
            # A phrase never spans two runs by accident: the pair across the gap is never a token.
            bi.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            token = run.lower()
            uni.append(token)
            bi.append(token)
    return Tokens(" ".join(uni), " ".join(bi))


def _query_parts(query: str) -> list[tuple[str, list[str]]]:
    """Each query term → (column, tokens in phrase order)."""
    parts: list[tuple[str, list[str]]] = []
    for run in _RUNS.findall(query):
        if _CJK.match(run):
            if len(run) == 1:
                parts.append(("uni", [run]))
            else:
                parts.append(("bi", [run[i : i + 2] for i in range(len(run) - 1)]))
        else:
            parts.append(("uni", [run.lower()]))
    return parts


def index(publication_id: int, text: str) -> None:
    tokens = tokenize(text)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "UPDATE publicity_publication SET search_uni = to_tsvector('simple', %s), "
                "search_bi = to_tsvector('simple', %s) WHERE id = %s",
                [tokens.uni, tokens.bi, publication_id],
            )
        else:
            c.execute("DELETE FROM publicity_fts WHERE rowid = %s", [publication_id])
            c.execute(
                "INSERT INTO publicity_fts(rowid, uni, bi) VALUES (%s, %s, %s)",
                [publication_id, tokens.uni, tokens.bi],
            )


def unindex(publication_id: int) -> None:
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "UPDATE publicity_publication SET search_uni = NULL, search_bi = NULL WHERE id = %s",
                [publication_id],
            )
        else:
            c.execute("DELETE FROM publicity_fts WHERE rowid = %s", [publication_id])


NEWEST_FIRST = ("-published_on", "-id")


def search(
    query: str,
    *,
    base: QuerySet[Publication] | None = None,
    limit: int = 500,
    newest_by: tuple[str, ...] = NEWEST_FIRST,
) -> Result | None:
    """Published items matching every term of ``query``, best first (at most ``limit``); None when the
    query has no terms. ``base`` carries the caller's other filters (agency, dates…): on PostgreSQL they
    are applied inside the search, so that the newest matches are the newest of the filtered set; on
    SQLite (development) the caller filters the returned ids. ``newest_by`` is what "newest" means for
    the ``newest`` plan (an order with an index behind it: the caller's list order)."""
    parts = _query_parts(query)
    if not parts:
        return None
    if connection.vendor == "postgresql":
        from zhifa.publicity.models import Publication, PublicationStatus

        if base is None:
            base = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        return _pg_search(parts, base.order_by(), limit, newest_by)
    match = " AND ".join(f'{col} : "{" ".join(tokens)}"' for col, tokens in parts)
    with connection.cursor() as c:
        c.execute(
            "SELECT rowid FROM publicity_fts WHERE publicity_fts MATCH %s "
            "ORDER BY bm25(publicity_fts) LIMIT %s",
            [match, limit + 1],
        )
        ids = [row[0] for row in c.fetchall()]
    return Result(ids[:limit], "bm25", more=len(ids) > limit)


def search_ids(query: str, *, limit: int = 1000) -> list[int] | None:
    """Ids of published items matching every term, best first; None when the query has no terms."""
    result = search(query, limit=limit)
    return None if result is None else result.ids


# --------------------------------------------------------------------------- PostgreSQL


def _match(col: str, phrase: str, table: str = _TABLE) -> tuple[str, list[Any]]:
    return f"{table}.search_{col} @@ phraseto_tsquery('simple', %s)", [phrase]


def _rank(phrases: list[tuple[str, str]], table: str) -> tuple[str, list[Any]]:
    sql = " + ".join(
        f"ts_rank_cd({table}.search_{col}, phraseto_tsquery('simple', %s))" for col, _ in phrases
    )
    return sql, [p for _, p in phrases]


def _filtered(base: QuerySet[Publication], phrases: list[tuple[str, str]]) -> QuerySet[Publication]:
    for col, phrase in phrases:
        sql, params = _match(col, phrase)
        base = base.filter(RawSQL(sql, params, output_field=BooleanField()))
    return base


MAX_ESTIMATED_LEXEMES = 8


def _estimate(base: QuerySet[Publication], parts: list[tuple[str, list[str]]]) -> tuple[int, tuple[str, str]]:
    """The planner's smallest row estimate over the query's lexemes, each alone (with base's filters),
    and that lexeme as (column, token)."""
    lexemes = sorted({(col, token) for col, tokens in parts for token in tokens})
    # One EXPLAIN (~0.5 ms) per lexeme: a pasted sentence of 50 characters would cost 25 ms. The
    # smallest estimate of any subset still bounds the matches from above, only less tightly.
    step = max(1, -(-len(lexemes) // MAX_ESTIMATED_LEXEMES))
    best: tuple[int, tuple[str, str]] | None = None
    with connection.cursor() as c:
        for col, token in lexemes[::step]:
            sql, params = _filtered(base, [(col, token)]).values("id").query.sql_with_params()
            c.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = c.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows = int(plan[0]["Plan"]["Plan Rows"])
            if best is None or rows < best[0]:
                best = (rows, (col, token))
    assert best is not None  # parts is never empty
    return best


def _rank_all(base: QuerySet[Publication], phrases: list[tuple[str, str]], limit: int) -> list[int]:
    rank_sql, rank_params = _rank(phrases, _TABLE)
    qs = (
        _filtered(base, phrases)
        .annotate(search_rank=RawSQL(rank_sql, rank_params, output_field=FloatField()))
        .order_by("-search_rank", "-published_on", "-id")
        .values_list("id", flat=True)
    )
    return list(qs[:limit])


def _newest(
    base: QuerySet[Publication],
    phrases: list[tuple[str, str]],
    k: int,
    newest_by: tuple[str, ...],
    *,
    window: int | None = None,
    candidates: tuple[str, str] | None = None,
) -> list[int]:
    """The newest k matches of base, ranked among themselves. Two ways to find them, both reading each
    tested row's tsvector only until k rows passed the match (the outer LIMIT pulls lazily):

    - ``window``: walk an index in ``newest_by`` order over at most ``window`` of base's newest rows.
      The window is a subquery with its own LIMIT, so PostgreSQL cannot push the match into it (it
      would then pick a bitmap scan of the GIN index, which visits every match before sorting).
      Cheap when matches are dense: about k·rows/matches rows are read.
    - ``candidates``: the rows holding one lexeme (the query's rarest) from its GIN bitmap, sorted
      newest first reading only the heap rows (no tsvector: a one-lexeme match needs no recheck),
      then tested against the whole query newest first. Cheap when that lexeme is in a few thousand
      rows. OFFSET 0 keeps the subquery from being merged into the outer query, whose LIMIT would
      make the planner walk the date index instead."""
    fields = [f.lstrip("-") for f in newest_by]
    columns = list(dict.fromkeys(["id", "published_on", *fields]))
    inner = base.order_by(*newest_by)
    if candidates is not None:
        inner = _filtered(inner, [candidates])
    values = inner.annotate(
        s_uni=RawSQL(f"{_TABLE}.search_uni", ()),
        s_bi=RawSQL(f"{_TABLE}.search_bi", ()),
    ).values_list(*columns, "s_uni", "s_bi")
    if window is not None:
        values = values[:window]
    inner_sql, inner_params = values.query.sql_with_params()
    if window is None:
        inner_sql += " OFFSET 0"
    order = ", ".join(f"w.{f.lstrip('-')} {'DESC' if f.startswith('-') else 'ASC'}" for f in newest_by)
    where = " AND ".join(f"w.s_{col} @@ phraseto_tsquery('simple', %s)" for col, _ in phrases)
    rank = " + ".join(f"ts_rank_cd(t.s_{col}, phraseto_tsquery('simple', %s))" for col, _ in phrases)
    texts = [p for _, p in phrases]
    sql = (
        f"SELECT t.id FROM (SELECT {', '.join(f'w.{c}' for c in columns)}, w.s_uni, w.s_bi "
        f"FROM ({inner_sql}) w WHERE {where} ORDER BY {order} LIMIT %s) t "
        f"ORDER BY {rank} DESC, t.published_on DESC, t.id DESC"
    )
    with connection.cursor() as c:
        c.execute(sql, [*inner_params, *texts, k, *texts])
        return [row[0] for row in c.fetchall()]


def _pg_search(
    parts: list[tuple[str, list[str]]], base: QuerySet[Publication], limit: int, newest_by: tuple[str, ...]
) -> Result:
    phrases = [(col, " ".join(tokens)) for col, tokens in parts]
    estimate, rarest = _estimate(base, parts)
    if estimate >= rank_all_below():
        k = min(newest_k(), limit)
        if estimate < newest_candidates_below():
            ids = _newest(base, phrases, k, newest_by, candidates=rarest)
            if len(ids) < k:
                # Every candidate was tested: these are all the matches, ranked.
                return Result(ids, "rank_all", more=False, estimate=estimate, filtered=True, how="candidates")
            return Result(ids, "newest", more=True, estimate=estimate, filtered=True, how="candidates")
        ids = _newest(base, phrases, k, newest_by, window=max(newest_window(), k))
        if len(ids) == k:
            return Result(ids, "newest", more=True, estimate=estimate, filtered=True, how="window")
        # Fewer than k matches among the newest `window`: the matches are sparse after all, so
        # ranking them all is cheap (and complete).
    ids = _rank_all(base, phrases, limit + 1)
    return Result(ids[:limit], "rank_all", more=len(ids) > limit, estimate=estimate, filtered=True)
