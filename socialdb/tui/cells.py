"""Stored text made safe to show: no markup, no control characters.

Posts, author and file names come from scraped data. DataTable reads a plain ``str``
as Rich markup (a ``[`` would style the cell or be refused), and a raw ESC or OSC
sequence would reach the terminal, so every such text goes through here; control
characters become visible stand-ins, as in the CLI (:mod:`socialdb.cli.output`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from socialdb.cli.output import json_text, neutralize

__all__ = ["json_text", "plain", "shown"]


def shown(value: object) -> str:
    """The text with every control character as a visible stand-in (``␛`` for ESC)."""
    return neutralize(value)


def plain(*values: Any, style: str = "") -> list[Any]:
    """The values with every string as inert :class:`rich.text.Text` (no markup)."""
    return [Text(shown(value), style=style) if isinstance(value, str) else value
            for value in values]
