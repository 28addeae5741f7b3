#!/usr/bin/env python3
"""Random client aborts: N requests to 127.0.0.1:PORT for the given paths, each read for a random number of
bytes (often none of the body), then closed, half of them with a reset (SO_LINGER 0). Bounded by a
per-socket timeout. Prints: requests,resets,errors"""
import random, socket, struct, sys

port, count = int(sys.argv[1]), int(sys.argv[2])
paths = sys.argv[3:] or ["/"]
rng = random.Random(8)
resets = errors = 0
for i in range(count):
    s = socket.socket()
    s.settimeout(10)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % rng.choice(paths).encode())
        want = rng.randrange(0, 256 * 1024)
        got = 0
        while got < want:
            chunk = s.recv(min(65536, want - got))
            if not chunk:
                break
            got += len(chunk)
        if rng.random() < 0.5:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            resets += 1
    except OSError:
        errors += 1
    finally:
        s.close()
print("%d,%d,%d" % (count, resets, errors))
