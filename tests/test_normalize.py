"""SPEC §3 normalization rules, record by record (pure functions, no database)."""

from __future__ import annotations

import json

import pytest

from socialdb.apify.linkedin import (
    PLATFORM,
    engagement,
    extract_media,
    normalize_record,
    post_identity,
)
from socialdb.apify.platforms import UnknownPlatform, platform_for
from socialdb.apify.records import FieldProblem, NormalizedRecord, Rejection


def record(**overrides: object) -> dict:
    """A realistic record (shape of the shared samples) with fields replaced."""
    base = {
        "urn": {"activity_urn": "7370413544595925347", "share_urn": "7370413544588272873",
                "ugcPost_urn": None},
        "full_urn": "urn:li:activity:7370413544595925347",
        "posted_at": {"date": "2025-10-01 00:00:00", "relative": "1 hour ago",
                      "timestamp": 1759276800000},
        "text": "Hello",
        "url": "https://www.linkedin.com/posts/jeff-quinn-1_x-activity-7370413544595925347-zIKe",
        "post_type": "regular",
        "author": {"first_name": "Jeff", "last_name": "Quinn", "username": "jeff-quinn-1",
                   "profile_url": "https://www.linkedin.com/in/jeff-quinn-1?mini=1"},
        "stats": {"total_reactions": 12, "like": 10, "love": 2, "comments": 1, "reposts": 0},
    }
    base.update(overrides)
    return base


def ok(value: object) -> NormalizedRecord:
    result = normalize_record(value)
    assert isinstance(result, NormalizedRecord), result
    return result


def rejected(value: object) -> str:
    result = normalize_record(value)
    assert isinstance(result, Rejection), result
    return result.reason


class TestIdentity:
    def test_full_urn_wins_over_urn_object(self) -> None:
        rec = ok(record(urn={"activity_urn": "111"}, full_urn="urn:li:activity:222"))
        assert (rec.urn, rec.full_urn) == ("222", "urn:li:activity:222")

    def test_ugcpost_full_urn(self) -> None:
        assert ok(record(full_urn="urn:li:ugcPost:333")).urn == "333"

    @pytest.mark.parametrize(
        ("urn", "expected"),
        [
            ({"activity_urn": "444", "ugcPost_urn": "555"}, ("444", "urn:li:activity:444")),
            ({"activity_urn": None, "ugcPost_urn": "555"}, ("555", "urn:li:ugcPost:555")),
            ("urn:li:activity:666", ("666", "urn:li:activity:666")),
            ("777", ("777", "urn:li:activity:777")),
            (888, ("888", "urn:li:activity:888")),
        ],
    )
    def test_fallbacks_without_full_urn(self, urn: object, expected: tuple[str, str]) -> None:
        rec = ok(record(urn=urn, full_urn=None))
        assert (rec.urn, rec.full_urn) == expected

    def test_garbage_full_urn_falls_back_to_urn(self) -> None:
        assert ok(record(full_urn="not-an-urn", urn={"activity_urn": "999"})).urn == "999"

    @pytest.mark.parametrize("urn", [None, {}, {"activity_urn": None}, "", "abc", True, []])
    def test_no_identity_is_rejected(self, urn: object) -> None:
        assert "no post identity" in rejected(record(urn=urn, full_urn=None))

    def test_legacy_full_form_maps_like_raw(self) -> None:
        """The legacy DB stores 'urn:li:activity:N'; the raw file gives full_urn: same post."""
        assert post_identity("urn:li:activity:123", None)[0] == post_identity(None, "urn:li:activity:123")[0]


