#!/usr/bin/env python3
"""Where LiveDesk's memory per connection goes.

Starts `livedesk --headless` with its shipped defaults (only port, token and a fresh data
directory are given), opens N SSE streams with livedesk_loadclient, publishes 20 events to
them and holds them open, then reports:

1. RSS per connection: the load client's VmRSS growth per stream (the bench's metric), and
   /proc/PID/smaps_rollup with every stream open against before the first one, per stream.
2. The heap per connection by allocation site, from two heaptrack runs (Debian package
   `heaptrack`): one with N streams, one with a baseline of N/10, each killed (SIGKILL)
   while all its streams are open, so that what heaptrack reports as never freed is what was
   live then. For each call stack those bytes are taken from both runs, and the difference
   is divided by the difference in streams, so what every process has once
   (Qt, SQLite's cache, the replay window) cancels out and only what grows with the streams
   remains. Sites are named by the allocation and by the innermost LiveDesk function that
   led to it.

    python3 tests/bench/memprofile.py [--build build/default] [--tools DIR] [--livedesk PATH]
                                      [--clients 2000] [--baseline 200] [--top 15]
                                      [--keep DIR] [--no-heaptrack]

Prints Markdown; the raw numbers go to stderr. Everything runs on 127.0.0.1.
"""
import argparse, collections, json, os, re, shutil, signal, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import BENCH_TOKEN  # noqa: E402  (the same strong token as the bench)

EVENTS = 20
HOLD_MS = 1500
# Frames that only say "memory was allocated"; the site is named by the first frame past them.
ALLOCATOR_FRAME = re.compile(
    r"^(malloc|calloc|realloc|operator new|__libc_|QArrayData::|QTypedArrayData|QByteArray::QByteArray"
    r"|QByteArray::reallocData|QString::QString|QListData|QtPrivate::QPodArrayOps|QtPrivate::QGenericArrayOps"
    r"|QArrayDataPointer|std::__new_allocator|std::allocator|__gnu_cxx::new_allocator|0x[0-9a-f]+)")
# A LiveDesk frame: a function with a source file of ours in parentheses (Qt's frames have no
# file, or one of Qt's headers).
OUR_FILE = re.compile(r"\(([a-z0-9_]+\.cpp)\)$")


def smaps_rollup(pid):
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            m = re.match(r"(\w+):\s+(\d+) kB", line)
            if m:
                values[m.group(1)] = int(m.group(2))
    return values


