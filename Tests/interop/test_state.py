"""state.dir at start-up (issue 5): a checkpoint that cannot be trusted is
moved aside with a clear log line and tamyrd starts fresh, never crashes;
an applicant key others can read stops it with a message naming the file."""
import json
import os
import time

import zmq

from conftest import StatefulDaemon


def status(daemon, until=lambda record: True, timeout=10):
    ctx = zmq.Context.instance()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"status.tamyrd")
    sub.connect(daemon.publish)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sub.poll(100):
                record = json.loads(sub.recv_multipart()[1])
                if until(record):
                    return record
            assert daemon.proc.poll() is None, daemon.log_text()
        raise AssertionError("no matching status")
    finally:
        sub.close()


def send(daemon, count):
    push = zmq.Context.instance().socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(daemon.ingest)
    now = int(time.time() * 1000)
    for i in range(count):
        push.send(json.dumps({"id": f"s-{i}", "ts": now, "domain": "tax", "service": "vat-return",
                              "status": "ok", "duration_ms": 5, "src": "state-test", "seq": i + 1}).encode())
    push.close()


def with_checkpoint():
    """A daemon that ran once, took 50 events and left a checkpoint."""
    daemon = StatefulDaemon()
    daemon.start()
    send(daemon, 50)
    status(daemon, lambda r: r["received"] == 50)
    daemon.stop()
    assert os.path.exists(os.path.join(daemon.state, "checkpoint.tamyr"))
    return daemon


def restarted_fresh(daemon, reason):
    daemon.start()
    record = status(daemon)
    assert record["received"] == 0 and record["producers"] == {}, "started fresh"
    daemon.stop()
    log = daemon.log_text(1)
    assert "not restored, moved to" in log and reason in log, log
    aside = [name for name in os.listdir(daemon.state) if name.startswith("checkpoint.tamyr.rejected-")]
    assert len(aside) == 1, os.listdir(daemon.state)
    return aside[0]


def test_a_restart_carries_the_totals():
    daemon = with_checkpoint()
    daemon.start()
    record = status(daemon)
    assert record["received"] == 50 and record["producers"]["state-test"]["last_seq"] == 50
    assert "checkpoint restored" in daemon.log_text(1)
    daemon.stop()


def test_a_corrupt_checkpoint_is_moved_aside():
    daemon = with_checkpoint()
    path = os.path.join(daemon.state, "checkpoint.tamyr")
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0x40
    open(path, "wb").write(bytes(data))
    aside = restarted_fresh(daemon, "checksum mismatch")
    assert open(os.path.join(daemon.state, aside), "rb").read() == bytes(data), "kept for inspection as it was"


def test_a_truncated_checkpoint_is_moved_aside():
    daemon = with_checkpoint()
    path = os.path.join(daemon.state, "checkpoint.tamyr")
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 3])
    restarted_fresh(daemon, "checksum mismatch")


def test_a_checkpoint_of_other_windows_is_moved_aside():
    daemon = with_checkpoint()
    daemon.write_config("windows:\n  tumbling: [1m]\n  hopping: []\n")
    restarted_fresh(daemon, "written under another configuration: windows=1m,1h,5m/10s")


def test_an_applicant_key_readable_by_others_stops_the_daemon():
    daemon = with_checkpoint()
    key = os.path.join(daemon.state, "applicant.key")
    os.chmod(key, 0o644)
    daemon.start()
    code = daemon.proc.wait(timeout=10)
    log = daemon.log_text(1)
    assert code != 0
    assert key in log and "readable by group or others" in log, log
