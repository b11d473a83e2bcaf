#!/usr/bin/env python3
"""Time from saving a factsheet to the reload event in `signpost serve`.

Starts `signpost serve` on a free port, listens to its event stream, edits one factsheet
N times (appending a sentence, then restoring it) and reports the median and worst time
from the write to the `reload` event. Python 3 standard library only.

    python3 bench/serve_latency.py [--root DIR] [--file content/vote/voter-id.md] [--edits 10]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--root", default=".")
parser.add_argument("--file", default="content/vote/voter-id.md")
parser.add_argument("--edits", type=int, default=10)
parser.add_argument("--binary", default="target/release/signpost")
args = parser.parse_args()

server = subprocess.Popen([args.binary, "serve", "--port", "0", "--root", args.root],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    address = line.split()[2].removeprefix("http://").rstrip("/")
    host, port = address.rsplit(":", 1)
    events = socket.create_connection((host, int(port)))
    events.sendall(f"GET /__signpost/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
    stream = events.makefile("r", encoding="utf-8")

    def wait_for(name):
        current = None
        for raw in stream:
            raw = raw.rstrip("\r\n")
            if raw.startswith("event: "):
                current = raw[len("event: "):]
            elif raw == "" and current == name:
                return
        sys.exit("the event stream closed")

    wait_for("ready")
    path = os.path.join(args.root, args.file)
    original = open(path, encoding="utf-8").read()
    times = []
    try:
        for i in range(args.edits):
            text = original if i % 2 else original + f"\nEdited for timing, pass {i}.\n"
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            wait_for("reload")
            times.append((time.perf_counter() - start) * 1000)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    print(f"{args.edits} edits of {args.file}: median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms from saving to the reload event")
finally:
    server.send_signal(2)
    server.wait()
