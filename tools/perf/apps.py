from django.apps import AppConfig


class PerfConfig(AppConfig):
    name = "tools.perf"
    label = "perf"
