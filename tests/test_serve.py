"""gunicorn as `make serve` and the benchmark and load test start it: several instances on
one host, each with its own control socket or none, never the user's shared
``~/.gunicorn/gunicorn.ctl`` (which a second instance would take over)."""

import contextlib
import subprocess
from pathlib import Path

import pytest

from tools.perf import bench

pytestmark = pytest.mark.slow  # starts gunicorn (about 5 s a test)

ROOT = Path(__file__).resolve().parents[1]


def make_serve_command(**variables):
    """The gunicorn command line of `make serve` (the Makefile's recipe, not run by make)."""
    result = subprocess.run(
        ["make", "-n", "serve", *(f"{name}={value}" for name, value in variables.items())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.replace("\\\n", " ").splitlines()
    [command] = [line for line in lines if "gunicorn catalogue_site.wsgi" in line]
    return command


@pytest.fixture
def host(tmp_path):
    """A user's home and runtime folder of the test's own, and production's environment."""
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir()
    env = bench.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env |= {"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    return env, [home / ".gunicorn" / "gunicorn.ctl", runtime / "gunicorn.ctl"]


@contextlib.contextmanager
def make_serve(env, log_path, **variables):
    """`make serve`'s gunicorn started (not yet answering: ``up()`` waits for it)."""
    port = bench.free_port()
    command = make_serve_command(HOST=bench.HOST, PORT=port, WEB_CONCURRENCY=1, **variables)
    with Path(log_path).open("w") as log:
        server = subprocess.Popen(
            ["sh", "-c", f"exec {command}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield lambda: bench.wait_until_up(server, port, log_path)
    finally:
        bench.stop_gunicorn(server)


def test_two_instances_on_one_host_leave_the_shared_control_socket_alone(host, tmp_path):
    env, shared_sockets = host

    with (
        make_serve(env, tmp_path / "serve.log") as up,
        bench.serving(env, 1, tmp_path / "bench.log"),  # the benchmark's and load test's
    ):
        up()
        assert [path for path in shared_sockets if path.exists()] == []


def test_an_instance_may_have_a_control_socket_of_its_own(host, tmp_path):
    env, shared_sockets = host
    own = tmp_path / "bbp-8000.ctl"

    with make_serve(env, tmp_path / "serve.log", GUNICORN_CONTROL_SOCKET=own) as up:
        up()
        assert own.is_socket()
        assert [path for path in shared_sockets if path.exists()] == []
