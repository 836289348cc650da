"""The registry of platforms the ingest and the scrape know, by name.

Adding a platform (YouTube, Substack, X) is one new module beside ``linkedin.py``
that defines its :class:`~socialdb.apify.records.Platform`, plus its line here.
"""

from __future__ import annotations

from socialdb.apify import linkedin
from socialdb.apify.records import Platform

DEFAULT_PLATFORM = linkedin.NAME
PLATFORMS: dict[str, Platform] = {p.name: p for p in (linkedin.PLATFORM,)}


class UnknownPlatform(ValueError):
    """A platform name no module describes."""


def platform_for(name: str) -> Platform:
    """The platform called ``name`` (as in ``posts.platform``); UnknownPlatform otherwise."""
    try:
        return PLATFORMS[name]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise UnknownPlatform(f"unknown platform {name!r} (known: {known})") from None
