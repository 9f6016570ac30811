"""CURVE on real sockets, with pyzmq as the producers and consumers (issue 5, point 5):
an allow-listed key gets in, an unknown key or a plain client gets nothing counted and
reads nothing, refusals are counted in status.tamyrd and logged once per key, and
tamyrd refuses to start with a secret key others can read or with plain TCP beyond
loopback. Every negative check waits first for a positive sign that the attempt was
made and failed (a monitor event on the client), so none rests on a sleep."""
import json
import os
import subprocess
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

from conftest import bin_dir, free_port

HANDSHAKE_FAILED = (zmq.EVENT_HANDSHAKE_FAILED_AUTH | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL
                    | zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL)


class Keys:
    """tamyrd's key pair, an allow-listed producer and consumer, and an intruder, written as
    `tamyr keygen` would: server.key (0600), producers.txt (a list file with a comment) and
    consumers/ (a directory of *.pub files)."""

    def __init__(self, directory):
        self.server_public, self.server_secret = zmq.curve_keypair()
        self.producer = zmq.curve_keypair()
        self.consumer = zmq.curve_keypair()
        self.intruder = zmq.curve_keypair()
        self.secret_file = os.path.join(directory, "server.key")
        fd = os.open(self.secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(self.server_secret.decode() + "\n")
        self.producers = os.path.join(directory, "producers.txt")
        with open(self.producers, "w") as f:
            f.write("# customs gateway\n" + self.producer[0].decode() + "\n")
        self.consumers = os.path.join(directory, "consumers")
        os.mkdir(self.consumers)
        with open(os.path.join(self.consumers, "dashboard.pub"), "w") as f:
            f.write(self.consumer[0].decode() + "\n")

    def yaml(self):
        return f'security:\n  curve_secret_key_file: "{self.secret_file}"\n'


def event(i, src):
    return json.dumps({"id": f"c-{i}", "ts": int(time.time() * 1000) - 500, "domain": "customs",
                       "service": "import-declaration", "status": "ok", "duration_ms": 10, "src": src,
                       "seq": i + 1})


def connect(ctx, kind, endpoint, server_public=None, keypair=None):
    """A socket connected to `endpoint`, CURVE when keys are given, with a handshake monitor."""
    sock = ctx.socket(kind)
    sock.setsockopt(zmq.LINGER, 0)
    if server_public:
        sock.curve_serverkey = server_public
        sock.curve_publickey, sock.curve_secretkey = keypair
    monitor = sock.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED | HANDSHAKE_FAILED,
                                      addr=f"inproc://monitor-{id(sock)}")
    sock.connect(endpoint)
    return sock, monitor


def offer(sock, payloads):
    """Queues what `sock` will take without blocking: before its handshake a socket may have no
    pipe to queue into yet, and after a refused one it never will. Whatever it queued must never
    be counted, which is what the tests check."""
    for payload in payloads:
        try:
            sock.send_string(payload, zmq.NOBLOCK)
        except zmq.Again:
            return


def handshake(monitor, timeout=10.0):
    """The first handshake event: succeeded or failed; fails the test when none comes."""
    assert monitor.poll(int(timeout * 1000)), "no handshake event within %.0f s" % timeout
    return recv_monitor_message(monitor)["event"]


def secured_daemon(tamyrd, tmp_path, publish_curve=False):
    keys = Keys(str(tmp_path))
    publish_extra = f'  curve: true\n  curve_clients: "{keys.consumers}"\n' if publish_curve else ""
    daemon = tamyrd(
        ingest_extra=f'  curve: true\n  curve_clients: "{keys.producers}"\n',
        publish_extra=publish_extra,
        config_extra=keys.yaml(),
        status_curve=(keys.server_public, *keys.consumer) if publish_curve else None,
    )
    return daemon, keys


def test_only_allow_listed_producers_get_events_counted(tamyrd, tmp_path):
    daemon, keys = secured_daemon(tamyrd, tmp_path)
    first = daemon.status()
    assert first["security"] == {"accepted": 0, "refused": 0}
    ctx = zmq.Context()
    try:
        # The intruder tries twice (two connections, one key): counted twice, logged once.
        for attempt in range(2):
            intruder, monitor = connect(ctx, zmq.PUSH, daemon.ingest, keys.server_public, keys.intruder)
            offer(intruder, (event(i, "intruder") for i in range(50)))
            assert handshake(monitor) == zmq.EVENT_HANDSHAKE_FAILED_AUTH
        plain, monitor = connect(ctx, zmq.PUSH, daemon.ingest)
        offer(plain, (event(i, "plain") for i in range(50)))
        assert handshake(monitor) & HANDSHAKE_FAILED
        producer, monitor = connect(ctx, zmq.PUSH, daemon.ingest, keys.server_public, keys.producer)
        assert handshake(monitor) == zmq.EVENT_HANDSHAKE_SUCCEEDED
        for i in range(100):
            producer.send_string(event(i, "customs-gw"))
        record = daemon.status(until=lambda r: r["received"] >= 100)
        assert record["received"] == 100
        assert record["accepted"] == 100
        assert list(record["producers"]) == ["customs-gw"]
        assert record["security"]["refused"] == 2
        assert record["security"]["accepted"] == 1
    finally:
        ctx.destroy(linger=0)
    assert daemon.stop() == 0
    log = daemon.proc.stderr.read()
    assert log.count(keys.intruder[0].decode()) == 1, log
    assert "not allow-listed" in log


