"""A tamyrd that stands still (SIGSTOP: what a paused VM or a starved core looks
like from inside) for longer than idle_timeout while a producer keeps sending
loses nothing: the messages that queued meanwhile are read and aggregated
before the idle watermark follows the clock, so none of them is counted late
and every one is in a published window.

Before the idle time was bounded by the ingest stage's last sight of empty
sockets, a single 3 s stall counted 1,680-1,780 events late in three runs of
four; a CI run of test_reload lost 80 events so."""
import json
import signal
import time

import zmq

from paced_producer import PacedProducer


WINDOWS = "windows:\n  tumbling: [2s]\n  hopping: []\n  allowed_lateness: 0s\n  idle_timeout: 1s\n"
# Longer than idle_timeout plus a window: unbounded, the idle watermark would cross a window's end.
STALL_SECONDS = 3.2


def process_state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def test_a_stalled_daemon_reads_what_queued_before_the_idle_watermark_moves(tamyrd):
    daemon = tamyrd(config_extra=WINDOWS)
    daemon.status()
    kpi = daemon.ctx.socket(zmq.SUB)
    kpi.setsockopt(zmq.LINGER, 0)
    kpi.setsockopt_string(zmq.SUBSCRIBE, "kpi.tax.2s")
    kpi.connect(daemon.publish)
    windows = []

    def collect(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if kpi.poll(50):
                topic, payload = kpi.recv_multipart()
                if topic == b"kpi.tax.2s":  # not the breakdowns the prefix also matches
                    windows.append(json.loads(payload))

    producer = PacedProducer(daemon.ingest, "staller", lambda n: 200)
    try:
        collect(2.5)
        for _ in range(2):
            daemon.proc.send_signal(signal.SIGSTOP)
            time.sleep(0.1)
            assert process_state(daemon.proc.pid) == "T"  # it really stands still
            time.sleep(STALL_SECONDS - 0.1)
            daemon.proc.send_signal(signal.SIGCONT)
            collect(2.5)
    finally:
        daemon.proc.send_signal(signal.SIGCONT)
        producer.stop()
    sent = producer.sent

    # The idle watermark still closes the last window once the stream is quiet.
    try:
        final = daemon.status(timeout=15, until=lambda r: r["received"] == sent and r["open_windows"] == 0)
        collect(0.5)
    finally:
        kpi.close()
    assert final["accepted"] == sent
    assert final["producers"]["staller"]["gaps"] == 0
    assert sum(final["late"].values()) == 0, final["late"]
    assert sum(w["count"] for w in windows) == sent, (sent, [(w["start"], w["count"]) for w in windows])
    assert len({w["start"] for w in windows}) == len(windows)
    assert daemon.stop() == 0
