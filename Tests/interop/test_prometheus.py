"""A real Prometheus server (Debian's `prometheus`, installed by `make deps`) scrapes the real
tamyrd every second; the values it stored, read back through its HTTP API, equal what was sent."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
import zmq

from conftest import free_port, scaled
from test_interop import event


def query(base, expression):
    """The instant vector of `expression` as {frozenset(labels): value}."""
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    with urllib.request.urlopen(url, timeout=scaled(5)) as response:
        answer = json.load(response)
    assert answer["status"] == "success", answer
    return {frozenset(item["metric"].items()): float(item["value"][1]) for item in answer["data"]["result"]}


@pytest.fixture
def prometheus():
    """Starts Prometheus on a free port with its own storage, scraping the targets given; stops it after."""
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.fail("the prometheus binary is missing: run `make deps` (Debian package prometheus)")
    directory = tempfile.mkdtemp(prefix="tamyr-prometheus-")
    started = []

    def start(target):
        port = free_port()
        config = os.path.join(directory, "prometheus.yml")
        with open(config, "w") as f:
            f.write(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
                f"scrape_configs:\n  - job_name: tamyrd\n    static_configs:\n      - targets: [\"{target}\"]\n"
            )
        log = open(os.path.join(directory, "prometheus.log"), "w")
        proc = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={directory}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + scaled(20)
        while time.monotonic() < deadline:
            assert proc.poll() is None, open(log.name).read()
            try:
                with urllib.request.urlopen(base + "/-/ready", timeout=1) as response:
                    if response.status == 200:
                        return base
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail("prometheus not ready: " + open(log.name).read())

    yield start
    for proc in started:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    shutil.rmtree(directory, ignore_errors=True)


def test_prometheus_scrapes_tamyrd_and_answers_what_was_sent(tamyrd, prometheus):
    daemon = tamyrd()
    daemon.status()
    base = prometheus(daemon.metrics_address)
    ctx = zmq.Context()
    push = ctx.socket(zmq.PUSH)
    push.setsockopt(zmq.LINGER, 2000)
    push.connect(daemon.ingest)
    for i in range(137):
        push.send_string(json.dumps(event(i, src="prom", seq=i + 1)))
    for i in range(5):
        push.send_string(json.dumps(event(i, domain="health")))
    push.close()
    ctx.term()

    deadline = time.monotonic() + scaled(20)
    accepted = rejected = up = {}
    while time.monotonic() < deadline:
        up = query(base, 'up{job="tamyrd"}')
        accepted = query(base, 'tamyr_events_accepted_total{job="tamyrd"}')
        rejected = query(base, 'tamyr_events_rejected_total{job="tamyrd",reason="unknown_domain"}')
        if list(accepted.values()) == [137] and list(rejected.values()) == [5]:
            break
        time.sleep(0.5)
    assert list(up.values()) == [1], up
    assert list(accepted.values()) == [137], accepted
    assert list(rejected.values()) == [5], rejected
    # The labels Prometheus stored are the ones tamyrd exported, plus the target's.
    (labels,) = rejected.keys()
    assert dict(labels)["instance"] == daemon.metrics_address
    assert daemon.stop() == 0