def test_only_allow_listed_consumers_read_records(tamyrd, tmp_path):
    daemon, keys = secured_daemon(tamyrd, tmp_path, publish_curve=True)
    daemon.status()  # the allow-listed status subscriber reads records
    ctx = zmq.Context()
    try:
        outsiders = []
        for keypair in (keys.intruder, keys.producer, None):  # unknown key, a producer's key, plain
            sub, monitor = connect(ctx, zmq.SUB, daemon.publish, keypair and keys.server_public, keypair)
            sub.setsockopt(zmq.SUBSCRIBE, b"")
            assert handshake(monitor) & HANDSHAKE_FAILED
            outsiders.append(sub)
        # While the allow-listed consumer reads three more records, the others read nothing.
        for _ in range(3):
            daemon.status()
        for sub in outsiders:
            assert sub.poll(0) == 0
        record = daemon.status(until=lambda r: r["security"]["refused"] >= 2)
        assert record["security"]["refused"] == 2  # the plain subscriber never reaches ZAP
    finally:
        ctx.destroy(linger=0)
    assert daemon.stop() == 0


def run_tamyrd(config, timeout=10):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAMYR_")}
    return subprocess.run([os.path.join(bin_dir(), "tamyrd"), "--config", config], capture_output=True,
                          text=True, timeout=timeout, env=env)


def write_config(tmp_path, text):
    path = os.path.join(str(tmp_path), "tamyrd.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_a_secret_key_others_can_read_stops_start_up(tmp_path):
    keys = Keys(str(tmp_path))
    os.chmod(keys.secret_file, 0o644)
    config = write_config(tmp_path, f'ingest:\n  pull: ["tcp://127.0.0.1:{free_port()}"]\n  curve: true\n'
                                    f'  curve_clients: "{keys.producers}"\n'
                                    f'publish:\n  bind: ["tcp://127.0.0.1:{free_port()}"]\n{keys.yaml()}')
    result = run_tamyrd(config)
    assert result.returncode == 78, result.stderr
    assert f"{keys.secret_file}: security.curve_secret_key_file: mode 0644" in result.stderr
    os.chmod(keys.secret_file, 0o600)
    checked = subprocess.run([os.path.join(bin_dir(), "tamyrd"), "--config", config, "--check-config"],
                             capture_output=True, text=True, timeout=10)
    assert checked.returncode == 0, checked.stderr


def test_plain_tcp_beyond_loopback_needs_allow_plaintext(tmp_path):
    port = free_port()
    config = write_config(tmp_path, f'ingest:\n  pull: ["tcp://0.0.0.0:{port}"]\n'
                                    f'publish:\n  bind: ["tcp://127.0.0.1:{free_port()}"]\n')
    result = run_tamyrd(config)
    assert result.returncode == 78, result.stderr
    assert f"ingest.pull[0]: tcp://0.0.0.0:{port} is plain TCP beyond loopback" in result.stderr
    assert "security.allow_plaintext: true" in result.stderr
    with open(config, "a") as f:
        f.write("security:\n  allow_plaintext: true\n")
    checked = subprocess.run([os.path.join(bin_dir(), "tamyrd"), "--config", config, "--check-config"],
                             capture_output=True, text=True, timeout=10)
    assert checked.returncode == 0, checked.stderr


def test_a_reload_reads_the_allow_list_again(tamyrd, tmp_path):
    """Issue 6, point 2: allow-listed keys change live. A key added to the list gets in after
    a reload (SIGHUP); a key removed is refused at its next handshake."""
    import signal
    daemon, keys = secured_daemon(tamyrd, tmp_path)
    daemon.status()
    ctx = zmq.Context()
    try:
        newcomer, monitor = connect(ctx, zmq.PUSH, daemon.ingest, keys.server_public, keys.intruder)
        assert handshake(monitor) == zmq.EVENT_HANDSHAKE_FAILED_AUTH
        newcomer.close()
        # The list now names the newcomer instead of the first producer.
        with open(keys.producers, "w") as f:
            f.write("# customs gateway, replaced\n" + keys.intruder[0].decode() + "\n")
        daemon.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while True:
            newcomer, monitor = connect(ctx, zmq.PUSH, daemon.ingest, keys.server_public, keys.intruder)
            if handshake(monitor) == zmq.EVENT_HANDSHAKE_SUCCEEDED:
                break
            newcomer.close()
            assert time.monotonic() < deadline, "the added key was still refused 10 s after the reload"
            time.sleep(0.2)
        for i in range(20):
            newcomer.send_string(event(i, "newcomer"))
        record = daemon.status(until=lambda r: r["received"] >= 20)
        assert record["received"] == 20 and list(record["producers"]) == ["newcomer"]
        old, monitor = connect(ctx, zmq.PUSH, daemon.ingest, keys.server_public, keys.producer)
        assert handshake(monitor) == zmq.EVENT_HANDSHAKE_FAILED_AUTH
    finally:
        ctx.destroy(linger=0)
    assert daemon.stop() == 0
    assert "CURVE allow-lists reloaded" in daemon.proc.stderr.read()
