"""Fichas, the record sheets: reading one (``reader``: text or .docx, bounded), writing a
practice back in the same layout, and importing a batch into the catalogue (``importer``)."""
