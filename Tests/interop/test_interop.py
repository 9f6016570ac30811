"""pyzmq, a ZeroMQ client nobody on the team wrote, talks to the real tamyrd."""
import json
import time

import zmq

from conftest import free_port, scaled

REASONS = ["malformed_json", "missing_field", "bad_type", "out_of_range", "unknown_domain", "future_ts"]


def event(i, **overrides):
    record = {
        "id": f"py-{i}",
        "ts": int(time.time() * 1000) - 500,
        "domain": ["customs", "tax", "ecommerce"][i % 3],
        "service": "import-declaration",
        "status": "ok",
        "duration_ms": 12.5,
        "region": "KZ-AST",
        "channel": "mobile",
        "amount": 1500.25,
        "applicant": f"9001{i:08d}",
    }
    record.update(overrides)
    return record


def test_status_record_has_the_contract_fields(tamyrd):
    daemon = tamyrd()
    record = daemon.status()
    for field in ["v", "uptime_s", "received", "accepted", "rejected", "late", "producers", "open_windows"]:
        assert field in record, field
    assert record["v"] == 1
    assert set(REASONS) <= set(record["rejected"])
    assert set(record["late"]) == {"1m", "1h", "5m/10s"}
    assert "watermark" not in record  # no event yet
    assert daemon.stop() == 0


def test_pyzmq_push_producer_counts(tamyrd):
    daemon = tamyrd()
    daemon.status()
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.connect(daemon.ingest)
    sent, expected = 0, {reason: 0 for reason in REASONS}
    for i in range(300):
        push.send_string(json.dumps(event(i, src="py-producer", seq=i + 1)))
        sent += 1
    bad = [
        ("malformed_json", b'{"id": "x",'),
        ("missing_field", json.dumps({k: v for k, v in event(1).items() if k != "service"}).encode()),
        ("bad_type", json.dumps(event(2, duration_ms="fast")).encode()),
        ("out_of_range", json.dumps(event(3, duration_ms=86400001)).encode()),
        ("out_of_range", json.dumps(event(4, region="Almaty")).encode()),
        ("unknown_domain", json.dumps(event(5, domain="health")).encode()),
        ("future_ts", json.dumps(event(6, ts=int(time.time() * 1000) + 3_600_000)).encode()),
    ]
    for reason, payload in bad:
        push.send(payload)
        sent += 1
        expected[reason] += 1
    # One NDJSON batch: good, bad, good, with Kazakh text in an id and an ensure_ascii=False dump.
    lines = [
        json.dumps(event(1000, id="өтініш-1"), ensure_ascii=False),
        '{"broken": ',
        json.dumps(event(1001, id="өтініш-2")),
    ]
    push.send_string("\n".join(lines) + "\n")
    sent += 3
    expected["malformed_json"] += 1
    record = daemon.status(until=lambda r: r["received"] >= sent)
    assert record["received"] == sent
    assert record["accepted"] == sent - sum(expected.values())
    assert {k: record["rejected"][k] for k in REASONS} == expected
    assert record["producers"]["py-producer"] == {"last_seq": 300, "gaps": 0, "duplicates": 0}
    assert "watermark" in record
    push.close(linger=1000)
    ctx.term()
    assert daemon.stop() == 0


def test_pyzmq_pub_producer_reaches_tamyrd_sub(tamyrd):
    ctx = zmq.Context()
    pub = ctx.socket(zmq.PUB)
    port = free_port()
    pub.bind(f"tcp://127.0.0.1:{port}")
    daemon = tamyrd(subscribe=f"tcp://127.0.0.1:{port}")
    daemon.status()
    # PUB drops until tamyrd's SUB has joined; publish until it counts, then a known tail.
    deadline = time.monotonic() + scaled(10)
    i = 0
    while time.monotonic() < deadline:
        pub.send_multipart([b"tax", json.dumps(event(i)).encode()])
        i += 1
        if daemon.sub.poll(100):
            record = json.loads(daemon.sub.recv_multipart()[1])
            if record["accepted"] > 0:
                break
    else:
        raise AssertionError("tamyrd never received from the pyzmq PUB socket")
    assert daemon.stop() == 0
    pub.close(linger=0)
    ctx.term()
