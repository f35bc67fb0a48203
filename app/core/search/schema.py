"""The search tables as SQLAlchemy Core objects (created by migration 0002, kept out of the ORM
metadata so the article model stays unaware of its index)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY

from app.core.models import UTCDateTime

metadata = MetaData()

search_docs = Table(
    "search_docs", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("status", String(16), nullable=False),
    Column("author_id", Integer, nullable=False),
    Column("channel_id", Integer, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

search_text = Table(
    "search_text", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("doc", LargeBinary, nullable=False),
)

search_queue = Table(
    "search_queue", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, nullable=False),
)

search_state = Table(
    "search_state", metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

search_terms = Table(  # PostgreSQL only
    "search_terms", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("head", ARRAY(BigInteger), nullable=False),  # codes of the headline's characters and bigrams
    Column("toks", ARRAY(BigInteger), nullable=False),  # … of everything (tokens.token_set)
    Column("head_doc", Text, nullable=False),  # normalised headline
)

search_plain = Table(  # PostgreSQL only: the normalised rest, kept apart so search_terms stays narrow
    "search_plain", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("doc", Text, nullable=False),  # in the row, LZ4 where the server has it (migration 0012)
)

search_trigrams = Table(  # PostgreSQL only: the trigrams indexed beside characters and bigrams (index.listed_trigrams)
    "search_trigrams", metadata,
    Column("code", BigInteger, primary_key=True, autoincrement=False),
)
