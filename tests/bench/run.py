#!/usr/bin/env python3
"""LiveDesk against the minimal reference server, alternately (A B A B), three times, at
N = 100, 1,000 and 10,000 subscribers with M = 200 events at 50/s, plus a rate sweep at
N = 1,000 (50, 100, 200, 400 events/s). Prints a Markdown table of medians and each
metric's ratio to the reference. Everything runs on 127.0.0.1.

    python3 tests/bench/run.py [--build build/default] [--quick]
"""
import argparse, json, os, re, statistics, subprocess, sys, tempfile, time

METRICS = [
    ("p50_ms", "p50 latency (ms)"), ("p99_ms", "p99 latency (ms)"), ("max_ms", "max latency (ms)"),
    ("last_client_median_ms", "last client, median (ms)"), ("last_client_max_ms", "last client, max (ms)"),
    ("lost", "lost"), ("cpu_ms_per_1000_deliveries", "CPU ms / 1,000 deliveries"),
    ("rss_per_connection_kb", "RSS / connection (KB)"), ("connect_ms", "connect all (ms)"),
    ("publish_rate", "publish rate (/s)"),
]


def start(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"{cmd[0]} did not start: {line!r}")
    return proc, int(match.group(1))


# As strong as a token given by hand must be (the server refuses weak ones at start).
BENCH_TOKEN = "Bn7qRt2Lx9Vk4Wz8Hy3Mc6Pd"


def run_one(build, server, clients, events, rate):
    if server == "livedesk":
        data = tempfile.mkdtemp(prefix="livedesk-bench-")
        cmd = [f"{build}/app/livedesk", "--headless", "--port", "0", "--token", BENCH_TOKEN,
               "--data-dir", data]
    else:
        cmd = [f"{build}/tests/bench/livedesk_refserver", "--port", "0"]
    proc, port = start(cmd)
    try:
        time.sleep(0.5)
        out = subprocess.run([f"{build}/tests/bench/livedesk_loadclient", "--port", str(port), "--token", BENCH_TOKEN,
                              "--pid", str(proc.pid), "--clients", str(clients), "--events", str(events),
                              "--rate", str(rate), "--timeout", "120"],
                             capture_output=True, text=True, timeout=400)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if "error" in result and out.stderr.strip():
            # What the load client saw go wrong (a refused connect, a failed write).
            result["stderr"] = out.stderr.strip().splitlines()[-5:]
        return result
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--quick", action="store_true", help="one repetition, N up to 1,000")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    configs = [(100, 200, 50), (1000, 200, 50)] + ([] if args.quick else [(10000, 200, 50)])
    configs += [(1000, 200, r) for r in (100, 200, 400)]
    results = {}
    for clients, events, rate in configs:
        for rep in range(reps):
            for server in ("livedesk", "reference"):  # A B A B: noise hits both alike
                r = run_one(args.build, server, clients, events, rate)
                results.setdefault((clients, rate, server), []).append(r)
                print(f"N={clients} R={rate}/s {server} #{rep + 1}: {json.dumps(r)}", file=sys.stderr)

    print(f"Machine: {os.cpu_count()} cores; {reps} repetition(s), medians shown.\n")
    for clients, events, rate in configs:
        print(f"### N = {clients:,}, M = {events}, {rate} events/s\n")
        print("| metric | LiveDesk | reference | ratio |\n|---|---|---|---|")
        for key, label in METRICS:
            a = statistics.median(r.get(key, float("nan")) for r in results[(clients, rate, "livedesk")])
            b = statistics.median(r.get(key, float("nan")) for r in results[(clients, rate, "reference")])
            ratio = f"{a / b:.2f}×" if b else "–"
            print(f"| {label} | {a:.2f} | {b:.2f} | {ratio} |")
        print()


if __name__ == "__main__":
    main()
