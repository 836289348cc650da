"""Generate a realistic Apify corpus for benchmarks, in the real landing layout.

Tens of profiles scraped every 6 hours for a month: each scrape returns the
profile's newest posts, so the same posts recur across files with growing stats,
new posts appear over time, and the mix holds reposts/quotes (with the original
inside), images, carousels, videos, documents, articles and company pages.
Defaults: 50 profiles x 30 days x 4 scrapes = 6,000 files, 60,000 records, ~125 MB.
File names follow the real scraper: ``dataset_<user>_<YYYY-MM-DD_HH-MM-SS>-<ms>.json``
with ``<ms>`` an unpadded integer 0-999.

    python benchmarks/generate_corpus.py --out benchmarks/corpus
    python benchmarks/generate_corpus.py --out benchmarks/corpus10x --profiles 500
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "data", "pipeline", "duckdb", "latency", "postgres", "roadmap", "hiring", "keynote",
    "cloud", "agents", "security", "observability", "finops", "serverless", "migration",
    "benchmark", "kubernetes", "growth", "workshop", "launch", "graviton", "customers",
    "team", "reinvent", "lambda", "cost", "ai", "platform", "streaming", "lakehouse",
]
EMOJI = ["\U0001f680", "\U0001f4ca", "\U0001f449", "\U0001f4a1", "\u2705", "\U0001f525"]
START = datetime(2025, 9, 1, tzinfo=UTC)


def _paragraphs(rng: random.Random, count: int) -> str:
    parts = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(15, 34))
        sentence = " ".join(words).capitalize()
        parts.append(sentence + rng.choice([".", "!", "?", " " + rng.choice(EMOJI)]))
    return "\n\n".join(parts)


class Profile:
    """One watched profile and the posts it has published so far."""

    def __init__(self, index: int, rng: random.Random) -> None:
        self.rng = rng
        first = rng.choice(["Jeff", "Lars", "Ana", "Mei", "Omar", "Sara", "Ivan", "Nia"])
        last = rng.choice(["Quinn", "Okafor", "Kowalski", "Haddad", "Silva", "Chen", "Berg"])
        self.company = index % 10 == 9
        self.username = f"{first.lower()}-{last.lower()}-{index}"
        self.author = (
            {"first_name": f"{last} Labs", "headline": "Company page",
             "profile_url": f"https://www.linkedin.com/company/{self.username}/posts",
             "profile_picture": None}
            if self.company else
            {"first_name": first, "last_name": last, "headline": _paragraphs(rng, 1)[:60],
             "username": self.username,
             "profile_url": f"https://www.linkedin.com/in/{self.username}?miniProfileUrn=x",
             "profile_picture": f"https://media.licdn.com/dms/image/v2/{index}/photo/0/1"}
        )
        self.posts: list[dict] = []
        self.next_id = 7_300_000_000_000_000_000 + index * 10_000_000

    def publish(self, when: datetime) -> None:
        """A new post appears (its stats start at zero and grow)."""
        rng = self.rng
        self.next_id += rng.randint(1, 9_999)
        activity = str(self.next_id)
        kind = rng.choices(["regular", "repost", "quote", "article"], [70, 12, 10, 8])[0]
        post = {
            "urn": {"activity_urn": activity, "share_urn": str(self.next_id - 7),
                    "ugcPost_urn": None},
            "full_urn": f"urn:li:activity:{activity}",
            "posted_at": {"date": when.strftime("%Y-%m-%d %H:%M:%S"),
                          "relative": "1 hour ago \u2022 Visible to anyone on or off LinkedIn",
                          "timestamp": int(when.timestamp() * 1000)},
            "text": _paragraphs(rng, rng.randint(2, 6)),
            "url": f"https://www.linkedin.com/posts/{self.username}_activity-{activity}-x",
            "post_type": kind,
            "author": self.author,
            "stats": {k: 0 for k in ("total_reactions", "like", "support", "love", "insight",
                                     "celebrate", "funny", "comments", "reposts")},
            "pagination_token": f"tok{activity}",
            "_rate": rng.uniform(0.5, 40),
        }
        media_kind = rng.random()
        if media_kind < 0.35:
            post["media"] = {"type": "image", "url": f"https://media.licdn.com/img/{activity}/0",
                             "images": [{"url": f"https://media.licdn.com/img/{activity}/0",
                                         "width": 1200, "height": 800}]}
        elif media_kind < 0.45:
            post["media"] = {"type": "images", "images": [
                {"url": f"https://media.licdn.com/img/{activity}/{i}", "width": 800, "height": 800}
                for i in range(rng.randint(2, 5))]}
        elif media_kind < 0.52:
            post["media"] = {"type": "video",
                             "url": f"https://dms.licdn.com/playlist/vid/{activity}/mp4-720p",
                             "thumbnail": f"https://media.licdn.com/videocover/{activity}"}
        elif media_kind < 0.56:
            post["document"] = {"title": "Slides", "page_count": rng.randint(3, 30),
                                "url": f"https://media.licdn.com/doc/{activity}",
                                "thumbnail": f"https://media.licdn.com/doc/{activity}/thumb"}
        if kind == "article":
            post["article"] = {"url": f"https://example.com/article/{activity}",
                               "title": "An article", "subtitle": "example.com",
                               "thumbnail": f"https://media.licdn.com/article/{activity}"}
        if kind in ("repost", "quote"):
            original = str(7_200_000_000_000_000_000 + rng.randint(0, 500) * 1_000)
            post["reshared_post"] = {
                "urn": {"activity_urn": original, "share_urn": None, "ugcPost_urn": None},
                "posted_at": {"date": "2025-08-30 02:10:29", "relative": "3 days ago",
                              "timestamp": 1756519829614},
                "text": _paragraphs(rng, 2),
                "author": {"first_name": "Someone", "last_name": "Else", "username": "someone-1",
                           "profile_url": "https://www.linkedin.com/in/someone-1"},
                "stats": {"total_reactions": rng.randint(10, 5000), "comments": 3, "reposts": 1},
            }
        self.posts.insert(0, post)

    def scrape(self, when: datetime, limit: int) -> list[dict]:
        """What the actor returns at ``when``: the newest posts with their stats now."""
        records = []
        for post in self.posts[:limit]:
            age_hours = max(0.0, (when.timestamp() - post["posted_at"]["timestamp"] / 1000) / 3600)
            total = int(post["_rate"] * age_hours ** 0.8)
            stats = dict(post["stats"])
            stats["total_reactions"] = total
            split = [0.6, 0.1, 0.08, 0.1, 0.1, 0.02]
            for key, share in zip(("like", "support", "love", "insight", "celebrate", "funny"),
                                  split, strict=True):
                stats[key] = int(total * share)
            stats["comments"] = total // 12
            stats["reposts"] = total // 30
            record = {k: v for k, v in post.items() if k != "_rate"}
            record["stats"] = stats
            records.append(record)
        return records


def generate(out: Path, profiles: int, days: int, scrapes_per_day: int, limit: int,
             seed: int) -> tuple[int, int, int]:
    """Write the corpus; returns (files, records, bytes)."""
    rng = random.Random(seed)
    people = [Profile(i, random.Random(rng.random())) for i in range(profiles)]
    for person in people:
        for back in range(limit):
            person.publish(START - timedelta(days=limit - back, hours=rng.randint(0, 20)))
    files = records = size = 0
    step = timedelta(hours=24 / scrapes_per_day)
    for day in range(days):
        for slot in range(scrapes_per_day):
            base = START + timedelta(days=day) + slot * step
            for person in people:
                if person.rng.random() < 0.25:
                    person.publish(base - timedelta(minutes=person.rng.randint(5, 300)))
                when = base + timedelta(seconds=person.rng.randint(10, 1700),
                                        milliseconds=person.rng.randint(0, 999))
                folder = out / when.strftime("%Y%m%d") / "linkedin"
                folder.mkdir(parents=True, exist_ok=True)
                # The real scraper writes the milliseconds unpadded
                # ($(( 10#$(date +%N) / 1000000 ))):
                # "-7" is 7 ms, "-42" is 42 ms, "-235" is 235 ms.
                stamp = when.strftime("%Y-%m-%d_%H-%M-%S-") + str(when.microsecond // 1000)
                batch = person.scrape(when, limit)
                text = json.dumps(batch, indent=1)
                (folder / f"dataset_{person.username}_{stamp}.json").write_text(text)
                files += 1
                records += len(batch)
                size += len(text)
    return files, records, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/corpus"))
    parser.add_argument("--profiles", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scrapes-per-day", type=int, default=4)
    parser.add_argument("--limit", type=int, default=10, help="records per file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files, records, size = generate(args.out, args.profiles, args.days, args.scrapes_per_day,
                                    args.limit, args.seed)
    print(f"wrote {files} files, {records} records, {size / 1e6:.0f} MB to {args.out}")


if __name__ == "__main__":
    main()
