"""Rule tagging of posts: a YAML rules file → ``post_tags`` rows with ``applied_by='rule'``.

A rule names a tag and says when a post gets it: any of its keywords (whole words,
case-insensitive), regular expressions or authors matches. The row records the
rule's confidence and, in ``system_notes``, the rule and the text that matched, so a
person can see why. The file format is documented in docs/cli.md and in
config/tag_rules.example.yaml.

Runs are incremental and idempotent: only posts whose ``updated_at`` moved since the
last run are examined (every post when the rules file changed). Tags a person
applied (``applied_by='user'``) or a model applied (``'ai'``) are never changed or
removed; a rule tag whose rule no longer matches an examined post is removed.
Dagster's ``post_tags`` asset calls :func:`tag_posts` after every ingest.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from socialdb import ids
from socialdb.db import Database, utcnow
from socialdb.errors import NotFoundError, ValidationError
from socialdb.managers import _sql, journal
from socialdb.managers._base import normalize_tag_name
from socialdb.managers.tags import DEFAULT_COLOR, check_color

FILE = "tagging_queries"
DEFAULT_RULES = Path("config") / "tag_rules.yaml"
DEFAULT_CONFIDENCE = 0.8
SNIPPET_CHARS = 40
_RULE_KEYS = {"name", "tag", "description", "color", "confidence", "keywords", "patterns",
              "authors", "case_sensitive"}


@dataclass(frozen=True)
class Rule:
    """One rule of the file, compiled."""

    name: str
    tag: str
    confidence: float
    keywords: tuple[tuple[str, re.Pattern[str]], ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    authors: frozenset[str]
    description: str | None = None
    color: str | None = None

    def match(self, author: str | None, text: str | None) -> str | None:
        """Why this rule applies to a post (for system_notes), or None."""
        if author and author.casefold() in self.authors:
            return f"rule {self.name!r} matched author {author!r}"
        for label, kind, compiled in (*((k, "keyword", p) for k, p in self.keywords),
                                      *((k, "pattern", p) for k, p in self.patterns)):
            found = compiled.search(text or "")
            if found:
                start = max(0, found.start() - SNIPPET_CHARS)
                snippet = " ".join((text or "")[start:found.end() + SNIPPET_CHARS].split())
                return (f"rule {self.name!r} matched {kind} {label!r} "
                        f"({found.group(0)!r}) in: …{snippet}…")
        return None


@dataclass
class TaggingReport:
    """What one ``tag-posts`` run did (also the Dagster asset's metadata)."""

    rules_path: str
    rules: int
    full_scan: bool = False
    posts_examined: int = 0
    tags_added: int = 0
    tags_updated: int = 0
    tags_removed: int = 0
    tags_created: list[str] = field(default_factory=list)
    duration_seconds: float = 0.0
    skipped: str | None = None  # why nothing ran (no rules file configured)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return asdict(self)


def default_rules_path() -> Path:
    """$SOCIALDB_TAG_RULES, else config/tag_rules.yaml (relative to the working folder)."""
    return Path(os.environ.get("SOCIALDB_TAG_RULES") or DEFAULT_RULES)


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(f"{where} must be a list of non-empty strings")
    return value


def _rule(raw: Any, index: int) -> Rule:
    where = f"rule {index + 1}"
    if not isinstance(raw, dict):
        raise ValidationError(f"{where} must be a mapping with at least 'tag'")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ValidationError(f"{where} has unknown keys {sorted(unknown)}; "
                              f"allowed: {sorted(_RULE_KEYS)}")
    tag = normalize_tag_name(raw.get("tag") if isinstance(raw.get("tag"), str) else None)
    name = str(raw.get("name") or tag)
    where = f"rule {name!r}"
    confidence = raw.get("confidence", DEFAULT_CONFIDENCE)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) \
            or not 0.0 <= confidence <= 1.0:
        raise ValidationError(f"{where}: confidence must be a number from 0.0 to 1.0")
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    keywords = tuple((k, re.compile(rf"(?<!\w){re.escape(k.strip())}(?!\w)", flags))
                     for k in _strings(raw.get("keywords"), f"{where}: keywords"))
    patterns = []
    for pattern in _strings(raw.get("patterns"), f"{where}: patterns"):
        try:
            patterns.append((pattern, re.compile(pattern, flags)))
        except re.error as error:
            raise ValidationError(f"{where}: bad regular expression {pattern!r}: {error}") \
                from None
    authors = frozenset(a.strip().casefold()
                        for a in _strings(raw.get("authors"), f"{where}: authors"))
    if not (keywords or patterns or authors):
        raise ValidationError(f"{where} needs keywords, patterns or authors")
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        raise ValidationError(f"{where}: description must be text")
    color = check_color(raw["color"]) if raw.get("color") is not None else None
    return Rule(name, tag, float(confidence), keywords, tuple(patterns), authors,
                description, color)


