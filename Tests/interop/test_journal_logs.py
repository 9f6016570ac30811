"""tamyrd's log lines under systemd's journal: syslog priority prefixes when
JOURNAL_STREAM names its stderr, and at most one warning a minute about bad input,
with counts by reason and nothing of the events themselves."""
import json
import os
import re
import signal
import subprocess
import tempfile
import time

import zmq

from conftest import bin_dir, free_port, scaled
from test_interop import event


def start(journal):
    """tamyrd with stderr in a file; `journal`: JOURNAL_STREAM set to that file's
    device and inode, as systemd sets it for a service whose stderr is the journal."""
    work = tempfile.mkdtemp(prefix="tamyrd-journal-")
    ingest = f"tcp://127.0.0.1:{free_port()}"
    config = os.path.join(work, "tamyrd.yaml")
    with open(config, "w") as f:
        f.write(f'ingest:\n  pull: ["{ingest}"]\n'
                f'publish:\n  bind: ["tcp://127.0.0.1:{free_port()}"]\n  status_every: 200ms\n'
                f"state:\n  dir: {work}/state\n")
    log = open(os.path.join(work, "stderr.log"), "w")
    env = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC")}
    if journal:
        st = os.fstat(log.fileno())
        env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
    proc = subprocess.Popen([os.path.join(bin_dir(), "tamyrd"), "--config", config],
                            stdout=subprocess.DEVNULL, stderr=log, env=env)
    return proc, ingest, log.name


def wait_for(path, pattern, timeout=20):
    deadline = time.monotonic() + scaled(timeout)
    while time.monotonic() < deadline:
        text = open(path).read()
        if re.search(pattern, text, re.M):
            return text
        time.sleep(0.05)
    raise AssertionError(f"{pattern!r} not in the log within {timeout} s:\n{open(path).read()}")


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=scaled(10)) == 0


def test_journal_lines_carry_priorities_and_no_time():
    proc, _, path = start(journal=True)
    wait_for(path, r"^<6>tamyrd ready ")
    stop(proc)
    lines = open(path).read().splitlines()
    assert lines and all(re.match(r"<[2-7]>", line) for line in lines), lines
    assert not any(re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line.split(" ", 1)[0]) for line in lines), lines


def test_plain_lines_on_anything_else_carry_a_time_and_the_level():
    proc, _, path = start(journal=False)
    text = wait_for(path, r"tamyrd ready")
    stop(proc)
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info tamyrd: tamyrd ready ", text, re.M), text
    assert not re.search(r"^<\d>", text, re.M)


def test_a_flood_of_bad_events_yields_one_warning_a_minute_with_counts_only():
    proc, ingest, path = start(journal=True)
    wait_for(path, r"^<6>tamyrd ready ")
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 5000)
    push.connect(ingest)
    sent = {"malformed_json": 0, "unknown_domain": 0}
    # Three seconds of garbage, in bursts: each would be worth a warning without the limit.
    end = time.monotonic() + 3
    i = 0
    while time.monotonic() < end:
        for _ in range(200):
            i += 1
            if i % 2:
                push.send(b'{"id": "x", "applicant": "900100000001",')
                sent["malformed_json"] += 1
            else:
                push.send_string(json.dumps(event(i, domain="health", applicant="900100000002")))
                sent["unknown_domain"] += 1
        time.sleep(0.1)
    push.close()
    ctx.term()
    time.sleep(scaled(1.5))
    during = [line for line in open(path).read().splitlines() if line.startswith("<4>events rejected")]
    assert len(during) == 1, during  # the first within a second; the next not before a minute
    stop(proc)
    warnings = [line for line in open(path).read().splitlines() if line.startswith("<4>events rejected")]
    # The stop reports what the minute held back, so every rejection is counted once.
    assert len(warnings) == 2, warnings
    counted = {reason: 0 for reason in sent}
    for line in warnings:
        for reason, count in re.findall(r"rejected\.(malformed_json|unknown_domain)=(\d+)", line):
            counted[reason] += int(count)
        assert int(re.search(r"rejected\.total=(\d+)", line).group(1)) > 0
    assert counted == sent
    text = open(path).read()
    assert "9001000000" not in text and "health" not in text  # no applicant id, no payload


def test_a_configuration_error_has_the_error_priority_under_the_journal():
    work = tempfile.mkdtemp(prefix="tamyrd-journal-")
    config = os.path.join(work, "bad.yaml")
    with open(config, "w") as f:
        f.write("windows:\n  tumblin: [1m]\n")
    log = open(os.path.join(work, "stderr.log"), "w")
    st = os.fstat(log.fileno())
    env = dict(os.environ, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
    code = subprocess.run([os.path.join(bin_dir(), "tamyrd"), "--config", config, "--check-config"],
                          stdout=subprocess.DEVNULL, stderr=log, env=env).returncode
    assert code == 78
    lines = open(log.name).read().splitlines()
    assert lines[0] == "<3>tamyrd: configuration error", lines
    assert all(line.startswith("<3>") for line in lines) and any("windows.tumblin: unknown key" in l for l in lines), lines
