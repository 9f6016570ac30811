"""Restarts lose nothing (issue 5): a PUSH producer with src/seq sends while
the real tamyrd is stopped and started again, and every event sent must be
accounted for across all published records and the last status. Also: a
SIGKILL loses at most one checkpoint interval, and the loss shows as gaps."""
import json
import signal
import threading
import time

import zmq

from conftest import StatefulDaemon

WINDOW_S = 4
SOURCE = "restart-test"


class Producer(threading.Thread):
    """Sends valid events with increasing seq at `rate` per second until stopped; blocks, as PUSH does, while tamyrd is down."""

    def __init__(self, ctx, endpoint, rate):
        super().__init__(daemon=True)
        self.socket = ctx.socket(zmq.PUSH)
        self.socket.setsockopt(zmq.LINGER, 5000)
        self.socket.connect(endpoint)
        self.rate = rate
        self.sent = 0
        self.halt = threading.Event()

    def run(self):
        started = time.monotonic()
        while not self.halt.is_set():
            due = int((time.monotonic() - started) * self.rate)
            while self.sent < due and not self.halt.is_set():
                seq = self.sent + 1
                event = {"id": f"r-{seq}", "ts": int(time.time() * 1000), "domain": "tax", "service": "vat-return",
                         "status": "ok", "duration_ms": 40, "src": SOURCE, "seq": seq}
                self.socket.send(json.dumps(event).encode())
                self.sent = seq
            time.sleep(0.002)


class Consumer(threading.Thread):
    """Collects every kpi.all record and the latest status; SUB reconnects across restarts by itself."""

    def __init__(self, ctx, endpoint):
        super().__init__(daemon=True)
        self.socket = ctx.socket(zmq.SUB)
        self.socket.setsockopt(zmq.LINGER, 0)
        for topic in (b"kpi.all.", b"status.tamyrd"):
            self.socket.setsockopt(zmq.SUBSCRIBE, topic)
        self.socket.connect(endpoint)
        self.records = []
        self.status = None
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            if self.socket.poll(50):
                topic, payload = self.socket.recv_multipart()
                record = json.loads(payload)
                if topic == b"status.tamyrd":
                    self.status = record
                else:
                    self.records.append(record)
        self.socket.close()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def sleep_to_mid_window():
    """Windows close about 1 s (the allowed lateness) after their end; a restart
    between 2.2 and 3.4 s into a window is at least 1.6 s from any close, so the
    consumer has reconnected before the next record is published."""
    while not (2.2 <= time.time() % WINDOW_S <= 3.4):
        time.sleep(0.02)


def run_with_restarts(kill_at=None, restarts=3, rate=3000):
    daemon = StatefulDaemon(f"windows:\n  tumbling: [{WINDOW_S}s]\n  hopping: []\n  allowed_lateness: 1s\n  idle_timeout: 1s\n")
    ctx = zmq.Context()
    daemon.start()
    consumer = Consumer(ctx, daemon.publish)
    consumer.start()
    wait_for(lambda: consumer.status is not None, 10, "a first status")
    producer = Producer(ctx, daemon.ingest, rate)
    producer.start()
    killed_at_seq = None
    for round in range(restarts):
        time.sleep(WINDOW_S)
        sleep_to_mid_window()
        if round == kill_at:
            killed_at_seq = producer.sent
            daemon.stop(signal.SIGKILL)
        else:
            daemon.stop()
        daemon.start()
    time.sleep(2)
    producer.halt.set()
    producer.join()
    sent = producer.sent
    # Everything delivered, then every window closed by the idle watermark.
    wait_for(lambda: consumer.status and consumer.status["producers"].get(SOURCE, {}).get("last_seq") == sent,
             20, f"last_seq {sent}")
    wait_for(lambda: consumer.status["open_windows"] == 0, 20, "every window closed")
    status = consumer.status
    consumer.halt.set()
    consumer.join()
    daemon.stop()
    producer.socket.close()
    ctx.term()
    return daemon, sent, status, consumer.records, killed_at_seq


def windows_by_start(records):
    """The last record published for each window (after a crash a window can be published again, corrected)."""
    latest = {}
    for record in records:
        latest[record["start"]] = record
    return latest


def test_graceful_restarts_lose_nothing():
    daemon, sent, status, records, _ = run_with_restarts()
    producer = status["producers"][SOURCE]
    starts = [record["start"] for record in records]
    assert len(starts) == len(set(starts)), "a window was published twice across graceful restarts"
    counted = sum(record["count"] for record in records)
    rejected = sum(status["rejected"].values())
    print(f"sent {sent}, counted {counted}, late {status['late']}, rejected {rejected}, gaps {producer['gaps']}")
    assert status["received"] == sent - producer["gaps"]
    assert counted + status["late"][f"{WINDOW_S}s"] + rejected + status["duplicates"] + producer["gaps"] == sent
    # Only what was inside the TCP connection when tamyrd closed it can be lost
    # (docs/operations.md): measured 0 to 3 events per restart at this rate,
    # bounded here by 10 ms of traffic per restart.
    assert producer["gaps"] <= 3 * 3000 * 0.010, "more lost across graceful restarts than the in-flight residue"
    assert counted == sent - producer["gaps"]
    assert daemon.log_text().count("checkpoint restored") == 3


def test_a_crash_loses_at_most_one_checkpoint_interval_visibly():
    rate = 3000
    daemon, sent, status, records, killed_at = run_with_restarts(kill_at=1, rate=rate)
    producer = status["producers"][SOURCE]
    latest = windows_by_start(records)
    counted = sum(record["count"] for record in latest.values())
    rejected = sum(status["rejected"].values())
    print(f"sent {sent}, counted {counted}, gaps {producer['gaps']} (killed at seq {killed_at})")
    # The lost events are exactly the reported gaps: nothing vanishes silently.
    assert counted + status["late"][f"{WINDOW_S}s"] + rejected + status["duplicates"] + producer["gaps"] == sent
    # At most one checkpoint interval (1 s) of events, plus what was in flight.
    assert 0 < producer["gaps"] <= rate * 1.5
