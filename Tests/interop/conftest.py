"""Starts the real tamyrd binary for the pyzmq interop tests."""
import json
import os
import signal
import subprocess
import tempfile
import time

import pytest
import zmq

from ports import free_port  # noqa: F401 (the tests import it from here)



# Sockets and contexts that a failed test never closed are closed by the garbage collector, in
# whichever thread happens to run it. pyzmq's own __del__ closes them with the sockets' linger,
# infinite by default, so a PUSH socket still holding messages for a daemon that is gone blocks
# that thread for good: under `make tsan` a failed pressure test hung the next test's producer
# thread (its join never returned). Leaked ones are therefore closed with linger 0: one failure
# stays one failure. Sockets and contexts the tests close themselves are not affected.
def _close_leaked_socket(self):
    if not getattr(self, "_shadow", True) and not self.closed:
        self.close(linger=0)


def _destroy_leaked_context(self):
    if not getattr(self, "_shadow", True) and not self.closed:
        self.destroy(linger=0)


zmq.Socket.__del__ = _close_leaked_socket
zmq.Context.__del__ = _destroy_leaked_context

# How much longer than usual the tests wait for tamyrd: TAMYR_TIMEOUT_SCALE (1 when unset), which
# `make asan` and `make tsan` set because the sanitizers slow tamyrd down. It stretches waits only,
# never what a test expects (see Tests/_TamyrTestSupport/TimeoutScale.swift).
TIMEOUT_SCALE = float(os.environ.get("TAMYR_TIMEOUT_SCALE") or 1)

# tamyrd serves /metrics on 127.0.0.1:7109 by default (metrics.listen). Daemons the tests start
# without asking for metrics keep it off, so that two of them never race for that port; Tamyrd
# below gives each of its daemons a free port of its own (the environment wins over the file).
os.environ.setdefault("TAMYR_METRICS_LISTEN", "null")


def scaled(seconds):
    """`seconds` stretched by TIMEOUT_SCALE."""
    return seconds * TIMEOUT_SCALE


def wait_subscribed(sub, timeout=10.0):
    """Returns once `sub`, connected to a tamyrd's publish endpoint, has received a status
    record: proof that its subscriptions have reached tamyrd (ZeroMQ's slow joiner: a SUB
    socket connected a moment ago misses what is published before then, and one connected
    before tamyrd bound waits for its reconnect, 100 ms and more). Subscribes to
    status.tamyrd for the wait and unsubscribes after, so one more status record may follow;
    records received meanwhile are dropped."""
    sub.setsockopt(zmq.SUBSCRIBE, b"status.tamyrd")
    deadline = time.monotonic() + scaled(timeout)
    while not (sub.poll(100) and sub.recv_multipart()[0] == b"status.tamyrd"):
        assert time.monotonic() < deadline, "the subscriber never got a status record"
    sub.setsockopt(zmq.UNSUBSCRIBE, b"status.tamyrd")


def bin_dir():
    path = os.environ.get("TAMYR_BIN_DIR")
    if not path:
        path = subprocess.check_output(["swift", "build", "--show-bin-path"], text=True).strip()
    return path


