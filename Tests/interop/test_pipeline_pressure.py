"""The short version of `make bench` that `make test` runs: a pyzmq producer
sends 170,000 events as fast as it can into the debug tamyrd (whose
aggregation is several times slower than release, so whenever it falls
behind the pools fill, the ingest stage stops reading and PUSH blocks the
producer). Nothing may be lost: every event is accounted for, the producer's
seq shows no gap, and the windows the stream closes are published with their
delay measured."""
import json
import time

import zmq

BATCHES = 1_500          # NDJSON messages of 100 events
SINGLES = 20_000         # then one event per message
TOTAL = BATCHES * 100 + SINGLES


def line(i, ts):
    return json.dumps({
        "id": f"p-{i}", "ts": ts, "domain": ["customs", "tax", "ecommerce"][i % 3],
        "service": ["import-declaration", "vat-return", "order-payment"][i % 3],
        "status": "ok" if i % 7 else "failed", "duration_ms": 5 + i % 400,
        "region": ["KZ-AST", "KZ-ALA", "KZ-SHY"][(i // 3) % 3],
        "channel": ["online", "mobile", "office"][i % 3], "applicant": f"8801{i % 5000:08d}",
        "src": "pressure", "seq": i + 1,
    }, separators=(",", ":"))


def test_a_producer_faster_than_aggregation_loses_nothing(tamyrd):
    daemon = tamyrd(config_extra="windows:\n  tumbling: [2s]\n  hopping: []\n  allowed_lateness: 1s\n  idle_timeout: 1s\n")
    daemon.status()
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.SNDHWM, 0)
    push.connect(daemon.ingest)
    # In order, spread over 20 s of event time ending 2 s ago: ten 2 s windows close.
    start = int(time.time() * 1000) - 22_000
    step = 20_000 / TOTAL
    i = 0
    for _ in range(BATCHES):
        push.send_string("\n".join(line(i + k, start + int((i + k) * step)) for k in range(100)))
        i += 100
    for _ in range(SINGLES):
        push.send_string(line(i, start + int(i * step)))
        i += 1
    assert i == TOTAL

    record = daemon.status(timeout=180, until=lambda r: r["received"] >= TOTAL and r["pipeline"]["queued_batches"] == 0)
    assert record["received"] == TOTAL
    assert record["accepted"] == TOTAL
    assert record["duplicates"] == 0 and sum(record["rejected"].values()) == 0
    producer = record["producers"]["pressure"]
    assert producer == {"last_seq": TOTAL, "gaps": 0, "duplicates": 0}
    assert record["messages"] == BATCHES + SINGLES

    # The idle watermark closes the last windows; their records were timed. The delays count
    # record batches, one per drain of the engine: when aggregation runs behind (a sanitizer
    # build), one message batch closes several windows and they share a batch, so the count
    # is at least one, not one per window.
    closed = daemon.status(timeout=30, until=lambda r: r["open_windows"] == 0)
    delays = closed["pipeline"]["publish_delay_ms"]
    assert delays["count"] >= 1
    assert 0 <= delays["p50"] <= delays["p99"] <= delays["max"]
    push.close(linger=0)
    ctx.term()
    assert daemon.stop() == 0