def load_rules(path: str | Path) -> tuple[list[Rule], str]:
    """The compiled rules of a file and the hash of its bytes; one clear error if bad."""
    file = Path(path)
    if not file.is_file():
        raise NotFoundError(f"rules file {file} not found "
                            "(copy config/tag_rules.example.yaml to start)")
    data = file.read_bytes()
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValidationError(f"rules file {file} is not valid YAML: "
                              f"{' '.join(str(error).split())}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list) or not doc["rules"]:
        raise ValidationError(f"rules file {file} needs a non-empty top-level 'rules:' list")
    rules = [_rule(raw, i) for i, raw in enumerate(doc["rules"])]
    names = [r.name for r in rules]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValidationError(f"rules file {file} has duplicate rule names: {dupes}")
    return rules, hashlib.blake2b(data, digest_size=16).hexdigest()


def _stage(con: Any, name: str, rows: list[dict], schema: pa.Schema) -> None:
    columns = {f.name: [r[f.name] for r in rows] for f in schema}
    con.register(name, pa.table(columns, schema=schema))


_ROWS = pa.schema([("post_tag_id", pa.string()), ("post_id", pa.string()),
                   ("tag_id", pa.string()), ("confidence", pa.float64()),
                   ("system_notes", pa.string())])


def tag_posts(db: Database, rules_path: str | Path | None = None) -> TaggingReport:
    """Apply the rules to posts changed since the last run, in one transaction.

    With no ``rules_path`` and no default rules file, nothing runs and the report
    says so (``skipped``): a fresh install without rules must not fail every
    pipeline run. A ``rules_path`` that does not exist is an error.
    """
    began = time.monotonic()
    path = Path(rules_path) if rules_path else default_rules_path()
    if not rules_path and not path.is_file():
        return TaggingReport(rules_path=str(path), rules=0, skipped=(
            f"no rules file at {path}: copy config/tag_rules.example.yaml there, set "
            "$SOCIALDB_TAG_RULES or pass --rules"))
    rules, rules_hash = load_rules(path)
    report = TaggingReport(rules_path=str(path), rules=len(rules))
    started_at = utcnow()
    with db.connect() as con:
        journal.settle(con)
        con.execute("BEGIN TRANSACTION")
        try:
            _run(con, rules, rules_hash, report, started_at)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    report.duration_seconds = round(time.monotonic() - began, 3)
    return report


def _tag_ids(con: Any, rules: list[Rule], report: TaggingReport) -> dict[str, str]:
    found: dict[str, str] = {}
    for rule in rules:
        if rule.tag in found:
            continue
        row = _sql.fetch_one(con, "posts_lookup", "tag_by_name", name=rule.tag)
        if row is None:
            tag_id = ids.new_id(con, "tag")
            _sql.execute(con, "tags_manager", "insert", tag_id=tag_id, name=rule.tag,
                         description=rule.description, color=rule.color or DEFAULT_COLOR,
                         now=utcnow())
            report.tags_created.append(rule.tag)
            row = {"tag_id": tag_id}
        found[rule.tag] = row["tag_id"]
    return found


def _run(con: Any, rules: list[Rule], rules_hash: str, report: TaggingReport,
         started_at: Any) -> None:
    tag_ids = _tag_ids(con, rules, report)
    last = _sql.fetch_one(con, FILE, "last_run")
    report.full_scan = last is None or last["rules_hash"] != rules_hash
    watermark = None if report.full_scan else last["watermark"]
    cursor = _sql.execute(con, FILE, "posts_to_examine", full=report.full_scan or
                          watermark is None, watermark=watermark)
    wanted: dict[tuple[str, str], tuple[float, str]] = {}
    examined: list[str] = []
    while batch := cursor.fetchmany(5000):
        for post_id, author, text in batch:
            examined.append(post_id)
            for rule in rules:
                why = rule.match(author, text)
                key = (post_id, tag_ids[rule.tag])
                if why and (key not in wanted or rule.confidence > wanted[key][0]):
                    wanted[key] = (rule.confidence, why)
    report.posts_examined = len(examined)
    con.register("stg_tag_posts", pa.table({"post_id": pa.array(examined, pa.string())}))
    existing = {(r["post_id"], r["tag_id"]): r
                for r in _sql.fetch_all(con, FILE, "existing_tags")}
    con.unregister("stg_tag_posts")
    add, change, drop = [], [], []
    for key, (confidence, why) in wanted.items():
        have = existing.get(key)
        row = {"post_id": key[0], "tag_id": key[1], "confidence": confidence,
               "system_notes": why, "post_tag_id": have["post_tag_id"] if have else None}
        if have is None:
            add.append(row)
        elif have["applied_by"] == "rule" and (
                have["system_notes"] != why or abs((have["confidence"] or 0) - confidence) > 1e-6):
            change.append(row)
    for key, have in existing.items():
        if have["applied_by"] == "rule" and key not in wanted:
            drop.append(have)
    for row, new_id in zip(add, ids.new_ids(con, "post_tag", len(add)), strict=True):
        row["post_tag_id"] = new_id
    now = utcnow()
    for rows, statement in ((add, "insert_tags"), (change, "update_tags"), (drop, "delete_tags")):
        if rows:
            _stage(con, "stg_tag_rows", rows, _ROWS)
            try:
                _sql.execute(con, FILE, statement, now=now)
            finally:
                con.unregister("stg_tag_rows")
    report.tags_added, report.tags_updated, report.tags_removed = len(add), len(change), len(drop)
    newest = _sql.scalar(con, FILE, "newest_update")
    _sql.execute(con, FILE, "record_run", started_at=started_at, finished_at=utcnow(),
                 rules_path=report.rules_path, rules_hash=rules_hash,
                 watermark=newest if newest is not None else watermark,
                 full_scan=report.full_scan, posts_examined=report.posts_examined,
                 tags_added=report.tags_added, tags_updated=report.tags_updated,
                 tags_removed=report.tags_removed)
