"""Chinese full-text search that finds 1- and 2-character terms as well as longer ones, ranked.

tech-notes §7: trigram indexes miss 1–2 character terms (most surnames and many words) and word
segmentation loses recall inside tokens. So every CJK run is indexed as two token streams: its
characters (unigrams) and its overlapping character pairs (bigrams). A 1-character query matches a
unigram; a 2-character query matches a bigram; a longer query is the phrase of its consecutive bigrams,
which matches exactly that substring. Runs of letters and digits are single lowercase tokens.
The same tokens feed SQLite FTS5 (bm25 ranking) and PostgreSQL tsvector('simple') + GIN (ts_rank_cd).
Only published items are in the index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Tokens:
    uni: str
    bi: str


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


def search_ids(query: str, *, limit: int = 1000) -> list[int] | None:
    """Ids of published items matching every term, best first; None when the query has no terms."""
    parts = _query_parts(query)
    if not parts:
        return None
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            clauses, params = [], []
            for column, tokens in parts:
                clauses.append(f"search_{column} @@ phraseto_tsquery('simple', %s)")
                params.append(" ".join(tokens))
            rank = " + ".join(f"ts_rank_cd(search_{col}, phraseto_tsquery('simple', %s))" for col, _ in parts)
            params_rank = [" ".join(t) for _, t in parts]
            c.execute(
                f"SELECT id FROM publicity_publication WHERE {' AND '.join(clauses)} "
                f"ORDER BY {rank} DESC, published_on DESC LIMIT %s",
                [*params, *params_rank, limit],
            )
        else:
            match = " AND ".join(f'{col} : "{" ".join(tokens)}"' for col, tokens in parts)
            c.execute(
                "SELECT rowid FROM publicity_fts WHERE publicity_fts MATCH %s "
                "ORDER BY bm25(publicity_fts) LIMIT %s",
                [match, limit],
            )
        return [row[0] for row in c.fetchall()]