class TestTime:
    @pytest.mark.parametrize(
        "timestamp",
        [1759276800000, 1759276800, "1759276800000", "1759276800", 1759276800000.0, " 1759276800 "],
    )
    def test_seconds_milliseconds_and_strings(self, timestamp: object) -> None:
        rec = ok(record(posted_at={"timestamp": timestamp}))
        assert rec.posted_at_timestamp == 1759276800

    def test_date_text_when_no_timestamp(self) -> None:
        rec = ok(record(posted_at={"date": "2025-10-01 00:00:00"}))
        assert rec.posted_at_timestamp == 1759276800

    @pytest.mark.parametrize(
        ("posted_at", "reason"),
        [
            ({"timestamp": -5}, "out of range"),
            ({"timestamp": 10**20}, "out of range"),
            ({"timestamp": "yesterday"}, "not a number"),
            ({"timestamp": True}, "boolean"),
            ({"relative": "1h"}, "neither timestamp nor date"),
            (None, "missing"),
            ([1, 2], "field posted_at is array, expected object"),
        ],
    )
    def test_bad_times_are_rejected(self, posted_at: object, reason: str) -> None:
        assert reason in rejected(record(posted_at=posted_at))


class TestAuthor:
    def test_company_page_uses_profile_url_slug(self) -> None:
        author = {"first_name": "Acme", "profile_url": "https://www.linkedin.com/company/acme-inc/posts"}
        assert ok(record(author=author)).author_username == "acme-inc"

    def test_in_slug_without_username(self) -> None:
        author = {"profile_url": "https://www.linkedin.com/in/j%C3%BCrgen-x?miniProfileUrn=1"}
        assert ok(record(author=author)).author_username == "jürgen-x"

    @pytest.mark.parametrize("author", [None, {}, {"profile_url": "https://example.com/x"}, 5])
    def test_unknown_author_is_null(self, author: object) -> None:
        assert ok(record(author=author)).author_username is None


class TestEngagement:
    @pytest.mark.parametrize(
        ("total", "expected"),
        [(1234, 1234), ("1,234", 1234), ("1.2K", 1200), (" 3M ", 3_000_000), (7.0, 7), (None, 0)],
    )
    def test_numeric_forms(self, total: object, expected: int) -> None:
        assert ok(record(stats={"total_reactions": total})).total_reactions == expected

    def test_missing_stats_count_as_zero(self) -> None:
        assert ok({k: v for k, v in record().items() if k != "stats"}).total_reactions == 0
        assert engagement(None) == (0, None)

    def test_stats_json_keeps_the_whole_object(self) -> None:
        stats = {"total_reactions": "1,234", "like": 1000, "funny": 4, "new_kind": 9}
        total, stats_json = engagement(stats)
        assert total == 1234 and json.loads(stats_json or "null") == stats

    @pytest.mark.parametrize(
        ("stats", "reason"),
        [
            ("12", "stats is string"),
            ({"total_reactions": -1}, "negative"),
            ({"total_reactions": 2**40}, "out of range"),
            ({"total_reactions": "lots"}, "not a number"),
        ],
    )
    def test_bad_stats_are_rejected(self, stats: object, reason: str) -> None:
        assert reason in rejected(record(stats=stats))

    @pytest.mark.parametrize(
        ("stats", "problem"),
        [
            ({"total_reactions": 5, "like": -3},
             "field stats.like is -3, expected a non-negative number in range; field dropped"),
            ({"total_reactions": 5, "comments": "many"},
             "field stats.comments is string, expected number; field dropped"),
            ({"total_reactions": 5, "reposts": 2**40},
             f"field stats.reposts is {2**40}, expected a non-negative number in range; "
             "field dropped"),
        ],
    )
    def test_a_bad_other_count_is_dropped_and_the_record_kept(
        self, stats: dict, problem: str
    ) -> None:
        rec = ok(record(stats=stats))
        assert rec.total_reactions == 5 and [str(p) for p in rec.problems] == [problem]
        assert json.loads(engagement(stats)[1] or "null") == stats  # stats_json verbatim

    def test_keys_outside_the_known_counts_are_left_alone(self) -> None:
        rec = ok(record(stats={"total_reactions": 3, "top_reaction": "LIKE", "x": [1]}))
        assert rec.total_reactions == 3 and rec.problems == ()


