"""Starts the real tamyrd binary for the pyzmq interop tests."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import zmq


# How much longer than usual the tests wait for tamyrd: TAMYR_TIMEOUT_SCALE (1 when unset), which
# `make asan` and `make tsan` set because the sanitizers slow tamyrd down. It stretches waits only,
# never what a test expects (see Tests/_TamyrTestSupport/TimeoutScale.swift).
TIMEOUT_SCALE = float(os.environ.get("TAMYR_TIMEOUT_SCALE") or 1)


def scaled(seconds):
    """`seconds` stretched by TIMEOUT_SCALE."""
    return seconds * TIMEOUT_SCALE


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bin_dir():
    path = os.environ.get("TAMYR_BIN_DIR")
    if not path:
        path = subprocess.check_output(["swift", "build", "--show-bin-path"], text=True).strip()
    return path


class Tamyrd:
    """tamyrd on free ports. `config_extra`: YAML appended to the generated config, for
    the sections it does not write itself (windows, kpi, sla, log), e.g.
    "windows:\n  tumbling: [2s]\nkpi:\n  max_groups: 3\n"."""

    def __init__(self, subscribe=None, config_extra=""):
        self.dir = tempfile.mkdtemp(prefix="tamyrd-interop-")
        self.ingest = f"tcp://127.0.0.1:{free_port()}"
        self.publish = f"tcp://127.0.0.1:{free_port()}"
        config = os.path.join(self.dir, "tamyrd.yaml")
        subs = json.dumps([subscribe] if subscribe else [])
        with open(config, "w") as f:
            f.write(
                f"ingest:\n  pull: [\"{self.ingest}\"]\n  subscribe: {subs}\n"
                f"publish:\n  bind: [\"{self.publish}\"]\n  status_every: 200ms\n"
                f"state:\n  dir: {self.dir}/state\n"
            )
            f.write(config_extra)
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir(), "tamyrd"), "--config", config],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
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
