"""Land one scrape result as a raw file, atomically, in the landing layout.

``<landing>/YYYYMMDD/<platform folder>/dataset_<username>_<YYYY-MM-DD_HH-MM-SS>-<ms>.json``,
named exactly as the real scraper names its files (``socialdb.apify.files``:
milliseconds unpadded), so a scraped file is indistinguishable from the historical
ones and the sensor, backfills and ``socialdb ingest`` read it the same way.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from socialdb.apify.files import dataset_file_name
from socialdb.apify.platforms import DEFAULT_PLATFORM, platform_for


class OutsideLandingError(OSError):
    """The file a username would produce does not resolve inside the landing folder."""


def dataset_file_path(
    landing: Path, username: str, when: datetime, platform: str = DEFAULT_PLATFORM
) -> Path:
    """Where a scrape of ``username`` finished at ``when`` (UTC) lands.

    Usernames are validated when profiles are added, but a row stored before that
    rule (or edited by hand) must still never write elsewhere: the path is resolved
    and refused unless it stays in its day's platform folder under ``landing``.
    """
    folder = landing / f"{when:%Y%m%d}" / platform_for(platform).folder
    path = folder / dataset_file_name(username, when)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in username) or (
        path.resolve().parent != folder.resolve()
    ):
        raise OutsideLandingError(
            f"username {username!r} would write outside the landing folder {landing}; refused")
    return path


def write_dataset_file(
    landing: Path, username: str, when: datetime, items: list[Any],
    platform: str = DEFAULT_PLATFORM,
) -> Path:
    """Write ``items`` as one JSON array, atomically, and return the final path.

    The bytes go to a hidden temporary name in the same folder (which the ingest and
    the sensor ignore), are fsynced, then renamed with ``os.replace``: a reader sees
    either no file or the whole file, never a partial one under a ``.json`` name.
    An existing file is never overwritten: the stamp moves on by a millisecond.
    """
    path = dataset_file_path(landing, username, when, platform)
    while path.exists():
        when += timedelta(milliseconds=1)
        path = dataset_file_path(landing, username, when, platform)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