def start_livedesk(cmd, scratch):
    """Starts LiveDesk (perhaps under heaptrack); returns (process, livedesk pid, port)."""
    proc = subprocess.Popen(cmd + ["--headless", "--port", "0", "--token", BENCH_TOKEN, "--data-dir", scratch],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 60
    port = None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        proc.kill()
        raise RuntimeError(f"{cmd[0]} did not start")
    return proc, livedesk_pid(proc.pid), port


def livedesk_pid(pid):
    """The LiveDesk process itself: heaptrack's script runs it as a child."""
    for _ in range(100):
        if "livedesk" in os.path.basename(os.readlink(f"/proc/{pid}/exe")):
            return pid
        children = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children += [int(c) for c in f.read().split()]
        for child in children:
            try:
                if "livedesk" in os.path.basename(os.readlink(f"/proc/{child}/exe")):
                    return child
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError("cannot find the livedesk process")


def hold_streams(args, port, pid, clients, on_hold=None):
    """Runs the load client; calls on_hold() while every stream is open. Returns its JSON."""
    client = subprocess.Popen([f"{args.tools}/livedesk_loadclient", "--port", str(port), "--pid", str(pid),
                               "--token", BENCH_TOKEN, "--clients", str(clients), "--events", str(EVENTS),
                               "--rate", "50", "--timeout", "120", "--hold-ms", str(HOLD_MS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in client.stderr:
        if line.startswith("holding"):
            time.sleep(0.3)
            if on_hold:
                on_hold()
            break
    out, err = client.communicate(timeout=300)
    lines = out.strip().splitlines()
    if not lines:
        raise RuntimeError(f"the load client printed nothing: {err.strip()[-500:]}")
    return json.loads(lines[-1])


def stop(proc, pid):
    os.kill(pid, signal.SIGTERM)
    proc.wait(timeout=120)  # under heaptrack this includes writing its file


def rss_pass(args):
    scratch = tempfile.mkdtemp(prefix="livedesk-mem-")
    proc, pid, port = start_livedesk([args.livedesk], scratch)
    try:
        time.sleep(0.5)
        before = smaps_rollup(pid)
        held = {}
        result = hold_streams(args, port, pid, args.clients, lambda: held.update(smaps_rollup(pid)))
    finally:
        stop(proc, pid)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"rss pass: {json.dumps(result)}", file=sys.stderr)
    per = {k: (held.get(k, 0) - before.get(k, 0)) * 1024 / args.clients for k in before}
    return result, per


def heaptrack_run(args, clients, out_dir):
    scratch = tempfile.mkdtemp(prefix="livedesk-mem-")
    data = os.path.join(out_dir, f"heaptrack.livedesk.{clients}")
    proc, pid, port = start_livedesk(["heaptrack", "-o", data, args.livedesk], scratch)
    try:
        # Killed while every stream is open: what heaptrack then counts as never freed is
        # exactly what was live at that moment. (The heap's peak is not: it can fall in the
        # connect burst, when hundreds of connections are half-read at once.)
        result = hold_streams(args, port, pid, clients, lambda: os.kill(pid, signal.SIGKILL))
    finally:
        if proc.poll() is None and os.path.exists(f"/proc/{pid}"):
            os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=120)  # heaptrack writes its file
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"heaptrack N={clients}: {json.dumps(result)}", file=sys.stderr)
    recorded = next((os.path.join(out_dir, f) for f in os.listdir(out_dir)
                     if f.startswith(os.path.basename(data)) and not f.endswith(".txt")), None)
    if not recorded:
        raise RuntimeError("heaptrack wrote no file")
    stacks = os.path.join(out_dir, f"live-stacks.{clients}.txt")
    subprocess.run(["heaptrack_print", "-f", recorded, "--flamegraph-cost-type", "leaked", "-F", stacks],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    costs = collections.Counter()
    with open(stacks) as f:
        for line in f:
            stack, _, cost = line.rstrip("\n").rpartition(" ")
            if stack and cost.isdigit():
                costs[stack] += int(cost)
    return costs


def site_of(stack):
    """(what is allocated, the LiveDesk function that led to it) for a root-first stack."""
    frames = [f.strip() for f in stack.split(";") if f.strip()]
    inner = list(reversed(frames))
    what = next((f for f in inner if not ALLOCATOR_FRAME.match(f)), inner[0] if inner else "?")
    # The event loop only says that Qt itself acted on a socket notification.
    ours = next((f for f in inner if OUR_FILE.search(f) and "epolleventdispatcher.cpp" not in f),
                "(Qt, from the event loop)")
    return shorten(what), shorten(ours) if ours.endswith(".cpp)") else ours


def shorten(frame):
    frame = re.sub(r"\((?:[^()]|\([^()]*\))*\)(?= \(|$)", "()", frame, count=1)  # drop argument lists
    return frame.replace("|", "\\|")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build/default")
    parser.add_argument("--tools", help="where the bench tools are (default: BUILD/tests/bench)")
    parser.add_argument("--livedesk", help="the binary to measure (default: BUILD/app/livedesk)")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--baseline", type=int, help="streams in the baseline heaptrack run (default N/10)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--keep", help="keep heaptrack's files and stacks in this directory")
    parser.add_argument("--no-heaptrack", action="store_true")
    args = parser.parse_args()
    args.tools = args.tools or f"{args.build}/tests/bench"
    args.livedesk = args.livedesk or f"{args.build}/app/livedesk"
    baseline = args.baseline if args.baseline is not None else max(1, args.clients // 10)
    if baseline >= args.clients:
        sys.exit("--baseline must be below --clients")

    result, per = rss_pass(args)
    print(f"## Memory per connection: {args.clients:,} streams, {EVENTS} events, shipped defaults\n")
    print("| measure | bytes per connection |\n|---|---|")
    print(f"| VmRSS growth (the bench's RSS / connection) | {result['rss_per_connection_kb'] * 1024:,.0f} |")
    for key, label in (("Rss", "smaps Rss"), ("Anonymous", "smaps Anonymous (heap, stacks)"),
                       ("Private_Dirty", "smaps Private_Dirty")):
        if key in per:
            print(f"| {label}, all streams open vs none | {per[key]:,.0f} |")

    if args.no_heaptrack:
        return
    if not shutil.which("heaptrack") or not shutil.which("heaptrack_print"):
        print("\nheaptrack is not installed (Debian: apt-get install heaptrack); no allocation sites.")
        return
    out_dir = args.keep or tempfile.mkdtemp(prefix="livedesk-heaptrack-")
    os.makedirs(out_dir, exist_ok=True)
    try:
        big = heaptrack_run(args, args.clients, out_dir)
        small = heaptrack_run(args, baseline, out_dir)
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    streams = args.clients - baseline
    by_site = collections.Counter()
    for stack in set(big) | set(small):
        by_site[site_of(stack)] += (big[stack] - small[stack]) / streams
    total = sum(by_site.values())
    print(f"\n### Heap per connection by allocation site (heaptrack, live with every stream open; "
          f"{args.clients:,} minus {baseline:,} streams)\n")
    print(f"Total: **{total:,.0f} bytes** of heap per connection (requested sizes; malloc adds "
          f"its own header and rounding).\n")
    print("| bytes / connection | allocated in | reached from (LiveDesk) |\n|---|---|---|")
    shown = 0
    for (what, ours), cost in sorted(by_site.items(), key=lambda kv: -kv[1]):
        if shown >= args.top or cost < 8:
            break
        print(f"| {cost:,.0f} | `{what}` | `{ours}` |")
        shown += 1
    rest = total - sum(c for _, c in sorted(by_site.items(), key=lambda kv: -kv[1])[:shown])
    print(f"| {rest:,.0f} | everything else | |")


if __name__ == "__main__":
    main()
