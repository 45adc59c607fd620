#!/usr/bin/env python3
"""Starts N copies of a command at the same moment (a barrier releases N threads, each of
which runs one process) and reports per-process wall time and failures as `name: value
unit` lines. `{}` in the command is replaced by the copy's number, 1..N, formatted as
%03d. A copy fails when it exits non-zero or its stdout lacks EXPECT (if given).
Usage: swarm.py NAME N [--expect TEXT] -- CMD ARG..."""
import math, resource, subprocess, sys, threading, time

name, n = sys.argv[1], int(sys.argv[2])
rest = sys.argv[3:]
expect = None
if rest[:1] == ["--expect"]:
    expect, rest = rest[1], rest[2:]
assert rest[:1] == ["--"], __doc__
command = rest[1:]

barrier = threading.Barrier(n)
results = [None] * n


def one(i):
    argv = [a.replace("{}", "%03d" % (i + 1)) for a in command]
    barrier.wait()
    start = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    ok = p.returncode == 0 and (expect is None or expect in p.stdout)
    results[i] = (start, wall, ok, p.returncode, (p.stdout + p.stderr).strip())


before = resource.getrusage(resource.RUSAGE_CHILDREN)
threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def pct(values, p):  # nearest rank
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


walls = [r[1] for r in results]
failed = [r for r in results if not r[2]]
starts = [r[0] for r in results]
print("%s_processes: %d" % (name, n))
print("%s_start_spread: %.0f ms" % (name, (max(starts) - min(starts)) * 1000))
print("%s_failures: %d" % (name, len(failed)))
print("%s_wall_p50: %.0f ms" % (name, pct(walls, 50) * 1000))
print("%s_wall_p99: %.0f ms" % (name, pct(walls, 99) * 1000))
print("%s_wall_max: %.0f ms" % (name, max(walls) * 1000))
print("%s_all_done: %.0f ms" % (name, (max(r[0] + r[1] for r in results) - min(starts)) * 1000))
print("%s_cpu_total: %.2f s (user + system of all %d processes; %.0f ms each)" % (name, cpu, n, cpu / n * 1000))
kinds = {}
for r in failed:
    kinds.setdefault(r[4].splitlines()[-1] if r[4] else "exit %d" % r[3], []).append(r)
for text, rs in sorted(kinds.items(), key=lambda kv: -len(kv[1]))[:3]:
    print("%s: %d x exit %d: %s" % (name, len(rs), rs[0][3], text[:300]), file=sys.stderr)