class Tamyrd:
    """tamyrd on free ports. `config_extra`: YAML appended to the generated config, for
    the sections it does not write itself (windows, kpi, sla, security, log), e.g.
    "windows:\n  tumbling: [2s]\nkpi:\n  max_groups: 3\n". `ingest_extra` and
    `publish_extra`: lines added to the ingest and publish sections ("  curve: true\n").
    `status_curve`: (server public, client public, client secret) Z85 keys the status
    subscriber connects with, for a daemon whose publish endpoint requires CURVE."""

    def __init__(self, subscribe=None, config_extra="", ingest_extra="", publish_extra="", status_curve=None):
        self.dir = tempfile.mkdtemp(prefix="tamyrd-interop-")
        self.ingest = f"tcp://127.0.0.1:{free_port()}"
        self.publish = f"tcp://127.0.0.1:{free_port()}"
        # Never the default 7103: daemons of parallel runs would collide on it.
        self.snapshot = f"tcp://127.0.0.1:{free_port()}"
        if "snapshot:" not in publish_extra:
            publish_extra = f'  snapshot: ["{self.snapshot}"]\n' + publish_extra
        # The HTTP endpoint (/metrics, /healthz, /readyz), on a free port.
        self.metrics_address = f"127.0.0.1:{free_port()}"
        self.http = f"http://{self.metrics_address}"
        config = os.path.join(self.dir, "tamyrd.yaml")
        subs = json.dumps([subscribe] if subscribe else [])
        with open(config, "w") as f:
            f.write(
                f"ingest:\n  pull: [\"{self.ingest}\"]\n  subscribe: {subs}\n{ingest_extra}"
                f"publish:\n  bind: [\"{self.publish}\"]\n  status_every: 200ms\n{publish_extra}"
                f"state:\n  dir: {self.dir}/state\n"
            )
            f.write(config_extra)
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir(), "tamyrd"), "--config", config],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, TAMYR_METRICS_LISTEN=self.metrics_address),
        )
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        if status_curve:
            self.sub.curve_serverkey, self.sub.curve_publickey, self.sub.curve_secretkey = status_curve
        self.sub.setsockopt_string(zmq.SUBSCRIBE, "status.tamyrd")
        self.sub.connect(self.publish)

    def status(self, timeout=10.0, until=lambda record: True):
        """The first status record satisfying `until` within `timeout` seconds (scaled), or fails the test."""
        timeout = scaled(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sub.poll(100):
                topic, payload = self.sub.recv_multipart()
                assert topic == b"status.tamyrd"
                record = json.loads(payload)
                if until(record):
                    return record
            assert self.proc.poll() is None, f"tamyrd exited: {self.proc.stderr.read()}"
        pytest.fail("no matching status record within %.0f s" % timeout)

    def stop(self):
        self.sub.close()
        self.ctx.term()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=scaled(5))


class StatefulDaemon:
    """tamyrd started and stopped several times on the same ports and the same
    state.dir (checkpoints every second), each run logging to a file of its own.
    `config_extra`: YAML for the other sections (windows, kpi, ...)."""

    def __init__(self, config_extra="", checkpoint_every="1s"):
        self.dir = tempfile.mkdtemp(prefix="tamyrd-state-")
        self.state = os.path.join(self.dir, "state")
        self.ingest = f"tcp://127.0.0.1:{free_port()}"
        self.publish = f"tcp://127.0.0.1:{free_port()}"
        self.snapshot = f"tcp://127.0.0.1:{free_port()}"
        self.config = os.path.join(self.dir, "tamyrd.yaml")
        self.write_config(config_extra, checkpoint_every)
        self.proc = None
        self.logs = []

    def write_config(self, config_extra, checkpoint_every="1s"):
        with open(self.config, "w") as f:
            f.write(
                f'ingest:\n  pull: ["{self.ingest}"]\n'
                f'publish:\n  bind: ["{self.publish}"]\n  snapshot: ["{self.snapshot}"]\n  status_every: 200ms\n'
                f"state:\n  dir: {self.state}\n  checkpoint_every: {checkpoint_every}\n"
            )
            f.write(config_extra)

    def start(self):
        log = open(os.path.join(self.dir, f"tamyrd-{len(self.logs)}.log"), "w")
        self.logs.append(log.name)
        self.proc = subprocess.Popen([os.path.join(bin_dir(), "tamyrd"), "--config", self.config],
                                     stdout=subprocess.DEVNULL, stderr=log)

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=30)
        if sig == signal.SIGTERM:
            assert code == 0, self.log_text()
        return code

    def log_text(self, run=None):
        names = self.logs if run is None else [self.logs[run]]
        return "".join(open(name).read() for name in names)


@pytest.fixture
def tamyrd():
    daemons = []

    def start(**kwargs):
        daemon = Tamyrd(**kwargs)
        daemons.append(daemon)
        return daemon

    yield start
    for daemon in daemons:
        if daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.proc.wait()
        if not daemon.sub.closed:  # a failed test never reached stop(): an open socket would hang ctx.term() at exit
            daemon.sub.close()
            daemon.ctx.term()
