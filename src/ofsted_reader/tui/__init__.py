"""The reader: a Textual app over a parsed :class:`~ofsted_reader.model.Report`.

It reads only the model and the cache; parsing stays in the ingest layer.
``ofsted_reader.tui.app.run(path, theme=None)`` is the entry point the CLI uses.
"""
