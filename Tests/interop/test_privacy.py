"""No raw applicant id leaves the decoder (issue 5, privacy): not in any
published record, not in the log (at trace level), not in the checkpoint or
any other file of state.dir. Ids are 12-digit IINs, valid and invalid events
alike carry them; distinct counts still work, and a restart keeps the key."""
import json
import os
import time

import zmq

IINS = [f"{880101300000 + 7919 * i:012d}" for i in range(400)]


def events():
    now = int(time.time() * 1000) - 2_000
    for i, iin in enumerate(IINS):
        yield {"id": f"priv-{i}", "ts": now + i, "domain": "tax", "service": "vat-return", "status": "ok",
               "duration_ms": 30, "applicant": iin}
    # Rejected events carry ids too: a bad status, an unknown domain.
    for i, iin in enumerate(IINS[:50]):
        yield {"id": f"bad-{i}", "ts": now, "domain": "tax", "service": "vat-return", "status": "maybe",
               "duration_ms": 30, "applicant": iin}
        yield {"id": f"bad-d-{i}", "ts": now, "domain": "sports", "service": "x", "status": "ok",
               "duration_ms": 30, "applicant": iin}


def leaks(data):
    return [iin for iin in IINS if iin.encode() in data]


def test_no_raw_applicant_id_reaches_records_logs_or_state(tamyrd):
    daemon = tamyrd(config_extra="windows:\n  tumbling: [1s]\n  hopping: []\n  allowed_lateness: 0s\n"
                                 "  idle_timeout: 500ms\nlog:\n  level: trace\n")
    sub = daemon.ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(daemon.publish)
    daemon.status()  # the SUB sockets are connected
    push = daemon.ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 1000)
    push.connect(daemon.ingest)
    for event in events():
        push.send(json.dumps(event).encode())
    push.send(b"\n".join(json.dumps(e).encode() for e in list(events())[:20]))  # an NDJSON batch as well
    push.close()
    total = len(IINS) + 100 + 20
    daemon.status(until=lambda r: r["received"] == total and r["open_windows"] == 0)
    published = b""
    distinct = 0
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if sub.poll(100):
            topic, payload = sub.recv_multipart()
            published += topic + b"\n" + payload + b"\n"
            record = json.loads(payload)
            if topic.startswith(b"kpi.tax.1s") and topic.count(b".") == 2:
                distinct += record.get("unique_applicants", 0)
    sub.close()
    assert daemon.stop() == 0
    log = daemon.proc.stderr.read()
    state = os.path.join(daemon.dir, "state")
    files = {name: open(os.path.join(state, name), "rb").read() for name in os.listdir(state)}

    assert b"kpi.tax.1s" in published and distinct >= len(IINS), "the ids were counted"
    assert leaks(published) == []
    assert "checkpoint written" in log
    assert leaks(log.encode()) == []
    assert "checkpoint.tamyr" in files and "applicant.key" in files
    for name, data in files.items():
        assert leaks(data) == [], name
    assert oct(os.stat(os.path.join(state, "applicant.key")).st_mode & 0o777) == "0o600"
    assert oct(os.stat(state).st_mode & 0o777) == "0o700"
