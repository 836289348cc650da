"""LinkedIn through Apify's ``apimaestro/linkedin-profile-posts``: its actor and record rules.

Pure functions, no I/O (SPEC §3). A record normalizes to a :class:`NormalizedRecord`
(perhaps with dropped fields named in ``problems``) or yields a :class:`Rejection`.
Per field, a wrong type:

* **rejects the record** for the identity (``full_urn``/``urn`` give none),
  ``posted_at`` (no post time) and ``stats`` (not an object, or a count that is not
  a number: the snapshot's engagement would be a false 0);
* **drops the field and keeps the record** for ``author`` (no author_username),
  ``text``, ``url``, ``post_type``, ``media``, ``article``, ``document``,
  ``reshared_post`` (validated, although only ``raw_json`` keeps it), a ``full_urn``
  or ``urn`` when the other still gives the identity, and every part read inside
  them (``media.images`` not an array, an image not an object, a URL not a string...).

The identity, time, author, engagement and media rules also serve the legacy
migration, so a migrated post and the same post ingested from a raw file are one.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from socialdb.apify.records import (
    FieldProblem,
    MediaItem,
    NormalizedRecord,
    Platform,
    Rejection,
    dimension_value,
    drop,
    optional_string,
    url_value,
)
from socialdb.apify.values import (
    INT32_MAX,
    ValueProblem,
    WrongType,
    count_value,
    date_text_seconds,
    epoch_seconds,
    type_name,
)

NAME = "linkedin"
ACTOR_ID = "apimaestro/linkedin-profile-posts"
# Top-level keys the normalizer understands; anything else means the actor changed.
KNOWN_RECORD_KEYS = frozenset(
    {
        "urn", "full_urn", "posted_at", "text", "url", "post_type", "author", "stats",
        "media", "article", "document", "reshared_post", "pagination_token",
    }
)
# The counts of ``stats``: each must be a number (or null). Other keys of stats are
# kept in stats_json; a container there is a new structure of the actor, not a count.
STATS_COUNTS = frozenset(
    {"total_reactions", "like", "support", "love", "insight", "celebrate", "funny",
     "comments", "reposts"}
)
_NO_IDENTITY = "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn)"
_URN_DIGITS = re.compile(r"^urn:li:(activity|ugcPost|share):(\d+)$")
_BARE_DIGITS = re.compile(r"^\d+$")
_PROFILE_SLUG = re.compile(r"/(?:in|company|school|showcase)/([^/?#]+)")


def actor_input(username: str, limit: int) -> dict[str, Any]:
    """The actor input that scrapes one profile's newest ``limit`` posts."""
    return {"username": username, "page_number": 1, "limit": limit}


def post_identity(urn: object, full_urn: object) -> tuple[str, str | None]:
    """(bare urn digits, full urn) by SPEC §3's rule; raises ValueProblem when there is none.

    ``full_urn`` wins; then ``urn.activity_urn``, ``urn.ugcPost_urn``; then a plain
    string ``urn`` (older exports, and the legacy database, which stores the full
    ``urn:li:activity:...`` form or the bare id).
    """
    if isinstance(full_urn, str) and full_urn.strip():
        digits = _digits_of(full_urn.strip())
        if digits:
            return digits, full_urn.strip()
    if isinstance(urn, dict):
        for key, kind in (("activity_urn", "activity"), ("ugcPost_urn", "ugcPost")):
            value = urn.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                digits = _digits_of(value.strip())
                if digits:
                    return digits, f"urn:li:{kind}:{digits}"
    elif _urn_scalar(urn) and str(urn).strip():
        text = str(urn).strip()
        digits = _digits_of(text)
        if digits:
            return digits, text if text.startswith("urn:") else f"urn:li:activity:{digits}"
    raise ValueProblem(_NO_IDENTITY)


def _urn_scalar(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)  # old exports: a number


def _digits_of(value: str) -> str | None:
    if _BARE_DIGITS.match(value):
        return value
    match = _URN_DIGITS.match(value)
    return match[2] if match else None


