"""A tamyrd that stands still (SIGSTOP: what a paused VM or a starved core looks
like from inside) for longer than idle_timeout loses nothing: idle time is only
the time tamyrd watched its sockets stay empty, so neither the messages that
queued meanwhile nor those a producer that stood still with it sends on waking
find their windows closed.

With idle time measured on the clock, a single 3 s stall of tamyrd alone counted
1,680-1,780 events late in three runs of four; measured up to tamyrd's last
sight of empty sockets, a stall of the whole machine still counted the events a
producer had stamped and not yet sent late."""
import json
import os
import signal
import subprocess
import sys
import time

import zmq

from conftest import scaled, wait_subscribed
from paced_producer import PacedProducer


WINDOWS = "windows:\n  tumbling: [2s]\n  hopping: []\n  allowed_lateness: 0s\n  idle_timeout: 1s\n"
# Longer than idle_timeout plus a window: unbounded, the idle watermark would cross a window's end.
STALL_SECONDS = 3.2


def process_state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def wait_stopped(pid):
    deadline = time.monotonic() + scaled(5)
    while process_state(pid) != "T":  # it really stands still
        assert time.monotonic() < deadline, f"process {pid} did not stop"
        time.sleep(0.005)


class WindowCollector:
    """A subscriber to tamyrd's kpi.tax.2s records, in place before the first event."""

    def __init__(self, daemon):
        self.sub = daemon.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt_string(zmq.SUBSCRIBE, "kpi.tax.2s")
        self.sub.connect(daemon.publish)
        wait_subscribed(self.sub)  # the first window may close a few ms after the producer starts
        self.windows = []

    def collect(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.sub.poll(50):
                topic, payload = self.sub.recv_multipart()
                if topic == b"kpi.tax.2s":  # not the breakdowns the prefix also matches
                    self.windows.append(json.loads(payload))


def check_nothing_late_or_lost(daemon, collector, sent, src):
    # The idle watermark still closes the last window once the stream is quiet.
    try:
        final = daemon.status(timeout=15, until=lambda r: r["received"] == sent and r["open_windows"] == 0)
        collector.collect(0.5)
    finally:
        collector.sub.close()
    windows = collector.windows
    assert final["accepted"] == sent
    assert final["producers"][src]["gaps"] == 0
    assert sum(final["late"].values()) == 0, final["late"]
    assert sum(w["count"] for w in windows) == sent, (sent, [(w["start"], w["count"]) for w in windows])
    assert len({w["start"] for w in windows}) == len(windows)
    assert daemon.stop() == 0


def test_a_stalled_daemon_reads_what_queued_before_the_idle_watermark_moves(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS)
    daemon.status()
    collector = WindowCollector(daemon)
    producer = PacedProducer(daemon.ingest, "staller", lambda n: 200)
    try:
        collector.collect(2.5)
        for _ in range(2):
            daemon.proc.send_signal(signal.SIGSTOP)
            wait_stopped(daemon.proc.pid)
            time.sleep(STALL_SECONDS)
            daemon.proc.send_signal(signal.SIGCONT)
            collector.collect(2.5)
    finally:
        daemon.proc.send_signal(signal.SIGCONT)
        producer.stop()
    check_nothing_late_or_lost(daemon, collector, producer.sent, "staller")


def test_a_stall_of_the_whole_machine_is_not_idle_time(tamyrd):
    # The machine stands still with a producer holding 20 events it has stamped and not sent;
    # on waking tamyrd runs first and watches its sockets stay empty for 300 ms before the
    # producer runs and sends them. Those 300 ms are idle time (with the 20-50 ms before the
    # stall, well short of idle_timeout); the 3.2 s of the stall are not.
    daemon = tamyrd(config_extra=WINDOWS)
    daemon.status()
    collector = WindowCollector(daemon)
    script = os.path.join(os.path.dirname(__file__), "paced_producer.py")
    producer = subprocess.Popen([sys.executable, script, daemon.ingest, "machine", "200"],
                                stdout=subprocess.PIPE, text=True)
    try:
        collector.collect(2.5)
        for _ in range(2):
            producer.send_signal(signal.SIGUSR1)  # it stops itself, its next burst stamped
            wait_stopped(producer.pid)
            daemon.proc.send_signal(signal.SIGSTOP)
            wait_stopped(daemon.proc.pid)
            time.sleep(STALL_SECONDS)
            daemon.proc.send_signal(signal.SIGCONT)
            time.sleep(0.3)
            producer.send_signal(signal.SIGCONT)
            collector.collect(2.5)
    finally:
        daemon.proc.send_signal(signal.SIGCONT)
        producer.send_signal(signal.SIGCONT)
        producer.send_signal(signal.SIGTERM)
        sent = int(producer.communicate(timeout=scaled(10))[0])
    check_nothing_late_or_lost(daemon, collector, sent, "machine")
