"""The catalogue as open data: the exports (CSV, JSON, JSON-LD), the API and its docs,
the feeds and the sitemaps."""
