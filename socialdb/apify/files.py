"""Apify files on disk: where they are, when they were scraped, and what they hold.

The landing layout is
``<root>/YYYYMMDD/<platform folder>/dataset_<username>_<YYYY-MM-DD_HH-MM-SS>-<ms>.json``,
``<ms>`` the milliseconds as an unpadded integer (``-42`` is 42 ms, ``-7`` is 7 ms),
as the real scraper (``run_apify.sh``: ``$(( 10#$(date +%N) / 1000000 ))``) writes
them; :func:`dataset_file_name` writes names the same way, so reader and writer agree.
A file is known by its *name* (the layout makes names unique). Decoding keeps the
exact text of every record, so ``raw_json`` stores the record as received, and
salvages the complete records in front of a truncation.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The milliseconds are 1-3 digits; a name with more is not a scraper name (its time
# then comes from Apify's finish time or the mtime, like any other name).
DATASET_NAME = re.compile(
    r"^dataset_(?P<username>.+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<time>\d{2}-\d{2}-\d{2})"
    r"(?:-(?P<millis>\d{1,3}))?\.json$"
)
DAY_FOLDER = re.compile(r"^\d{8}$")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Names a downloader uses while a file is still being written.
_IN_PROGRESS_MARKERS = (".tmp", ".part", ".partial", ".crdownload", ".download")


@dataclass(frozen=True, slots=True)
class DecodedFile:
    """The records of one file: (index, exact JSON text, parsed value) each.

    ``problem`` is set when the file could not be read in full; ``records`` then
    holds whatever complete records preceded the damage (possibly none).
    """

    records: list[tuple[int, str, Any]]
    problem: str | None = None


def is_candidate(path: Path) -> bool:
    """True for a ``.json`` file that is not hidden, temporary or a partial download."""
    name = path.name
    if not name.endswith(".json") or name.startswith((".", "~")):
        return False
    return not any(marker in name[:-5] for marker in _IN_PROGRESS_MARKERS)


# On Linux a file name is bytes; Python hands a name that is not valid UTF-8 over as a
# str holding lone surrogates (PEP 383). Such a string cannot be encoded as UTF-8, so
# neither DuckDB nor a terminal can take it: those files are named as rejected, with
# the bad bytes escaped (\xff), instead of being stored.
NOT_UTF8_REASON = "file name is not valid UTF-8 (rename the file to ingest it)"


def is_utf8_path(path: str | os.PathLike[str]) -> bool:
    """True when the path is valid UTF-8 (it can be stored in the database as text)."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_utf8_reason(path: Path) -> str:
    """Why a path that is not valid UTF-8 is rejected: its file name, or a folder's."""
    if is_utf8_path(path.name):
        return "folder name is not valid UTF-8 (rename the folder to ingest its files)"
    return NOT_UTF8_REASON


