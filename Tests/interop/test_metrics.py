"""/metrics, /healthz and /readyz of the real tamyrd, checked against what was sent."""
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request

import zmq

from conftest import bin_dir, free_port, scaled
from test_interop import REASONS, event

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def get(url):
    """(status, body) of a GET; an HTTP error status is an answer, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=scaled(5)) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def parse(text):
    """The exposition text as {(name, frozenset of label pairs): value}, checking every line's shape."""
    samples, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        assert match, f"not an exposition line: {line!r}"
        name, labels, value = match.groups()
        key = (name, frozenset(LABEL.findall(labels or "")))
        assert key not in samples, f"series twice: {line}"
        samples[key] = float(value)
    return samples, types


def value(samples, name, **labels):
    return samples[(name, frozenset(labels.items()))]


def scrape(daemon):
    status, text = get(daemon.http + "/metrics")
    assert status == 200
    return parse(text)


def wait_for(daemon, predicate, timeout=10.0):
    """Scrapes until `predicate(samples)` holds; returns the samples, or fails with the last ones."""
    deadline = time.monotonic() + scaled(timeout)
    while True:
        samples, types = scrape(daemon)
        if predicate(samples) or time.monotonic() > deadline:
            return samples, types
        time.sleep(0.1)


def send_known_stream(daemon):
    """200 valid events from two producers with seq gaps and duplicates, and one of each rejection.
    Returns what the counters must then say."""
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(daemon.ingest)
    # alpha: seq 1..100 but 10, 20, ..., 100 skipped (10 gaps of 1), then seq 5 and 7 again (2 duplicates).
    alpha = [s for s in range(1, 101) if s % 10 != 0] + [5, 7]
    # beta: seq 1..100 then 200 (99 skipped).
    beta = list(range(1, 101)) + [200]
    for i, seq in enumerate(alpha):
        push.send_string(json.dumps(event(i, src="alpha", seq=seq)))
    for i, seq in enumerate(beta):
        push.send_string(json.dumps(event(i, src="beta", seq=seq)))
    bad = {
        "malformed_json": [b'{"id": "x",'],
        "missing_field": [json.dumps({k: v for k, v in event(1).items() if k != "service"}).encode()],
        "bad_type": [json.dumps(event(2, duration_ms="fast")).encode()],
        "out_of_range": [json.dumps(event(3, duration_ms=86400001)).encode(), json.dumps(event(4, region="Almaty")).encode()],
        "unknown_domain": [json.dumps(event(5, domain="health")).encode()],
        "future_ts": [json.dumps(event(6, ts=int(time.time() * 1000) + 3_600_000)).encode()],
    }
    for payloads in bad.values():
        for payload in payloads:
            push.send(payload)
    push.close()
    ctx.term()
    valid = len(alpha) - 2 + len(beta)
    rejected = {reason: len(bad[reason]) for reason in REASONS}
    return {
        "received": len(alpha) + len(beta) + sum(rejected.values()),
        "accepted": valid,
        "rejected": rejected,
        "duplicates": 2,
        "gaps": {"alpha": 10 - 1, "beta": 99},  # alpha's seq 100 was never sent, so 9 gaps then seq 99 last
        "producer_duplicates": {"alpha": 2, "beta": 0},
    }


def test_metrics_count_what_was_sent(tamyrd):
    daemon = tamyrd()
    daemon.status()
    expected = send_known_stream(daemon)
    samples, types = wait_for(daemon, lambda s: value(s, "tamyr_events_received_total") >= expected["received"])
    assert value(samples, "tamyr_events_received_total") == expected["received"]
    assert value(samples, "tamyr_events_accepted_total") == expected["accepted"]
    for reason, count in expected["rejected"].items():
        assert value(samples, "tamyr_events_rejected_total", reason=reason) == count, reason
    assert value(samples, "tamyr_events_duplicate_total") == expected["duplicates"]
    for producer, gaps in expected["gaps"].items():
        assert value(samples, "tamyr_producer_sequence_gaps_total", producer=producer) == gaps, producer
        assert value(samples, "tamyr_producer_duplicates_total", producer=producer) == expected["producer_duplicates"][producer]
    assert value(samples, "tamyr_sequence_gaps_total") == sum(expected["gaps"].values())
    assert value(samples, "tamyr_producers_tracked") == 2
    for window in ["1m", "1h", "5m/10s"]:
        assert value(samples, "tamyr_events_late_total", window=window) == 0
    assert types["tamyr_events_received_total"] == "counter"
    assert types["tamyr_publication_latency_seconds"] == "histogram"
    (build,) = [dict(labels) for (name, labels) in samples if name == "tamyr_build_info"]
    assert build["version"] and build["protocol"] == "1"
    assert value(samples, "tamyr_build_info", **build) == 1
    assert value(samples, "process_resident_memory_bytes") > 1_000_000
    assert value(samples, "process_cpu_seconds_total") > 0
    assert abs(value(samples, "process_start_time_seconds") - time.time()) < 600
    # Counters never go back from one scrape to the next.
    again, _ = scrape(daemon)
    for key, count in samples.items():
        if key[0].endswith("_total"):
            assert again[key] >= count, key
    assert daemon.stop() == 0


