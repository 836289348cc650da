"""Lenient readers for the scalar values Apify emits in several shapes.

Real exports carry numbers as ints, floats or display strings ("1,234", "1.2K"),
and timestamps as epoch seconds or milliseconds, numbers or strings. Each reader
returns a clean value or raises :class:`ValueProblem` with a reason a person can act on.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

INT32_MAX = 2**31 - 1
# Epoch bounds for a post: LinkedIn did not exist before 2003; 2100 catches garbage.
EARLIEST_POST = 1_041_379_200  # 2003-01-01
LATEST_POST = 4_102_444_800  # 2100-01-01
_MILLIS_THRESHOLD = 100_000_000_000  # above this an epoch value is in milliseconds
_MICROS_THRESHOLD = 100_000_000_000_000  # ... and above this, microseconds
_COUNT_TEXT = re.compile(r"^\s*([0-9][0-9,\s]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*\+?\s*$")


class ValueProblem(ValueError):
    """A value that cannot be normalized; the message names the field and the reason."""


class WrongType(ValueProblem):
    """A value of the wrong JSON type: ``field X is <type seen>, expected <type>``."""

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field, self.seen, self.expected = field, type_name(value), expected
        super().__init__(f"field {field} is {self.seen}, expected {expected}")


def type_name(value: object) -> str:
    """The JSON name of a Python value's type, for messages."""
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _as_number(field: str, value: object) -> float:
    if isinstance(value, bool):
        raise WrongType(field, value, "number")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem(f"{field} is {value}, expected a finite number")
        return float(value) if isinstance(value, float) else value
    if isinstance(value, str):
        match = _COUNT_TEXT.match(value)
        if not match:
            raise ValueProblem(f"{field} {value[:40]!r} is not a number")
        digits = match[1].replace(",", "").replace(" ", "")
        number = float(digits) if "." in digits else int(digits)
        scale = {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]
        return number * scale
    raise WrongType(field, value, "number")


def count_value(field: str, value: object) -> int:
    """A non-negative engagement count that fits an INTEGER column."""
    if type(value) is int and 0 <= value <= INT32_MAX:  # the common case, kept cheap
        return value
    number = _as_number(field, value)
    if number < 0:
        raise ValueProblem(f"{field} is negative ({value})")
    if number > INT32_MAX:
        raise ValueProblem(f"{field} {value} is out of range")
    return round(number)


def epoch_seconds(field: str, value: object) -> int:
    """Unix seconds from seconds, milliseconds or microseconds, number or numeric string."""
    if isinstance(value, str) and not value.strip().lstrip("-").replace(".", "", 1).isdigit():
        raise ValueProblem(f"{field} {value[:40]!r} is not a number")
    number = _as_number(field, value.strip() if isinstance(value, str) else value)
    if number >= _MICROS_THRESHOLD:
        number /= 1_000_000
    elif number >= _MILLIS_THRESHOLD:
        number /= 1_000
    seconds = int(number)
    if not EARLIEST_POST <= seconds < LATEST_POST:
        raise ValueProblem(f"{field} {value} is out of range (not a date between 2003 and 2100)")
    return seconds


def date_text_seconds(field: str, value: object) -> int:
    """Unix seconds from Apify's ``posted_at.date`` text ("YYYY-MM-DD HH:MM:SS", UTC)."""
    if not isinstance(value, str):
        raise WrongType(field, value, "string")
    text = value.strip().replace("T", " ").removesuffix("Z")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return epoch_seconds(field, int(parsed.timestamp()))
    raise ValueProblem(f"{field} {value[:40]!r} is not a date")