def _identity(record: dict[str, Any], problems: list[FieldProblem]) -> tuple[str, str | None]:
    """The post identity; a wrong-typed ``urn``/``full_urn`` is named, and rejects if needed."""
    urn, full_urn = record.get("urn"), record.get("full_urn")
    wrong = []
    if full_urn is not None and type(full_urn) is not str:
        wrong.append(FieldProblem("full_urn", type_name(full_urn), "string"))
    if urn is not None and type(urn) is not dict and not _urn_scalar(urn):
        wrong.append(FieldProblem("urn", type_name(urn), "object or string"))
    try:
        identity = post_identity(urn, full_urn)
    except ValueProblem:
        if wrong:
            detail = "; ".join(f"field {w.field} is {w.seen}, expected {w.expected}" for w in wrong)
            raise ValueProblem(f"{_NO_IDENTITY}: {detail}") from None
        raise
    problems.extend(wrong)
    return identity


def author_username(author: object, problems: list[FieldProblem] | None = None) -> str | None:
    """``author.username``, else the /in/ or /company/ slug of ``author.profile_url``.

    An ``author`` that is not an object gives no username (it is never taken as one).
    """
    if author is None:
        return None
    if type(author) is not dict:
        drop(problems, "author", author, "object")
        return None
    username = optional_string(author, "username", problems, "author.username")
    if username and username.strip():
        return username.strip()
    profile_url = optional_string(author, "profile_url", problems, "author.profile_url")
    if profile_url:
        match = _PROFILE_SLUG.search(profile_url)
        if match:
            return unquote(match[1]) or None
    return None


def posted_at_seconds(posted_at: object) -> int:
    """Unix seconds of the post: ``posted_at.timestamp`` (ms or s), else ``posted_at.date``."""
    if isinstance(posted_at, dict):
        timestamp = posted_at.get("timestamp")
        if timestamp is not None:
            return epoch_seconds("posted_at.timestamp", timestamp)
        if posted_at.get("date") is not None:
            return date_text_seconds("posted_at.date", posted_at["date"])
        raise ValueProblem("posted_at has neither timestamp nor date")
    if posted_at is None:
        raise ValueProblem("posted_at is missing")
    if isinstance(posted_at, int | float) and not isinstance(posted_at, bool):
        return epoch_seconds("posted_at", posted_at)
    if isinstance(posted_at, str):
        try:
            return epoch_seconds("posted_at", posted_at)
        except ValueProblem:
            return date_text_seconds("posted_at", posted_at)
    raise WrongType("posted_at", posted_at, "object")


def engagement_total(stats: object, problems: list[FieldProblem] | None = None) -> int:
    """``total_reactions`` from ``stats``; missing stats are 0.

    Only a bad ``total_reactions`` rejects the record: the snapshot's engagement would
    be false. A bad count under another known key (``stats.comments`` a string) is
    named in ``problems`` as dropped and the record kept; ``stats_json`` keeps the
    object verbatim either way. Keys outside ``STATS_COUNTS`` are the actor's own
    business and are not checked. The ingest takes ``stats_json`` from the record's
    raw text in SQL, so this only validates and returns the total.
    """
    if stats is None:
        return 0
    if type(stats) is not dict:
        raise WrongType("stats", stats, "object")
    for key, value in stats.items():
        if key == "total_reactions" or key not in STATS_COUNTS or value is None or (
            type(value) is int and 0 <= value <= INT32_MAX
        ):
            continue  # the common case: a plain count, nothing to check
        try:
            count_value(f"stats.{key}", value)
        except WrongType as problem:
            drop(problems, problem.field, value, "number")
        except ValueProblem:
            if problems is not None:
                seen = "string" if type(value) is str else str(value)
                expected = "number" if type(value) is str else "a non-negative number in range"
                problems.append(FieldProblem(f"stats.{key}", seen, expected))
    total = stats.get("total_reactions")
    return 0 if total is None else count_value("stats.total_reactions", total)


