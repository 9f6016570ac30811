"""A producer thread for the tests that act on tamyrd while events keep coming.

Run as a script (`paced_producer.py ENDPOINT SRC DURATION_MS`), it is a producer
process of its own, for a test to stop and continue: SIGUSR1 makes it stop
itself (SIGSTOP) with its next 20 events stamped and not yet sent, as a
machine that stands still catches a producer; SIGTERM ends it, and it prints
how many events it sent."""
import json
import os
import signal
import sys
import threading
import time

import zmq


class PacedProducer:
    """Sends `tax`/`vat-return` events stamped with the wall clock to `endpoint`,
    20 every 20 ms, from its own thread until ``stop()``. Event n (from 1) has
    id `{src}-{n}`, seq n and `duration_ms(n)`; `sent` is how many went out."""

    def __init__(self, endpoint, src, duration_ms):
        self.endpoint = endpoint
        self.src = src
        self.duration_ms = duration_ms
        self.sent = 0
        self._stopping = threading.Event()
        self._freezing = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self):
        ctx = zmq.Context()
        push = ctx.socket(zmq.PUSH)
        push.setsockopt(zmq.LINGER, 5000)
        push.connect(self.endpoint)
        while not self._stopping.is_set():
            burst = []
            for n in range(self.sent + 1, self.sent + 21):
                burst.append(json.dumps({
                    "id": f"{self.src}-{n}", "ts": int(time.time() * 1000), "domain": "tax",
                    "service": "vat-return", "status": "ok", "duration_ms": self.duration_ms(n),
                    "src": self.src, "seq": n,
                }))
            if self._freezing.is_set():
                self._freezing.clear()
                os.kill(os.getpid(), signal.SIGSTOP)
            for message in burst:
                push.send_string(message)
                self.sent += 1
            time.sleep(0.02)
        push.close()
        ctx.term()

    def freeze_next_burst(self):
        """The whole process stops itself (SIGSTOP) between stamping its next 20 events and sending them."""
        self._freezing.set()

    def stop(self):
        """Stops sending; returns once every event is handed to libzmq (the socket lingers 5 s)."""
        self._stopping.set()
        self._thread.join()


if __name__ == "__main__":
    endpoint, src, duration = sys.argv[1], sys.argv[2], int(sys.argv[3])
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    producer = PacedProducer(endpoint, src, lambda n: duration)
    signal.signal(signal.SIGUSR1, lambda *_: producer.freeze_next_burst())
    while not stopping.wait(0.05):
        pass
    producer.stop()
    print(producer.sent, flush=True)
