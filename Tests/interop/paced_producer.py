"""A producer thread for the tests that act on tamyrd while events keep coming."""
import json
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
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self):
        ctx = zmq.Context()
        push = ctx.socket(zmq.PUSH)
        push.setsockopt(zmq.LINGER, 5000)
        push.connect(self.endpoint)
        while not self._stopping.is_set():
            for _ in range(20):
                self.sent += 1
                push.send_string(json.dumps({
                    "id": f"{self.src}-{self.sent}", "ts": int(time.time() * 1000), "domain": "tax",
                    "service": "vat-return", "status": "ok", "duration_ms": self.duration_ms(self.sent),
                    "src": self.src, "seq": self.sent,
                }))
            time.sleep(0.02)
        push.close()
        ctx.term()

    def stop(self):
        """Stops sending; returns once every event is handed to libzmq (the socket lingers 5 s)."""
        self._stopping.set()
        self._thread.join()
