#!/usr/bin/env python3
"""Clients that ask and then read nothing: N sockets to 127.0.0.1:PORT with a 4 KB receive buffer, half asking
for eight disjoint 1 MB ranges of PATH (multipart/byteranges), half for all of it. Samples the server's VmRSS
(from /proc/SERVER_PID, after a full GC) before and after WAIT/2 seconds, then reads each socket to its end and counts those the
server had closed, cut short. Prints: clients,closed_by_server,rss_before_kb,rss_during_kb"""
import socket, subprocess, sys, time

port, pid, count, path, wait = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
size = int(sys.argv[6])
ranges = ",".join("%d-%d" % (i * 2 << 20, (i * 2 + 1 << 20) - 1) for i in range(8))

def rss_kb():
    # After a full collection (jcmd, when the JDK has it), so that garbage waiting for the next one does not count.
    subprocess.run(["jcmd", pid, "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1

before = rss_kb()
clients = []
for i in range(count):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    extra = ("Range: bytes=%s\r\n" % ranges) if i % 2 == 0 else ""
    s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % (path, extra)).encode())
    clients.append(s)
time.sleep(wait / 2)
during = rss_kb()
time.sleep(wait / 2)
closed = 0
for s in clients:
    got = 0
    try:
        s.settimeout(2)
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                closed += got < size
                break
            got += len(chunk)
    except OSError:
        pass
    finally:
        s.close()
print("%d,%d,%d,%d" % (count, closed, before, during))
