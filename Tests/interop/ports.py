"""Free TCP ports for the tests that start tamyrd (the interop tests and
Tests/overload/overload.py, which imports this file)."""
import socket

_HANDED_OUT_PORTS = set()


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago and that this process
    has not handed out before. The kernel picks a free port at random and may
    pick one again once its probe socket is closed, so without the record two
    endpoints of one daemon, or two daemons, could get the same port before
    either binds it ("Address already in use" in an interop run)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT_PORTS:
            _HANDED_OUT_PORTS.add(port)
            return port
