"""Slow clients (issue 11): 150 loopback connections that each send one
header line every 7 seconds do not stop the test server from answering
ordinary requests within a few seconds (mod_reqtimeout cuts them). The
attack is bounded: 150 sockets for 14 seconds, on 127.0.0.1 only."""
import socket
import time

import requests

ATTACKERS = 150
LINE_EVERY = 7.0
DURATION = 14.0
FEW_SECONDS = 3.0


def test_slow_header_trickle_leaves_ordinary_requests_answered(server):
    sockets, latencies = [], []
    start = time.monotonic()
    try:
        for _ in range(ATTACKERS):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /carbon/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sockets.append(s)
        next_line = start + LINE_EVERY
        while time.monotonic() - start < DURATION:
            if time.monotonic() >= next_line:
                for s in sockets:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass           # already cut by the server
                next_line += LINE_EVERY
            asked = time.monotonic()
            try:
                r = requests.get(server.url("/api/v1/public/summary"), timeout=10)
                latencies.append((asked - start, time.monotonic() - asked, r.status_code))
            except requests.RequestException:
                latencies.append((asked - start, float("inf"), None))
            time.sleep(0.5)
    finally:
        for s in sockets:
            s.close()
    late = [x for x in latencies if x[0] >= 8.0]
    assert late, latencies
    assert all(took < FEW_SECONDS and status == 200 for _, took, status in late), latencies