def engagement(
    stats: object, problems: list[FieldProblem] | None = None
) -> tuple[int, str | None]:
    """(total_reactions, stats_json) from ``stats``; missing stats count as zero."""
    total = engagement_total(stats, problems)
    return total, None if stats is None else json.dumps(stats, ensure_ascii=False)


def extract_media(
    record: dict[str, Any], problems: list[FieldProblem] | None = None
) -> tuple[MediaItem, ...]:
    """Each image of ``media.images``, each video (and its thumbnail), document and
    article thumbnail, deduplicated by URL in the order first seen; wrong-typed
    parts are skipped and named in ``problems``."""
    found: dict[str, MediaItem] = {}

    def add(media_type: str, url: str | None, width: int | None = None,
            height: int | None = None) -> None:
        if url and url not in found:
            found[url] = MediaItem(media_type, url, width, height)

    media = record.get("media")
    if media is not None and type(media) is not dict:
        drop(problems, "media", media, "object")
    elif media:
        kind = optional_string(media, "type", problems, "media.type")
        images = media.get("images")
        if type(images) is list:
            for number, image in enumerate(images):
                where = f"media.images[{number}]"
                if type(image) is not dict:
                    drop(problems, where, image, "object")
                    continue
                add("image", url_value(image.get("url"), f"{where}.url", problems),
                    dimension_value(image.get("width"), f"{where}.width", problems),
                    dimension_value(image.get("height"), f"{where}.height", problems))
        elif images is not None:
            drop(problems, "media.images", images, "array")
        url = url_value(media.get("url"), "media.url", problems)
        if kind == "video":
            add("video", url)
        elif kind in (None, "image", "images") or kind.startswith("image"):
            add("image", url)
        else:
            add(kind, url)
        add("thumbnail", url_value(media.get("thumbnail"), "media.thumbnail", problems))
    document = record.get("document")
    if document is not None and type(document) is not dict:
        drop(problems, "document", document, "object")
    elif document:
        add("document", url_value(document.get("url"), "document.url", problems))
        add("thumbnail", url_value(document.get("thumbnail"), "document.thumbnail", problems))
    article = record.get("article")
    if article is not None and type(article) is not dict:
        drop(problems, "article", article, "object")
    elif article:
        add("article_thumbnail", url_value(article.get("thumbnail"), "article.thumbnail", problems))
    return tuple(found.values())


def normalize_record(record: object) -> NormalizedRecord | Rejection:
    """Normalize one record: the columns plus the dropped fields, or why it is rejected."""
    if type(record) is not dict:
        return Rejection(f"record is {type_name(record)}, expected an object; record rejected")
    problems: list[FieldProblem] = []
    try:
        urn, full_urn = _identity(record, problems)
        posted_at = posted_at_seconds(record.get("posted_at"))
        total_reactions = engagement_total(record.get("stats"), problems)
    except ValueProblem as problem:
        return Rejection(f"{problem}; record rejected")
    author = author_username(record.get("author"), problems)
    text = optional_string(record, "text", problems)
    post_type = optional_string(record, "post_type", problems)
    url = optional_string(record, "url", problems)
    media = extract_media(record, problems)
    reshared = record.get("reshared_post")  # validated; only raw_json keeps it
    if reshared is not None and type(reshared) is not dict:
        drop(problems, "reshared_post", reshared, "object")
    return NormalizedRecord(
        urn=urn, full_urn=full_urn, posted_at_timestamp=posted_at, author_username=author,
        text_content=text, post_type=post_type, url=url, total_reactions=total_reactions,
        media=media, problems=tuple(problems) if problems else (),
    )


PLATFORM = Platform(
    name=NAME,
    folder=NAME,
    actor_id=ACTOR_ID,
    actor_input=actor_input,
    normalize=normalize_record,
    known_keys=KNOWN_RECORD_KEYS,
)
