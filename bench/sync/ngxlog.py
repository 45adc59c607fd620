#!/usr/bin/env python3
"""Summarises the lines of the bench's nginx access log after line FROM (log_format
`sync` in run.sh: $msec $status $request_length $bytes_sent $body_bytes_sent
$request_time $connection $connection_requests "$request"), as `name: value unit` lines.
Usage: ngxlog.py LOG FROM NAME wire              requests, request/response/header bytes
       ngxlog.py LOG FROM NAME load STATUS       requests/s, unexpected statuses, latency"""
import math, sys

log, start, name, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = []
with open(log) as f:
    for number, line in enumerate(f, 1):
        if number <= start:
            continue
        msec, status, req, sent, body, rtime, conn = line.split()[:7]
        rows.append((float(msec), int(status), int(req), int(sent), int(body), float(rtime), conn))


def pct(values, p):  # nearest rank
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)] if s else 0


if mode == "wire":
    req = sum(r[2] for r in rows)
    sent = sum(r[3] for r in rows)
    body = sum(r[4] for r in rows)
    statuses = ",".join(sorted({str(r[1]) for r in rows}))
    print("%s_requests: %d (status %s) over %d TCP connection(s)" % (name, len(rows), statuses, len({r[6] for r in rows})))
    print("%s_request_bytes: %d bytes" % (name, req))
    print("%s_response_bytes: %d bytes (%d headers + %d body)" % (name, sent, sent - body, body))
    print("%s_wire_bytes: %d bytes" % (name, req + sent))
else:
    want = int(sys.argv[5])
    times = [r[5] for r in rows]
    span = max(r[0] for r in rows) - min(r[0] for r in rows) if rows else 0
    bad = [r for r in rows if r[1] != want]
    print("%s_server_requests: %d over %d TCP connections" % (name, len(rows), len({r[6] for r in rows})))
    print("%s_server_span: %.3f s (first to last logged request)" % (name, span))
    print("%s_server_rps: %.0f requests/s" % (name, len(rows) / span if span > 0 else 0))
    print("%s_server_non_%d: %d%s" % (name, want, len(bad),
          " (" + ",".join(sorted({str(r[1]) for r in bad})) + ")" if bad else ""))
    print("%s_server_request_time_p50: %.0f ms" % (name, pct(times, 50) * 1000))
    print("%s_server_request_time_p99: %.0f ms" % (name, pct(times, 99) * 1000))
