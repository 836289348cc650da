"""`socialdb tui`: the terminal triage viewer (Textual), one small module per screen.

Textual is imported only here, never by the rest of socialdb, so `socialdb --help`
and the other commands stay light. ``data`` holds everything the screens compute
without Textual (loading, filtering, sorting, cells); ``app`` runs every database
call through the managers in a worker thread.
"""
