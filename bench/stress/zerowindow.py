#!/usr/bin/env python3
"""One HTTP/2 connection (cleartext, prior knowledge) to 127.0.0.1:PORT that announces an initial window of 0
and opens STREAMS streams for PATH, then reads frames for at most WAIT seconds, counting RST_STREAM. Samples the
server's VmRSS (/proc/SERVER_PID, after a full GC) before and 3 s after the streams were opened. Header blocks are HPACK
literals without indexing or Huffman coding. Prints: streams,resets,seconds_to_last_reset,rss_before_kb,rss_during_kb"""
import socket, struct, subprocess, sys, time

port, pid, streams, path, wait = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])

def rss_kb():
    # After a full collection (jcmd, when the JDK has it), so that garbage waiting for the next one does not count.
    subprocess.run(["jcmd", pid, "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1

def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload

def literal(name, value):
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value

block = b"".join(literal(n, v) for n, v in [(b":method", b"GET"), (b":scheme", b"http"),
                                            (b":authority", b"127.0.0.1"), (b":path", path.encode())])
before = rss_kb()
s = socket.create_connection(("127.0.0.1", port), timeout=wait)
s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, struct.pack(">HI", 4, 0)))
s.sendall(b"".join(frame(1, 0x5, stream, block) for stream in range(1, 2 * streams, 2)))
opened = time.time()
buffered, resets, last_reset, during = b"", 0, 0.0, None
deadline = opened + wait
while resets < streams and time.time() < deadline:
    if during is None and time.time() - opened >= 3:
        during = rss_kb()
    s.settimeout(max(0.1, min(1, deadline - time.time())))
    try:
        chunk = s.recv(65536)
    except socket.timeout:
        continue
    if not chunk:
        break
    buffered += chunk
    while len(buffered) >= 9:
        length = int.from_bytes(buffered[:3], "big")
        if len(buffered) < 9 + length:
            break
        kind, flags = buffered[3], buffered[4]
        if kind == 4 and not flags & 1:
            s.sendall(frame(4, 1, 0))
        if kind == 3:
            resets += 1
            last_reset = time.time() - opened
        buffered = buffered[9 + length:]
s.close()
print("%d,%d,%.1f,%d,%d" % (streams, resets, last_reset, before, during if during is not None else rss_kb()))
