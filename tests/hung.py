"""A stuck dependency for the tests: a TCP server on a free local port that accepts every
connection and never says a word (a PostgreSQL or Redis that hangs), and a way to point
the site's database connection at it."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class SilentServer:
    """Accepts connections on 127.0.0.1:``port`` and holds them open, answering nothing."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, name="silent-server", daemon=True)

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(5)
        for connection in self.accepted:
            connection.close()


def production_database_settings(database_url, **environment):
    """``DATABASES["default"]`` as production's settings make it from ``database_url`` (a
    fresh process reading the environment), ready for a ``DatabaseWrapper``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env |= {"DJANGO_SECRET_KEY": "x", "DATABASE_URL": database_url, **environment}
    code = "import json, catalogue_site.settings as s; print(json.dumps(s.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


@contextlib.contextmanager
def default_database(settings_dict):
    """This thread's ``connections["default"]`` made from ``settings_dict`` for a while
    (the test's own database comes back afterwards)."""
    from django.db import connections
    from django.db.utils import load_backend

    configured = connections.configure_settings({"default": settings_dict})["default"]
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, "default")
    original = connections["default"]
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        connections["default"] = original
        wrapper.close()
