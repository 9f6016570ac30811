"""The snapshot endpoint (issue 6, point 6; docs/protocol.md, "Snapshots"), with pyzmq
DEALER and REQ clients against the real tamyrd: a client that joins after windows
closed gets the latest record of every series at once, then the end marker; the
records are byte for byte those an independent SUB socket saw live (the latest per
topic and group); prefixes filter; bad requests get an error reply and tamyrd keeps
running; with publish.curve an unknown key gets nothing; `tamyr watch` started late
prints the snapshot at once."""
import json
import os
import subprocess
import time

import zmq

from conftest import bin_dir, scaled
from test_curve import HANDSHAKE_FAILED, Keys, connect, handshake

WINDOWS_YAML = (
    "windows:\n"
    "  allowed_lateness: 0s\n"
    "  idle_timeout: 1s\n"
    "  tumbling: [2s]\n"
    "  hopping: [4s/2s]\n"
)
SERVICES = ["import-declaration", "transit", "tax-certificate"]
EVENTS = 300


def events():
    """Events over 12 s of event time, a minute in the past, in time order."""
    base = (int(time.time() * 1000) - 60_000) // 2_000 * 2_000
    lines = []
    for i in range(EVENTS):
        lines.append(json.dumps({
            "id": f"s-{i}", "ts": base + i * 40, "domain": ["customs", "tax"][i % 2],
            "service": SERVICES[i % 3], "status": "ok" if i % 7 else "failed", "duration_ms": 10 + i % 50,
            "region": ["KZ-ALA", "KZ-AST"][i % 2], "channel": ["online", "office", "mobile"][i % 3],
        }))
    return lines


def series(topic, payload):
    """What identifies a record's series: its topic and its group."""
    if topic.startswith(b"status."):
        return (topic, None)
    return (topic, tuple(sorted(json.loads(payload).get("group", {}).items())))


def run_stream(daemon):
    """Sends the stream while a SUB socket subscribed to everything captures what tamyrd
    publishes, until every window closed; returns the latest payload per series seen live
    (status excluded: it changes every 200 ms)."""
    ctx = zmq.Context.instance()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.RCVHWM, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"kpi.")
    sub.connect(daemon.publish)
    daemon.status()  # tamyrd is up and publishing
    time.sleep(0.3)  # the SUB socket's subscription reaches tamyrd
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 1000)
    push.connect(daemon.ingest)
    push.send_string("\n".join(events()))
    push.close()
    daemon.status(timeout=20, until=lambda r: r["accepted"] == EVENTS and r["open_windows"] == 0)
    latest = {}
    while sub.poll(500):
        topic, payload = sub.recv_multipart()
        latest[series(topic, payload)] = payload
    sub.close()
    assert latest, "no KPI record seen live"
    return latest


def ask(endpoint, *frames, kind=zmq.DEALER, sock=None, timeout=5.0):
    """Sends one request and reads the reply up to its end marker (or error): the records
    as (topic, payload) pairs, the last message's topic and its JSON payload."""
    ctx = zmq.Context.instance()
    own = sock is None
    if own:
        sock = ctx.socket(kind)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(endpoint)
    sock.send_multipart(list(frames))
    records = []
    deadline = time.monotonic() + scaled(timeout)
    try:
        while time.monotonic() < deadline:
            if not sock.poll(100):
                continue
            message = sock.recv_multipart()
            if kind == zmq.REQ:
                pairs = list(zip(message[0::2], message[1::2]))
                return pairs[:-1], pairs[-1][0], json.loads(pairs[-1][1])
            topic, payload = message
            if topic in (b"snapshot.end", b"snapshot.error"):
                return records, topic, json.loads(payload)
            records.append((topic, payload))
        raise AssertionError(f"no end marker within {timeout} s; {len(records)} records")
    finally:
        if own:
            sock.close()