def test_late_events_and_published_windows_and_latency(tamyrd):
    # 1 s windows that close at once, so the latency histogram and the published counters move.
    daemon = tamyrd(config_extra="windows:\n  tumbling: [1s]\n  hopping: []\n  allowed_lateness: 0ms\n  idle_timeout: 1s\n")
    daemon.status()
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(daemon.ingest)
    now = int(time.time() * 1000)
    push.send_string(json.dumps(event(1, ts=now)))
    push.send_string(json.dumps(event(2, ts=now + 3000)))  # closes the window of the first
    push.send_string(json.dumps(event(3, ts=now - 10_000)))  # behind the watermark: late
    push.close()
    ctx.term()
    samples, _ = wait_for(daemon, lambda s: value(s, "tamyr_publication_latency_seconds_count") >= 1
                          and value(s, "tamyr_events_late_total", window="1s") >= 1)
    assert value(samples, "tamyr_events_late_total", window="1s") == 1
    published = value(samples, "tamyr_windows_published_total", window="1s")
    assert published >= 1
    assert value(samples, "tamyr_records_published_total", window="1s") >= published
    count = value(samples, "tamyr_publication_latency_seconds_count")
    assert value(samples, 'tamyr_publication_latency_seconds_bucket', le="+Inf") == count
    assert 0 < value(samples, "tamyr_publication_latency_seconds_sum") < 10 * count
    assert daemon.stop() == 0


def test_healthz_and_readyz(tamyrd):
    daemon = tamyrd()
    daemon.status()
    # Alive and ready once the pipeline runs (the status record proves it does).
    deadline = time.monotonic() + scaled(5)
    while get(daemon.http + "/readyz")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(daemon.http + "/healthz") == (200, "alive\n")
    assert get(daemon.http + "/readyz") == (200, "ready\n")
    assert get(daemon.http + "/nothing")[0] == 404
    # Stopped on SIGTERM along with the pipeline, exit status 0.
    assert daemon.stop() == 0
    try:
        get(daemon.http + "/healthz")
        assert False, "the HTTP endpoint still answers after the stop"
    except urllib.error.URLError:
        pass


def test_a_taken_metrics_port_stops_tamyrd_with_one_line(tamyrd):
    first = tamyrd()
    first.status()
    # A second daemon on ZeroMQ ports of its own but the first one's metrics address.
    second = subprocess.run(
        [os.path.join(bin_dir(), "tamyrd"), "--config", os.path.join(first.dir, "tamyrd.yaml"),
         "--set", f'ingest.pull=["tcp://127.0.0.1:{free_port()}"]', "--set", f'publish.bind=["tcp://127.0.0.1:{free_port()}"]',
             "--set", f'publish.snapshot=["tcp://127.0.0.1:{free_port()}"]',
         "--set", f"state.dir={first.dir}/state-second"],
        env=dict(os.environ, TAMYR_METRICS_LISTEN=first.metrics_address),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=scaled(30))
    assert second.returncode == 1, second.stderr
    critical = [line for line in second.stderr.splitlines() if " critical " in line]
    assert len(critical) == 1, second.stderr
    assert f"cannot serve metrics.listen {first.metrics_address}" in critical[0]
    assert "Address already in use" in critical[0]
    # The first one is unaffected.
    assert get(first.http + "/healthz")[0] == 200
    assert first.stop() == 0
