"""JSON given by a user (action params, media analyses): parsed strictly, stored as real JSON.

Python's json module is lenient where a database must not be: it reads and writes
``NaN``/``Infinity`` (not JSON: DuckDB's JSON functions reject the stored text),
turns ``1e400`` into an infinite float, recurses once per nesting level (so a
2,000-deep document ends in a RecursionError) and refuses integers over 4,300
digits with a ValueError. Every one of these becomes one :class:`ValidationError`
naming the option, before anything is stored.
"""

from __future__ import annotations

import json

from socialdb.errors import ValidationError

#: Deep enough for any real parameters; deeper nesting is refused before parsing.
MAX_DEPTH = 32


def load_json(text: str, what: str) -> object:
    """The value of a JSON document, or ValidationError saying what is wrong with it."""
    if _text_depth(text) > MAX_DEPTH:
        raise ValidationError(f"{what} is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ValidationError(f"{what} is not valid JSON: {error.msg} "
                              f"(line {error.lineno} column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # NaN, a 5,000-digit integer
        raise ValidationError(f"{what} is not valid JSON: {error}") from None


def dump_json(value: object, what: str, *, sort_keys: bool = False) -> str:
    """Standard JSON text for ``value`` (unicode kept), or ValidationError."""
    if _value_depth(value) > MAX_DEPTH:
        raise ValidationError(f"{what} is nested more than {MAX_DEPTH} levels deep")
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, allow_nan=False)
        text.encode("utf-8")  # a lone surrogate cannot be stored as text
    except UnicodeEncodeError:
        raise ValidationError(f"{what} holds text that is not valid Unicode") from None
    except ValueError as error:  # NaN/Infinity, or a float that overflowed to inf
        raise ValidationError(f"{what} holds a value JSON cannot store: {error}") from None
    except TypeError as error:  # a Python caller passed a set, bytes, ...
        raise ValidationError(f"{what} holds a value that is not JSON: {error}") from None
    return text


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _text_depth(text: str) -> int:
    """Deepest bracket nesting outside strings, found without parsing (so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _value_depth(value: object, level: int = 0) -> int:
    """Nesting of a Python value, looking no deeper than just past the limit."""
    if level > MAX_DEPTH or not isinstance(value, dict | list | tuple):
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_value_depth(child, level + 1) for child in children), default=level + 1)
