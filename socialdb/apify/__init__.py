"""Everything that knows the shape of Apify's output, and nothing else: pure parsing.

``files`` (landing names, snapshot times, decoding a file's bytes into records),
``values`` (lenient scalar readers), ``records`` (what a record becomes, the
:class:`Platform` contract), one module per platform (``linkedin``) and the registry
``platforms``. No database, no ingest, no network: ``tests/test_layers.py`` checks.
The scrape that calls the actors and the ingest that stores the records live in
``socialdb.scrape`` and ``socialdb.ingest``.
"""
