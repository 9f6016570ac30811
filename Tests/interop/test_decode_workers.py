"""Decode workers (ingest.decode_workers) on inputs that do not fit the buffer a
worker decodes a batch into (12,288 events, and 64 KiB for `service` and `src`
values that had escapes): aggregation must decode the rest itself, losing and
repeating nothing. Counted against what was sent, through status.tamyrd and the
KPI records, over real sockets."""
import json
import time

import zmq

from conftest import scaled

MALFORMED = 20_000       # one message of one-byte records: more events than a worker's buffer holds
PRODUCERS = 40
PER_PRODUCER = 75        # 3,000 valid events whose escaped src values overflow the arena
WINDOWS_YAML = "windows:\n  allowed_lateness: 0s\n  idle_timeout: 1s\n  tumbling: [1s]\n  hopping: []\n"


def valid_event(index, producer, seq, ts):
    # "\u0067" is "g": the decoder unescapes src into its scratch space, so the worker must copy it.
    src = "\\u0067w-" + "p" * 48 + f"-{producer:02d}"
    return json.dumps({"id": f"e{index}", "ts": ts, "domain": "tax", "service": "vat-return", "status": "ok",
                       "duration_ms": 10, "seq": seq}).rstrip("}") + f', "src": "{src}"}}'


def test_batches_larger_than_a_workers_buffer_lose_and_repeat_nothing(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS_YAML, ingest_extra="  decode_workers: 1\n")
    daemon.status()  # up, and the status subscription is live
    kpi = daemon.ctx.socket(zmq.SUB)
    kpi.setsockopt(zmq.LINGER, 0)
    kpi.setsockopt_string(zmq.SUBSCRIBE, "kpi.all.1s")
    kpi.connect(daemon.publish)
    time.sleep(0.3)  # the slow joiner: the subscription must reach tamyrd first

    ts = int(time.time() * 1000) - 60_000
    lines, sent = [], {}
    for index in range(PRODUCERS * PER_PRODUCER):
        producer = index % PRODUCERS
        seq = sent.get(producer, 0) + 1
        sent[producer] = seq
        lines.append(valid_event(index, producer, seq, ts + index % 3_000))
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.connect(daemon.ingest)
    push.send(b"x\n" * MALFORMED)
    for start in range(0, len(lines), 1_000):
        push.send_string("\n".join(lines[start:start + 1_000]))
    push.close(linger=5000)
    ctx.term()

    total = MALFORMED + len(lines)
    status = daemon.status(timeout=30, until=lambda record: record.get("received", 0) >= total)
    assert status["received"] == total
    assert status["rejected"]["malformed_json"] == MALFORMED
    assert status["accepted"] == len(lines)
    assert status["duplicates"] == 0
    name = "gw-" + "p" * 48
    for producer, last in sent.items():
        assert status["producers"][f"{name}-{producer:02d}"] == {"last_seq": last, "gaps": 0, "duplicates": 0}

    # Every valid event is in exactly one 1 s window; the idle timeout closes the last ones.
    counted, deadline = 0, time.monotonic() + scaled(20)
    while counted < len(lines) and time.monotonic() < deadline:
        if kpi.poll(200):
            _, payload = kpi.recv_multipart()
            counted += json.loads(payload)["count"]
    kpi.close()
    assert counted == len(lines)
    assert daemon.stop() == 0
