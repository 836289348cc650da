"""Everything the CLI prints goes through here, so stored text cannot drive the terminal.

Posts, author names, file names and error messages come from scraped data and
from other people's files. They are stored verbatim, but printed raw they could
set the window title (OSC 0), write the clipboard (OSC 52), clear the screen
(CSI 2J) or hide a line behind a carriage return. Human output therefore shows
every control character as a visible stand-in:

* C0 controls (and DEL) as their Unicode "control pictures": ESC is ``␛``, CR
  ``␍``, BEL ``␇``, DEL ``␡``; newlines and tabs are kept, they only lay text out;
* C1 controls (U+0080–U+009F, e.g. the one-byte CSI ``\\x9b``) as ``\\x9b``, since
  some terminals act on them even when UTF-8 encoded;
* bytes of a file name that were not UTF-8 (lone surrogates) as ``\\xff``.

JSON output stays exact (it is for programs): ``json.dumps`` already writes C0
controls as ``\\u001b``; :func:`echo_json` also escapes DEL and C1 controls, which
JSON allows raw, so that ``--json`` on a terminal is just as inert. Parsing the
JSON gives back the stored text unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import click

_KEPT = "\n\t"


def _visible_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    for kept in _KEPT:
        del table[ord(kept)]
    table[0x7F] = "\u2421"
    table.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
    # surrogateescape turns an undecodable byte 0xNN into U+DCNN; show the byte
    table.update({code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)})
    table.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000) if code not in table})
    return table


_VISIBLE = _visible_table()
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0)]}
_JSON_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})


def neutralize(value: object) -> str:
    """``value`` as text that a terminal only displays (see the module docstring)."""
    return str(value).translate(_VISIBLE)


def echo(message: object = "", err: bool = False) -> None:
    """click.echo of neutralized text: the one way commands print human output."""
    click.echo(neutralize(message), err=err)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def json_text(data: Any) -> str:
    """Indented JSON (datetimes as ISO 8601) with no raw control character in it."""
    text = json.dumps(data, indent=2, default=_default, ensure_ascii=False)
    # Outside strings JSON has only ASCII, so every such character sits in a string,
    # where \\uXXXX means the same character: the data read back is unchanged.
    return text.translate(_JSON_ESCAPES)


def echo_json(data: Any) -> None:
    """Print data as indented JSON (see :func:`json_text`)."""
    click.echo(json_text(data))


def print_table(rows: Sequence[dict], columns: Sequence[str], title: str | None = None) -> None:
    """Print rows as a table with the given columns (text is shown, never interpreted)."""
    from rich.console import Console  # rich costs ~40 ms: only commands that draw tables
    from rich.table import Table

    table = Table(title=None if title is None else neutralize(title), show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if row.get(c) is None else neutralize(row.get(c)) for c in columns])
    console = Console(markup=False, highlight=False, emoji=False)
    if not console.is_terminal:  # piped or captured: do not squeeze columns to 80
        console = Console(markup=False, highlight=False, emoji=False, width=200)
    console.print(table)