def test_a_late_client_gets_the_latest_record_of_every_series_at_once(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS_YAML)
    live = run_stream(daemon)
    started = time.monotonic()
    records, end, marker = ask(daemon.snapshot, b"SNAPSHOT", b"kpi.")
    assert time.monotonic() - started < scaled(2), "the snapshot is not immediate"
    assert end == b"snapshot.end"
    assert marker == {"v": 1, "prefix": "kpi.", "records": len(records)}
    got = {series(topic, payload): payload for topic, payload in records}
    assert len(got) == len(records), "a series was sent twice"
    assert got == live
    # Every kind of series is there: domain, breakdown groups, all domains, both windows.
    topics = {topic for topic, _ in records}
    assert {b"kpi.customs.2s", b"kpi.tax.4s/2s.service", b"kpi.all.4s/2s", b"kpi.customs.2s.region"} <= topics
    assert len([1 for (topic, _) in got if topic == b"kpi.customs.2s.service"]) == 3

    # A prefix filters by topic, the records stay the same.
    customs, _, marker = ask(daemon.snapshot, b"SNAPSHOT", b"kpi.customs.2s.")
    assert customs and all(topic.startswith(b"kpi.customs.2s.") for topic, _ in customs)
    assert {series(t, p): p for t, p in customs} == {k: v for k, v in live.items() if k[0].startswith(b"kpi.customs.2s.")}
    assert marker["records"] == len(customs)
    assert ask(daemon.snapshot, b"SNAPSHOT", b"kpi.nothing.")[0] == []

    # No prefix: everything, the latest status.tamyrd among it.
    everything, _, _ = ask(daemon.snapshot, b"SNAPSHOT")
    assert [t for t, _ in everything].count(b"status.tamyrd") == 1
    assert len(everything) == len(records) + 1

    # A REQ client gets the same records, in one message.
    pairs, end, marker = ask(daemon.snapshot, b"SNAPSHOT", b"kpi.", kind=zmq.REQ)
    assert end == b"snapshot.end" and marker["records"] == len(records)
    assert {series(t, p): p for t, p in pairs} == live


def test_bad_requests_get_an_error_and_tamyrd_keeps_serving(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS_YAML)
    daemon.status()
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(daemon.snapshot)
    for frames in ([b"GIMME"], [b"SNAPSHOT", b"kpi.", b"extra"], [b"SNAPSHOT", b"k" * 300],
                   [b"SNAPSHOT", b"kpi.\xff"], [b""], [b"snapshot", b"kpi."]):
        records, end, reply = ask(daemon.snapshot, *frames, sock=sock)
        assert (records, end) == ([], b"snapshot.error"), frames
        assert reply["v"] == 1 and reply["error"], frames
    # The same client, and tamyrd, carry on.
    records, end, _ = ask(daemon.snapshot, b"SNAPSHOT", b"status.", sock=sock)
    assert end == b"snapshot.end" and [t for t, _ in records] == [b"status.tamyrd"]
    # A client that leaves before its reply is sent costs nothing.
    for _ in range(20):
        gone = ctx.socket(zmq.DEALER)
        gone.setsockopt(zmq.LINGER, 0)
        gone.connect(daemon.snapshot)
        gone.send_multipart([b"SNAPSHOT"])
        gone.close()
    sock.close()
    assert daemon.proc.poll() is None
    daemon.status()


def test_a_curve_snapshot_endpoint_refuses_an_unknown_key(tamyrd, tmp_path):
    keys = Keys(str(tmp_path))
    daemon = tamyrd(
        publish_extra=f'  curve: true\n  curve_clients: "{keys.consumers}"\n',
        config_extra=keys.yaml(),
        status_curve=(keys.server_public, *keys.consumer),
    )
    daemon.status()
    ctx = zmq.Context.instance()
    intruder, monitor = connect(ctx, zmq.DEALER, daemon.snapshot, keys.server_public, keys.intruder)
    intruder.send_multipart([b"SNAPSHOT"])
    assert handshake(monitor) & HANDSHAKE_FAILED
    assert not intruder.poll(300)
    plain, plain_monitor = connect(ctx, zmq.DEALER, daemon.snapshot)
    plain.send_multipart([b"SNAPSHOT"])
    assert handshake(plain_monitor) & HANDSHAKE_FAILED
    assert not plain.poll(300)
    friend, friend_monitor = connect(ctx, zmq.DEALER, daemon.snapshot, keys.server_public, keys.consumer)
    records, end, _ = ask(daemon.snapshot, b"SNAPSHOT", b"status.", sock=friend)
    assert end == b"snapshot.end" and [t for t, _ in records] == [b"status.tamyrd"]
    for sock in (intruder, monitor, plain, plain_monitor, friend, friend_monitor):
        sock.close()
    daemon.status(until=lambda r: r["security"]["refused"] >= 1 and r["security"]["accepted"] >= 2)


def test_watch_started_late_prints_the_snapshot_at_once(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS_YAML)
    live = run_stream(daemon)
    started = time.monotonic()
    # No window closes any more: every line must come from the snapshot.
    result = subprocess.run(
        [os.path.join(bin_dir(), "tamyr"), "watch", "--raw", "--connect", daemon.publish, "--snapshot", daemon.snapshot,
         "--topic", "kpi.", "--count", str(len(live))],
        capture_output=True, text=True, timeout=scaled(20))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < scaled(5), "watch did not get the snapshot at once"
    printed = {}
    for line in result.stdout.splitlines():
        topic, payload = line.split(" ", 1)
        printed[series(topic.encode(), payload.encode())] = payload.encode()
    assert printed == live
