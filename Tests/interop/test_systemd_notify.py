"""The sd_notify sequence of the real tamyrd, received on a real datagram socket as
systemd would: READY=1 once the sockets are bound, STATUS= lines, WATCHDOG=1 from
the pipeline at half of WATCHDOG_USEC, STOPPING=1 at SIGTERM, then exit 0."""
import json
import os
import re
import socket
import tempfile
import time
import uuid

import pytest
import zmq

from conftest import scaled
from test_interop import event


class NotifyListener:
    """An AF_UNIX datagram socket standing in for systemd's $NOTIFY_SOCKET: a path in a
    temporary directory, or a name in the abstract namespace ('@name' in the variable)."""

    def __init__(self, abstract):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract:
            name = f"tamyr-notify-test-{uuid.uuid4().hex}"
            self.sock.bind("\0" + name)
            self.address = "@" + name
        else:
            self.address = os.path.join(tempfile.mkdtemp(prefix="tamyr-notify-"), "notify")
            self.sock.bind(self.address)
        self.messages = []  # (monotonic time, {key: value}) in arrival order

    def receive(self, until, timeout):
        """Collects datagrams until one satisfies `until` (a dict -> bool); returns it."""
        deadline = time.monotonic() + scaled(timeout)
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                break
            fields = dict(line.split("=", 1) for line in data.decode().split("\n") if line)
            self.messages.append((time.monotonic(), fields))
            if until(fields):
                return fields
        pytest.fail(f"no matching notification within {scaled(timeout):.0f} s; got {[m for _, m in self.messages]}")

    def times_of(self, key):
        return [at for at, fields in self.messages if key in fields]

    def close(self):
        self.sock.close()


@pytest.fixture
def listener(request):
    listeners = []

    def make(abstract=False):
        made = NotifyListener(abstract)
        listeners.append(made)
        return made

    yield make
    for made in listeners:
        made.close()


def test_notify_sequence_on_a_path_socket(tamyrd, listener, monkeypatch):
    notify = listener()
    monkeypatch.setenv("NOTIFY_SOCKET", notify.address)
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")  # a ping expected every 0.5 s
    daemon = tamyrd()

    notify.receive(lambda m: m.get("READY") == "1", timeout=20)
    # At READY=1 the PULL endpoint is bound: a plain TCP connection succeeds at once.
    port = int(daemon.ingest.rsplit(":", 1)[1])
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 1000)
    push.connect(daemon.ingest)
    for i in range(10):
        push.send_string(json.dumps(event(i)))
    assert daemon.status(until=lambda r: r["received"] >= 10)["received"] == 10
    push.close()
    ctx.term()

    # The interval that saw the ten events reports a rate; the watermark is a time by then.
    status = notify.receive(lambda m: re.match(r"[1-9]\d* events/s, ", m.get("STATUS", "")), timeout=10)
    assert re.fullmatch(r"\d+ events/s, watermark 20\S+Z, \d+ received", status["STATUS"]), status
    notify.receive(lambda m: m.get("STATUS", "").endswith(", 10 received"), timeout=10)

    # Watch the watchdog for 3 s: about six pings, about half a second apart.
    end = time.monotonic() + 3
    while time.monotonic() < end:
        try:
            notify.receive(lambda m: False, timeout=max(0.05, end - time.monotonic()))
        except pytest.fail.Exception:
            break
    pings = [at for at in notify.times_of("WATCHDOG") if at >= end - 3]
    assert len(pings) >= 4, pings
    gaps = sorted(b - a for a, b in zip(pings, pings[1:]))
    assert 0.3 <= gaps[len(gaps) // 2] <= scaled(0.8), gaps

    assert daemon.stop() == 0
    notify.receive(lambda m: m.get("STOPPING") == "1", timeout=5)
    ready_at = notify.times_of("READY")
    assert len(ready_at) == 1 and notify.times_of("STOPPING")[0] > ready_at[0]


def test_notify_on_an_abstract_socket_without_watchdog(tamyrd, listener, monkeypatch):
    notify = listener(abstract=True)
    monkeypatch.setenv("NOTIFY_SOCKET", notify.address)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    daemon = tamyrd()
    notify.receive(lambda m: m.get("READY") == "1", timeout=20)
    notify.receive(lambda m: "STATUS" in m and "events/s" in m["STATUS"], timeout=10)
    assert daemon.stop() == 0
    notify.receive(lambda m: m.get("STOPPING") == "1", timeout=5)
    assert not notify.times_of("WATCHDOG")


def test_watchdog_for_another_pid_is_not_ours(tamyrd, listener, monkeypatch):
    notify = listener()
    monkeypatch.setenv("NOTIFY_SOCKET", notify.address)
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", "1")  # tamyrd's parent's watchdog, inherited
    daemon = tamyrd()
    notify.receive(lambda m: m.get("READY") == "1", timeout=20)
    notify.receive(lambda m: "STATUS" in m and "events/s" in m["STATUS"], timeout=10)
    assert daemon.stop() == 0
    assert not notify.times_of("WATCHDOG")