def printable_path(path: str | os.PathLike[str]) -> str:
    """The path with every byte that is not valid UTF-8 written as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def discover(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[tuple[str, str]], list[str]]:
    """Files to ingest from files and folders (recursively), rejected paths, and notes.

    Returns candidate files sorted by path without duplicates; (path, reason) for
    each path that does not exist or whose name is not valid UTF-8 (shown with the
    bad bytes escaped: such a name cannot be stored or printed); a note for each
    non-.json file named directly.
    """
    found: dict[Path, None] = {}
    rejected: list[tuple[str, str]] = []
    problems: list[str] = []

    def consider(candidate: Path) -> None:
        if is_utf8_path(candidate):
            found[candidate] = None
        else:
            rejected.append((printable_path(candidate), not_utf8_reason(candidate)))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in _data_files_below(path):
                consider(candidate)
        elif path.is_file():
            if is_candidate(path):
                consider(path)
            else:
                problems.append(f"{printable_path(path)}: ignored (not a .json data file)")
        else:
            rejected.append((printable_path(path), "no such file or folder"))
    return sorted(found, key=str), rejected, problems


def _data_files_below(folder: Path) -> Iterator[Path]:
    """Candidate data files below ``folder`` (hidden folders skipped).

    ``os.scandir`` answers "is it a file?" from the directory listing itself, so a
    folder of thousands of unchanged files costs no stat call per file here (a no-op
    re-ingest is mostly this walk).
    """
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        pending.append(entry.path)
                elif is_candidate(Path(entry.name)) and entry.is_file():
                    yield Path(entry.path)


def scrape_time_from_name(name: str) -> datetime | None:
    """The scrape time in a ``dataset_<user>_<YYYY-MM-DD_HH-MM-SS>-<ms>.json`` name (naive UTC).

    ``<ms>`` is integer milliseconds, unpadded: ``-42`` is .042 s, ``-7`` is .007 s,
    ``-235`` is .235 s (not a decimal fraction: ``-42`` is not .42 s).
    """
    match = DATASET_NAME.match(name)
    if not match:
        return None
    year, month, day = match["date"].split("-")
    hour, minute, second = match["time"].split("-")
    millis = int(match["millis"] or 0)
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        millis * 1000)
    except ValueError:
        return None


def dataset_file_name(username: str, when: datetime) -> str:
    """The name the real scraper gives a scrape of ``username`` at ``when`` (UTC).

    Milliseconds unpadded, like ``run_apify.sh``; :func:`scrape_time_from_name` reads
    it back to the millisecond.
    """
    return f"dataset_{username}_{when:%Y-%m-%d_%H-%M-%S}-{when.microsecond // 1000}.json"


def username_from_name(name: str) -> str | None:
    """The profile username a legacy-layout file was scraped for."""
    match = DATASET_NAME.match(name)
    return match["username"] if match else None


def scrape_day(path: Path) -> str | None:
    """``YYYYMMDD`` of the scrape: the landing folder, else the date in the file name."""
    for folder in (path.parent.parent.name, path.parent.name):
        if DAY_FOLDER.match(folder):
            return folder
    stamp = scrape_time_from_name(path.name)
    return stamp.strftime("%Y%m%d") if stamp else None


def snapshot_time(path: Path, fetched_at: datetime | None = None) -> datetime:
    """When the scrape happened: the name's timestamp, else Apify's finish time, else mtime."""
    stamp = scrape_time_from_name(path.name)
    if stamp:
        return stamp
    if fetched_at:
        return fetched_at
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)


def decode(data: bytes) -> DecodedFile:
    """Parse a file's bytes into records, keeping each record's exact text.

    Accepts a top-level array (Apify's export) or a single object (one record);
    tolerates a UTF-8 byte-order mark. Never raises for bad content.
    """
    if data.startswith(_UTF16_BOMS):
        return DecodedFile([], "wrong encoding: UTF-16 (expected UTF-8)")
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return DecodedFile([], f"wrong encoding: not valid UTF-8 (byte offset {error.start})")
    start = _WHITESPACE.match(text, 0).end()
    if start == len(text):
        return DecodedFile([], "empty file")
    if text[start] == "[":
        return _decode_array(text, start + 1)
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        return DecodedFile([], f"not JSON: {error.msg} at line {error.lineno} column {error.colno}")
    except ValueError as error:
        return DecodedFile([], f"not JSON: {error}")
    except RecursionError:
        return DecodedFile([], "nesting too deep")
    if _WHITESPACE.match(text, end).end() != len(text):
        return DecodedFile([], "not JSON: extra data after the first value")
    if isinstance(value, dict) and set(value) == {"error"}:
        return DecodedFile([], f"an Apify error response, not data: {str(value['error'])[:200]}")
    if not isinstance(value, dict):
        return DecodedFile([], f"not an Apify export: top-level {type(value).__name__}")
    return DecodedFile([(0, text[start:end], value)])


def _not_json_constant(name: str) -> None:
    # Python reads NaN/Infinity, but they are not JSON: DuckDB (and Apify) never accept them.
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_not_json_constant)


def _decode_array(text: str, position: int) -> DecodedFile:
    records: list[tuple[int, str, Any]] = []
    position = _WHITESPACE.match(text, position).end()
    if text.startswith("]", position):
        return _finish(text, position + 1, records)
    for index in itertools.count():
        try:
            value, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as error:
            return DecodedFile(records, _damage(error, index))
        except ValueError as error:
            return DecodedFile(records, f"not JSON in record {index}: {error}")
        except RecursionError:
            return DecodedFile(records, f"nesting too deep in record {index}")
        records.append((index, text[position:end], value))
        position = _WHITESPACE.match(text, end).end()
        if text.startswith("]", position):
            return _finish(text, position + 1, records)
        if not text.startswith(",", position):
            where = "end of file" if position >= len(text) else f"offset {position}"
            return DecodedFile(records, f"truncated or not JSON: expected , or ] at {where}")
        position = _WHITESPACE.match(text, position + 1).end()
    raise AssertionError("unreachable")


def _finish(text: str, position: int, records: list[tuple[int, str, Any]]) -> DecodedFile:
    if _WHITESPACE.match(text, position).end() != len(text):
        return DecodedFile(records, "not JSON: extra data after the array")
    return DecodedFile(records)


def _damage(error: json.JSONDecodeError, index: int) -> str:
    if error.pos >= len(error.doc) - 1:
        return f"truncated: the file ends inside record {index}"
    return f"not JSON in record {index}: {error.msg} at line {error.lineno} column {error.colno}"


