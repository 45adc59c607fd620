#!/usr/bin/env python3
"""Starts N copies of a command at the same moment and reports per-process wall time and
failures as `name: value unit` lines. Each copy is a small bash wrapper started ahead of
time and parked on a FIFO; once all N are parked the FIFO's last writer closes and all
run at once (so the launch is not throttled by the copies already running). Each wrapper
stamps its own start and end ($EPOCHREALTIME). `{}` in the command is replaced by the
copy's number, 1..N, as %03d. A copy fails when it exits non-zero or its output lacks
EXPECT (if given). CPU: user + system of all copies (and their wrappers).
Usage: swarm.py NAME N WORKDIR [--expect TEXT] -- CMD ARG..."""
import math, os, resource, subprocess, sys, time

name, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
expect = None
if rest[:1] == ["--expect"]:
    expect, rest = rest[1], rest[2:]
assert rest[:1] == ["--"], __doc__
command = rest[1:]

os.makedirs(work)
fifo = os.path.join(work, "go")
os.mkfifo(fifo)
gate = os.open(fifo, os.O_RDWR)  # a writer, so the copies' opens do not block
wrapper = r'''exec 3<"$1"; : >"$2.ready"; read -r _ <&3; exec 3<&-
start=$EPOCHREALTIME; shift 2; "$@" >"$0.out" 2>&1; rc=$?
echo "$rc $start $EPOCHREALTIME" >"$0.res"'''
before = resource.getrusage(resource.RUSAGE_CHILDREN)
procs = []
for i in range(1, n + 1):
    base = os.path.join(work, "%03d" % i)
    argv = [a.replace("{}", "%03d" % i) for a in command]
    procs.append(subprocess.Popen(["bash", "-c", wrapper, base, fifo, base] + argv))
while sum(f.endswith(".ready") for f in os.listdir(work)) < n:
    time.sleep(0.05)
time.sleep(0.2)
os.close(gate)  # EOF for every parked copy at once
for p in procs:
    p.wait()
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

results = []
for i in range(1, n + 1):
    base = os.path.join(work, "%03d" % i)
    with open(base + ".res") as f:
        rc, start, end = f.read().split()
    with open(base + ".out", errors="replace") as f:
        out = f.read().strip()
    ok = rc == "0" and (expect is None or expect in out)
    results.append((float(start), float(end) - float(start), ok, int(rc), out))


def pct(values, p):  # nearest rank
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


walls = [r[1] for r in results]
starts = [r[0] for r in results]
failed = [r for r in results if not r[2]]
print("%s_processes: %d" % (name, n))
print("%s_start_spread: %.0f ms (first to last process released)" % (name, (max(starts) - min(starts)) * 1000))
print("%s_failures: %d" % (name, len(failed)))
print("%s_wall_p50: %.0f ms" % (name, pct(walls, 50) * 1000))
print("%s_wall_p99: %.0f ms" % (name, pct(walls, 99) * 1000))
print("%s_wall_max: %.0f ms" % (name, max(walls) * 1000))
print("%s_all_done: %.0f ms (first start to last exit)" % (name, (max(r[0] + r[1] for r in results) - min(starts)) * 1000))
print("%s_cpu_total: %.2f s (user + system of all %d processes; %.0f ms each)" % (name, cpu, n, cpu / n * 1000))
kinds = {}
for r in failed:
    kinds.setdefault(r[4].splitlines()[-1] if r[4] else "exit %d" % r[3], []).append(r)
for text, rs in sorted(kinds.items(), key=lambda kv: -len(kv[1]))[:3]:
    print("%s: %d x exit %d: %s" % (name, len(rs), rs[0][3], text[:300]), file=sys.stderr)
