#!/usr/bin/env python3
"""Drives the same timed request pattern at several HTTP targets at once and counts, per phase, how many
requests each target accepted (2xx) and rejected. One thread per target, one keep-alive connection each, the
same absolute schedule for all, so the targets see the same arrival times.

usage: drive.py NAME=host:port[/path] ...   → prints JSON {phase: {NAME: [accepted, rejected]}}
"""
import http.client, json, sys, threading, time

# (phase name, number of requests, spacing in seconds, pause before the phase)
PHASES = [
    ("burst-20", 20, 0.0, 0.0),
    ("20r/s-for-1.5s", 30, 0.05, 1.0),
    ("back-to-back-10", 10, 0.0, 0.5),
    ("8r/s-for-2.5s", 20, 0.125, 0.3),
    ("after-2s-idle-burst-12", 12, 0.0, 2.0),
]

def schedule():
    t, out = 0.0, []
    for name, n, spacing, pause in PHASES:
        t += pause
        for i in range(n):
            out.append((name, t))
            t += spacing
    return out

def run(name, target, plan, start, results):
    host, _, rest = target.partition(":")
    port, _, path = rest.partition("/")
    path = "/" + path if path else "/api/conformance"
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    counts = {}
    for phase, at in plan:
        delay = start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            ok = 200 <= resp.status < 300
            if resp.getheader("connection", "").lower() == "close":
                conn.close(); conn = http.client.HTTPConnection(host, int(port), timeout=30)
        except Exception:
            ok = False
            conn.close(); conn = http.client.HTTPConnection(host, int(port), timeout=30)
        a, r = counts.get(phase, (0, 0))
        counts[phase] = (a + 1, r) if ok else (a, r + 1)
    results[name] = counts

def main():
    targets = dict(arg.split("=", 1) for arg in sys.argv[1:])
    plan = schedule()
    results, threads = {}, []
    start = time.monotonic() + 0.5
    for name, target in targets.items():
        t = threading.Thread(target=run, args=(name, target, plan, start, results))
        t.start(); threads.append(t)
    for t in threads:
        t.join()
    print(json.dumps({phase: {n: results[n].get(phase, (0, 0)) for n in targets} for phase, *_ in PHASES}))

if __name__ == "__main__":
    main()
