#!/usr/bin/env python3
"""Prints N distinct free loopback TCP ports, then the first port of a block of
11 consecutive free ports (for the rabbitmq CLI's own distribution listener).

    free-ports.py N

Ports come from below the kernel's ephemeral range, so outgoing connections
made during the tests cannot take them; the default ports of Redis, RabbitMQ
and epmd are never chosen."""
import random, socket, sys
n = int(sys.argv[1])
try:
    eph_lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except Exception:
    eph_lo = 32768
lo, hi = 20000, min(32000, eph_lo - 1)
if hi - lo < 2000:
    lo, hi = 10000, 60000
avoid = set(range(25672, 25683)) | {4369, 5672, 6379, 15672}
taken = set()
def free(p):
    if p in avoid or p in taken:
        return False
    for addr in ("127.0.0.1", "0.0.0.0"):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((addr, p))
        except OSError:
            return False
        finally:
            s.close()
    return True
rnd = random.SystemRandom()
out = []
for _ in range(n):
    for _ in range(5000):
        p = rnd.randint(lo, hi)
        if free(p):
            taken.add(p); out.append(p); break
    else:
        sys.exit("no free port found")
for _ in range(5000):
    b = rnd.randint(lo, hi - 10)
    if all(free(p) for p in range(b, b + 11)):
        taken.update(range(b, b + 11)); out.append(b); break
else:
    sys.exit("no free port block found")
print(" ".join(map(str, out)))
