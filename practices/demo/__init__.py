"""Demo practices for development and the benchmark (``manage.py seed_demo``)."""
