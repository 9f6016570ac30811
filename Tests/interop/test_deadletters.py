"""Dead letters (issue 5): rejected events are kept for operators in a
bounded, rotating file in state.dir and on the deadletter.tamyrd topic,
with their reason, applicant ids masked, over the real daemon and sockets."""
import json
import os
import time

import zmq

from conftest import scaled, wait_subscribed

BAD = [
    ('{"id":"d-%d","ts":%d,"domain":"sports","service":"x","status":"ok","duration_ms":5,"applicant":"%012d"}', "unknown_domain"),
    ('{"id":"d-%d","ts":%d,"domain":"tax","service":"vat-return","status":"maybe","duration_ms":5,"applicant":"%012d"}', "out_of_range"),
    ('{"id":"d-%d","ts":%d,"domain":"tax" "applicant":"%012d"', "malformed_json"),
]


def test_rejected_events_are_kept_rotated_published_and_masked(tamyrd):
    daemon = tamyrd(config_extra="deadletter:\n  per_second: 60\n  file_bytes: 4096\n  files: 2\n  publish: true\n")
    sub = daemon.ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"deadletter.tamyrd")
    sub.connect(daemon.publish)
    wait_subscribed(sub)
    push = daemon.ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 1000)
    push.connect(daemon.ingest)
    now = int(time.time() * 1000)
    sent = []
    for i in range(90):
        template, reason = BAD[i % 3]
        iin = 770000000000 + i
        sent.append((template % (i, now, iin), reason, f"{iin:012d}"))
        push.send(sent[-1][0].encode())
    push.close()
    record = daemon.status(until=lambda r: r["received"] == 90)
    published = []
    deadline = time.monotonic() + scaled(3)
    while time.monotonic() < deadline and len(published) < record["deadletters"]["kept"]:
        if sub.poll(100):
            topic, payload = sub.recv_multipart()
            if topic == b"deadletter.tamyrd":  # a status record sent before the unsubscribe took effect
                published.append(json.loads(payload))
    sub.close()
    assert daemon.stop() == 0

    kept, dropped = record["deadletters"]["kept"], record["deadletters"]["dropped"]
    assert kept + dropped == 90 == sum(record["rejected"].values())
    assert 60 <= kept < 90, "the quota is per second; the 90 arrived within two or three seconds"
    assert len(published) == kept
    by_id = {line[0].split('"id":"')[1].split('"')[0]: line for line in sent}
    for letter in published:
        raw, reason, iin = by_id[letter["message"].split('"id":"')[1].split('"')[0]]
        assert letter["reason"] == reason
        assert iin not in letter["message"]
        assert letter["message"] == raw.replace(iin, "*" * 12)
        assert letter["bytes"] == len(raw) and letter["truncated"] is False

    state = os.path.join(daemon.dir, "state")
    names = sorted(name for name in os.listdir(state) if name.startswith("deadletters.ndjson"))
    assert names == ["deadletters.ndjson", "deadletters.ndjson.1", "deadletters.ndjson.2"], names
    lines = []
    for name in names:
        data = open(os.path.join(state, name), "rb").read()
        assert len(data) <= 4096, name
        assert oct(os.stat(os.path.join(state, name)).st_mode & 0o777) == "0o600"
        lines += [json.loads(line) for line in data.splitlines()]
    # Rotation dropped the oldest files: what is on disk is the newest part of what was published.
    assert 0 < len(lines) < kept
    assert all(line in published for line in lines)