class TestTypes:
    @pytest.mark.parametrize("value", [None, 5, "text", [1], True])
    def test_non_object_records(self, value: object) -> None:
        assert "expected an object" in rejected(value)

    @pytest.mark.parametrize("field", ["text", "url", "post_type"])
    def test_wrong_scalar_types_are_dropped_and_named(self, field: str) -> None:
        rec = ok(record(**{field: ["x"]}))
        assert [str(p) for p in rec.problems] == [
            f"field {field} is array, expected string; field dropped"]
        assert {"text": rec.text_content, "url": rec.url, "post_type": rec.post_type}[field] is None

    def test_hostile_text_is_kept_verbatim(self) -> None:
        text = "'; DROP TABLE posts; --\x00<script>alert(1)</script>\u202e\U0001f600"
        assert ok(record(text=text)).text_content == text

    def test_unknown_top_level_keys_are_reported(self) -> None:
        assert PLATFORM.unknown_keys(record(reactions_v2={"x": 1})) == {"reactions_v2"}
        assert PLATFORM.unknown_keys(record()) == set()


class TestMedia:
    def test_every_kind_of_media(self) -> None:
        rec = record(
            media={"type": "images", "images": [
                {"url": "https://m/1", "width": 800, "height": 600},
                {"url": "https://m/2", "width": "wide", "height": -1},
                {"url": "https://m/1", "width": 1, "height": 1}]},
            document={"title": "Deck", "url": "https://m/doc", "thumbnail": "https://m/doc-t"},
            article={"url": "https://ex.com/a", "thumbnail": "https://m/art-t"},
        )
        got = [(m.media_type, m.media_url, m.width, m.height) for m in extract_media(rec)]
        assert got == [
            ("image", "https://m/1", 800, 600),
            ("image", "https://m/2", None, None),
            ("document", "https://m/doc", None, None),
            ("thumbnail", "https://m/doc-t", None, None),
            ("article_thumbnail", "https://m/art-t", None, None),
        ]

    def test_video_and_its_thumbnail(self) -> None:
        rec = record(media={"type": "video", "url": "https://v/1.mp4", "thumbnail": "https://v/t"})
        assert [(m.media_type, m.media_url) for m in extract_media(rec)] == [
            ("video", "https://v/1.mp4"), ("thumbnail", "https://v/t")]

    @pytest.mark.parametrize("media", [None, "x", {"type": "image"}, {"images": "no"}, []])
    def test_malformed_media_yields_nothing(self, media: object) -> None:
        assert extract_media(record(media=media)) == ()


