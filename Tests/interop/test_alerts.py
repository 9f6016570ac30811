"""Alert rules on the real tamyrd: a rule fires after `for` consecutive windows
meeting its condition and resolves at the first that does not, each change
published once on alert.<domain>.<rule>, with the values of the KPI record of
that window; `tamyr watch` shows both; the snapshot keeps the latest state."""
import json
import os
import subprocess
import time

import zmq

from conftest import bin_dir, scaled

RULES = (
    "windows:\n  tumbling: [1s]\n  hopping: []\n  allowed_lateness: 0s\n  idle_timeout: 1s\n"
    "alerts:\n"
    "  - name: tax-failing\n    window: 1s\n    domain: tax\n    when: success_ratio < 0.5\n    for: 2\n"
    "  - name: customs-quiet\n    window: 1s\n    domain: customs\n    when: count < 1\n    for: 3\n"
)

# Per window (1 s each, in order): (tax ok, tax failed, customs events).
PLAN = [(5, 1, 1), (0, 4, 1), (1, 3, 1), (4, 0, 1), (0, 2, 0), (0, 2, 0), (3, 0, 0), (1, 0, 1)]
# After the last event the idle watermark closes empty windows, one a second: customs is
# quiet again in the third of them; tax's success ratio is absent there (no change).
SILENT = [(0, 0, 0)] * 3


def expected_transitions(plan):
    """The rules' changes worked out from the plan alone: (rule, state, window index)."""
    out = []
    for name, meets, needed in [
        ("tax-failing", lambda ok, failed, customs: None if ok + failed == 0 else ok / (ok + failed) < 0.5, 2),
        ("customs-quiet", lambda ok, failed, customs: customs < 1, 3),
    ]:
        streak, firing = 0, False
        for index, window in enumerate(plan):
            met = meets(*window)
            if met is None:
                continue
            if met:
                streak += 1
                if not firing and streak >= needed:
                    firing = True
                    out.append((name, "firing", index))
            else:
                streak = 0
                if firing:
                    firing = False
                    out.append((name, "resolved", index))
    return sorted(out, key=lambda t: (t[2], t[0]))


def test_rules_fire_and_resolve_on_the_windows_that_change_them(tamyrd):
    daemon = tamyrd(config_extra=RULES)
    daemon.status()
    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    for prefix in [b"alert.", b"kpi.tax.1s", b"kpi.customs.1s"]:
        sub.setsockopt(zmq.SUBSCRIBE, prefix)
    sub.connect(daemon.publish)
    watch = subprocess.Popen(
        [os.path.join(bin_dir(), "tamyr"), "watch", "--connect", daemon.publish, "--no-snapshot", "--window", "1s",
         "--topic", "alert."],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(scaled(1))  # both subscriptions in place

    # Event time a minute ago, so the idle watermark closes every window at once after the last.
    base = (int(time.time()) - 60) * 1000
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(daemon.ingest)
    n = 0
    for index, (ok, failed, customs) in enumerate(PLAN):
        ts = base + index * 1000 + 100
        for status, domain, times in [("ok", "tax", ok), ("failed", "tax", failed), ("ok", "customs", customs)]:
            for _ in range(times):
                n += 1
                push.send_string(json.dumps({"id": f"a{n}", "ts": ts + n, "domain": domain, "service": "s",
                                             "status": status, "duration_ms": 10}))
    push.close()

    alerts, kpis = [], {}
    deadline = time.monotonic() + scaled(15)
    expected = expected_transitions(PLAN + SILENT)
    settle = None
    while time.monotonic() < deadline and (settle is None or time.monotonic() < settle):
        if settle is None and len(alerts) >= len(expected):
            settle = time.monotonic() + scaled(1.5)  # anything more would be a wrong extra change
        if sub.poll(100):
            topic, payload = sub.recv_multipart()
            record = json.loads(payload)
            if topic.startswith(b"alert."):
                alerts.append((topic.decode(), record))
            else:
                kpis[(topic.decode(), record["start"])] = record
    sub.close()

    def window_index(start):
        seconds = time.mktime(time.strptime(start, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        return int(seconds * 1000 - base) // 1000

    got = sorted(((r["rule"], r["state"], window_index(r["start"])) for _, r in alerts), key=lambda t: (t[2], t[0]))
    assert got == expected, alerts
    for topic, record in alerts:
        assert topic == f"alert.{record['domain']}.{record['rule']}"
        assert record["v"] == 1 and record["window"] == "1s"
        if record["rule"] == "tax-failing":
            assert record["when"] == "success_ratio < 0.5" and record["threshold"] == 0.5 and record["for"] == 2
            # The value is the success ratio of that window's KPI record.
            assert abs(record["value"] - kpis[("kpi.tax.1s", record["start"])]["success_ratio"]) < 1e-6, record
        else:
            assert record["when"] == "count < 1" and record["for"] == 3
            kpi = kpis.get(("kpi.customs.1s", record["start"]))
            assert record["value"] == (kpi["count"] if kpi else 0), record

    # The snapshot keeps each rule's latest state.
    dealer = ctx.socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.connect(daemon.snapshot)
    dealer.send_multipart([b"SNAPSHOT", b"alert."])
    latest = {}
    while True:
        assert dealer.poll(int(scaled(5) * 1000)), "no snapshot reply"
        topic, payload = dealer.recv_multipart()
        if topic == b"snapshot.end":
            break
        latest[topic.decode()] = json.loads(payload)["state"]
    dealer.close()
    last = {}
    for rule, state, _ in expected:
        last[f"alert.{'tax' if rule == 'tax-failing' else 'customs'}.{rule}"] = state
    assert latest == last

    # /metrics shows each rule's state as a gauge.
    import urllib.request
    metrics = urllib.request.urlopen(daemon.http + "/metrics", timeout=scaled(5)).read().decode()
    for topic, state in last.items():
        rule = topic.rsplit(".", 1)[1]
        domain = topic.split(".")[1]
        lines = [m for m in metrics.splitlines() if m.startswith("tamyr_alert_firing{") and f'rule="{rule}"' in m]
        assert len(lines) == 1 and f'domain="{domain}"' in lines[0] and 'window="1s"' in lines[0], metrics
        assert float(lines[0].rsplit(" ", 1)[1]) == (1 if state == "firing" else 0), lines

    watch.terminate()
    out, _ = watch.communicate(timeout=scaled(10))
    ctx.term()
    assert daemon.stop() == 0
    shown = [line for line in out.splitlines() if line.startswith(("FIRING", "resolved"))]
    assert len(shown) == len(alerts), out
    assert any(line.startswith("FIRING tax-failing: success_ratio < 0.5, value 0") for line in shown), out
    assert any(line.startswith("resolved customs-quiet: count < 1") for line in shown), out
