"""/estadisticas/: the catalogue's counts, its charts and their CSVs."""