class TestWrongTypesAreNamedNeverCoerced:
    """Issue 8 §2: per field, a wrong type rejects the record or drops the field; both named."""

    @pytest.mark.parametrize(
        ("overrides", "problems", "column", "value"),
        [
            ({"author": "not-an-object"},
             ["field author is string, expected object"], "author_username", None),
            ({"author": ["x"]}, ["field author is array, expected object"], "author_username", None),
            ({"author": {"username": 7, "profile_url": "https://www.linkedin.com/in/slug-1"}},
             ["field author.username is number, expected string"], "author_username", "slug-1"),
            ({"author": {"profile_url": {"u": 1}}},
             ["field author.profile_url is object, expected string"], "author_username", None),
            ({"text": 12}, ["field text is number, expected string"], "text_content", None),
            ({"url": {"href": "x"}}, ["field url is object, expected string"], "url", None),
            ({"post_type": True}, ["field post_type is boolean, expected string"], "post_type", None),
            ({"full_urn": 7370413544595925347},
             ["field full_urn is number, expected string"], "full_urn",
             "urn:li:activity:7370413544595925347"),
            ({"urn": ["x"]}, ["field urn is array, expected object or string"], "urn",
             "7370413544595925347"),
            ({"media": "https://m/1"}, ["field media is string, expected object"], "media", ()),
            ({"media": {"type": "images", "images": "https://m/1"}},
             ["field media.images is string, expected array"], "media", ()),
            ({"media": {"type": "images", "images": ["https://m/1", {"url": "https://m/2"}]}},
             ["field media.images[0] is string, expected object"], "media",
             (("image", "https://m/2"),)),
            ({"media": {"type": 3, "url": ["u"], "thumbnail": 9}},
             ["field media.type is number, expected string",
              "field media.url is array, expected string",
              "field media.thumbnail is number, expected string"], "media", ()),
            ({"media": {"images": [{"url": 5}, {"url": "https://m/3", "width": "wide"}]}},
             ["field media.images[0].url is number, expected string",
              "field media.images[1].width is string, expected number"], "media",
             (("image", "https://m/3"),)),
            ({"document": ["d"]}, ["field document is array, expected object"], "media", ()),
            ({"document": {"url": 1, "thumbnail": "https://m/t"}},
             ["field document.url is number, expected string"], "media",
             (("thumbnail", "https://m/t"),)),
            ({"article": "https://ex.com"}, ["field article is string, expected object"],
             "media", ()),
            ({"article": {"thumbnail": False}},
             ["field article.thumbnail is boolean, expected string"], "media", ()),
            ({"reshared_post": "urn:li:activity:1"},
             ["field reshared_post is string, expected object"], "media", ()),
        ],
    )
    def test_dropped_fields(
        self, overrides: dict, problems: list[str], column: str, value: object
    ) -> None:
        rec = ok(record(**overrides))
        assert [str(p) for p in rec.problems] == [f"{p}; field dropped" for p in problems]
        got = getattr(rec, column)
        if column == "media":
            got = tuple((m.media_type, m.media_url) for m in got)
        assert got == value
        assert rec.urn == "7370413544595925347" and rec.total_reactions == 12  # record kept

    @pytest.mark.parametrize(
        ("overrides", "reason"),
        [
            ({"urn": ["x"], "full_urn": None},
             "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn): "
             "field urn is array, expected object or string"),
            ({"urn": None, "full_urn": {"id": 1}},
             "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn): "
             "field full_urn is object, expected string"),
            ({"posted_at": ["2025"]}, "field posted_at is array, expected object"),
            ({"posted_at": True}, "field posted_at is boolean, expected object"),
            ({"posted_at": {"timestamp": [1]}}, "field posted_at.timestamp is array, expected number"),
            ({"posted_at": {"date": 5}}, "field posted_at.date is number, expected string"),
            ({"stats": "12"}, "field stats is string, expected object"),
            ({"stats": [12]}, "field stats is array, expected object"),
            ({"stats": {"total_reactions": [1]}},
             "field stats.total_reactions is array, expected number"),
        ],
    )
    def test_rejected_records(self, overrides: dict, reason: str) -> None:
        assert rejected(record(**overrides)) == f"{reason}; record rejected"

    @pytest.mark.parametrize(
        ("stats", "problem"),
        [({"total_reactions": 3, "comments": {"n": 1}},
          "field stats.comments is object, expected number; field dropped"),
         ({"total_reactions": 3, "like": True},
          "field stats.like is boolean, expected number; field dropped")],
    )
    def test_a_wrong_typed_other_count_is_dropped(self, stats: dict, problem: str) -> None:
        rec = ok(record(stats=stats))
        assert rec.total_reactions == 3 and [str(p) for p in rec.problems] == [problem]

    def test_a_new_structure_inside_stats_is_kept_not_a_count(self) -> None:
        rec = ok(record(stats={"total_reactions": 3, "by_type": {"like": 3}}))
        assert rec.total_reactions == 3 and rec.problems == ()

    def test_a_clean_record_has_no_problems(self) -> None:
        assert ok(record(media={"type": "images", "images": [{"url": "https://m/1"}]},
                         reshared_post={"urn": "1"})).problems == ()

    def test_an_out_of_range_dimension_is_dropped_and_named(self) -> None:
        rec = ok(record(media={"images": [{"url": "https://m/1", "height": -1}]}))
        assert rec.problems == (
            FieldProblem("media.images[0].height", "-1", "a non-negative number in range"),)
        assert rec.media[0].height is None


class TestPlatformRegistry:
    def test_linkedin_is_described_by_its_own_module(self) -> None:
        linkedin = platform_for("linkedin")
        assert linkedin is PLATFORM and linkedin.folder == "linkedin"
        assert linkedin.actor_id == "apimaestro/linkedin-profile-posts"
        assert linkedin.actor_input("alice", 7) == {"username": "alice", "page_number": 1,
                                                    "limit": 7}
        assert linkedin.normalize is normalize_record

    def test_an_unknown_platform_is_named(self) -> None:
        with pytest.raises(UnknownPlatform, match="unknown platform 'myspace' \\(known: linkedin\\)"):
            platform_for("myspace")
