#!/usr/bin/env python3
"""LiveDesk against two peers on the same machine in the same run: the minimal reference
server (the yardstick) and nginx with the nchan module (a server people deploy).

Fan-out mode: the peers alternately (A B C A B C), three times, at N = 100, 1,000 and 10,000
subscribers with M = 200 events at 50/s, plus a rate sweep at N = 1,000 (100, 200, 400
events/s), through livedesk_loadclient.

Publish mode: no subscribers, 64 publishers on keep-alive connections, each POSTing and
waiting for its answer, for 5 s, through livedesk_publishload: acknowledged publishes per
second, errors, and how many connections that took.

Cluster mode (issue 15): a real redis-server with the settings docs/cluster.md asks for
(appendonly yes, appendfsync always) and two LiveDesk nodes on it, against one LiveDesk
alone on its SQLite journal, alternately, three times. Fan-out at N = 1,000 and 50
events/s: alone; in the cluster with streams and publishes on the same node; and cross-node
(streams on node B, publishes through node A). Publishing: 64 publishers on one node alone,
on one cluster node, and split 32 + 32 over two cluster nodes, with Redis's own CPU.

WebSocket mode (issue 16): the same LiveDesk read over /events against /ws, alternately,
at N = 1,000 and 10,000, 50 events/s.

TLS mode (issue 16): one LiveDesk over http against one over https (a certificate made
for the run, `--tls-cert`/`--tls-key`), alternately, at N = 1,000 and 50 events/s, the load
client speaking TLS to the second: what https costs the server per delivery and per stream.

Prints Markdown tables of medians with each peer's ratio to the reference, and LiveDesk's
worst ratio over the repetitions. Everything runs on 127.0.0.1, every server with its
shipped defaults (LiveDesk: no option beyond port, token and data directory).

    python3 tests/bench/run.py [--build build/default] [--tools DIR] [--quick]
                               [--mode fanout|publish|cluster|tls|websocket|all]
                               [--peers livedesk,reference,nchan]
                               [--scenario N:RATE] [--reps 3]
"""
import argparse, json, os, re, resource, shutil, socket, statistics, subprocess, sys, tempfile, time

FANOUT_METRICS = [
    ("p50_ms", "p50 latency (ms)"), ("p99_ms", "p99 latency (ms)"), ("max_ms", "max latency (ms)"),
    ("last_client_median_ms", "last client, median (ms)"), ("last_client_max_ms", "last client, max (ms)"),
    ("lost", "lost"), ("publish_errors", "publish errors"),
    ("cpu_ms_per_1000_deliveries", "CPU ms / 1,000 deliveries"),
    ("rss_per_connection_kb", "RSS / connection (KB)"), ("connect_ms", "connect all (ms)"),
    ("publish_rate", "publish rate (/s)"),
]
PUBLISH_METRICS = [
    ("acked_per_s", "acknowledged publishes / s"), ("errors", "errors"),
    ("connections_opened", "connections opened"), ("publishes_per_connection", "publishes per connection"),
    ("p50_ms", "p50 publish latency (ms)"), ("p99_ms", "p99 publish latency (ms)"),
    ("cpu_ms_per_1000_publishes", "server CPU ms / 1,000 publishes"),
]
# Metrics where more is better; for every other one the worst run is the largest.
HIGHER_IS_BETTER = {"publish_rate", "acked_per_s", "publishes_per_connection"}
PEER_NAMES = {"livedesk": "LiveDesk", "reference": "reference", "nchan": "nginx+nchan"}

# As strong as a token given by hand must be (the server refuses weak ones at start).
BENCH_TOKEN = "Bn7qRt2Lx9Vk4Wz8Hy3Mc6Pd"
NCHAN_MODULE = "/usr/lib/nginx/modules/ngx_nchan_module.so"  # Debian's libnginx-mod-nchan


def start(cmd):
    """Starts a server that prints its URL first; returns (process, port)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.search(r"https?://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"{cmd[0]} did not start: {line!r}")
    return proc, int(match.group(1))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc, port, what, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited at start (status {proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{what} did not listen on {port} within {seconds} s")


def nchan_missing():
    """Why the nchan peer cannot run here, or None."""
    if not shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin"):
        return "nginx is not installed"
    if not os.path.exists(NCHAN_MODULE):
        return f"the nchan module is not installed ({NCHAN_MODULE} is missing)"
    return None


def start_nchan(scratch):
    """A private nginx: its own prefix, configuration and pid file in `scratch`, in the
    foreground, one process (no master: the load client reads one pid's CPU and memory, as
    for LiveDesk's and the reference's single server thread). Publisher and EventSource
    subscriber on the same paths as LiveDesk's, one channel, nchan's defaults otherwise."""
    port = free_port()
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    limit = hard if hard != resource.RLIM_INFINITY else 65536
    conf = os.path.join(scratch, "nginx.conf")
    temp = lambda name: os.path.join(scratch, name)
    with open(conf, "w") as f:
        f.write(f"""load_module {NCHAN_MODULE};
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile {limit};
pid {temp("nginx.pid")};
error_log stderr warn;
events {{ worker_connections {limit}; }}
http {{
    access_log off;
    client_body_temp_path {temp("body")};
    proxy_temp_path {temp("proxy")};
    fastcgi_temp_path {temp("fastcgi")};
    uwsgi_temp_path {temp("uwsgi")};
    scgi_temp_path {temp("scgi")};
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = /events {{ nchan_subscriber eventsource; nchan_channel_id bench; }}
        location = /api/events {{ nchan_publisher; nchan_channel_id bench; }}
    }}
}}
""")
    nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin")
    proc = subprocess.Popen([nginx, "-p", scratch, "-c", conf, "-e", "stderr"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(proc, port, "nginx")
    return proc, port


def start_peer(args, peer, scratch):
    if peer == "livedesk":
        return start([f"{args.build}/app/livedesk", "--headless", "--port", "0", "--token", BENCH_TOKEN,
                      "--data-dir", scratch])
    if peer == "reference":
        return start([f"{args.tools}/livedesk_refserver", "--port", "0"])
    return start_nchan(scratch)


# The publish answers that mean "accepted": nchan says 202 when the channel has no
# subscriber (publish mode) and 201 when it has.
def ack_statuses(peer):
    return "201,202" if peer == "nchan" else "201"


def run_tool(args, peer, tool_args):
    scratch = tempfile.mkdtemp(prefix=f"livedesk-bench-{peer}-")
    proc, port = start_peer(args, peer, scratch)
    try:
        time.sleep(0.5)
        out = subprocess.run(tool_args(port, proc.pid), capture_output=True, text=True, timeout=400)
        lines = out.stdout.strip().splitlines()
        if not lines:
            return {"error": f"no output (status {out.returncode})", "stderr": out.stderr.strip().splitlines()[-5:]}
        result = json.loads(lines[-1])
        if "error" in result and out.stderr.strip():
            # What the client saw go wrong (a refused connect, a failed write).
            result["stderr"] = out.stderr.strip().splitlines()[-5:]
        return result
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


def run_fanout(args, peer, clients, events, rate):
    return run_tool(args, peer, lambda port, pid: [
        f"{args.tools}/livedesk_loadclient", "--port", str(port), "--token", BENCH_TOKEN, "--pid", str(pid),
        "--clients", str(clients), "--events", str(events), "--rate", str(rate), "--timeout", "120",
        "--ack", ack_statuses(peer)])


def run_publish(args, peer, connections, seconds):
    return run_tool(args, peer, lambda port, pid: [
        f"{args.tools}/livedesk_publishload", "--port", str(port), "--token", BENCH_TOKEN, "--pid", str(pid),
        "--connections", str(connections), "--seconds", str(seconds), "--ack", ack_statuses(peer)])


def cpu_ms_of(pid):
    """User plus system CPU of a process so far, in ms (-1 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return -1


def start_redis(scratch):
    """redis-server as docs/cluster.md sets it up: every write fsynced before it answers."""
    port = free_port()
    redis = shutil.which("redis-server", path="/usr/bin:/usr/sbin:/bin")
    if not redis:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    proc = subprocess.Popen([redis, "--port", str(port), "--bind", "127.0.0.1", "--dir", scratch,
                             "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                             "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(proc, port, "redis-server")
    return proc, port


def wait_ready(port, seconds=20):
    """Until the node's /api/health says it is connected and ready (200)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := c.recv(4096):
                    answer += chunk
            if answer.startswith(b"HTTP/1.1 200") and b'"connected":true' in answer:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the node on {port} did not become ready")


class Cluster:
    """A scratch directory; Redis and `nodes` LiveDesk nodes on it (0: one LiveDesk alone on
    its SQLite journal). Shipped defaults: no option beyond port, token, directory and the
    cluster's own (--redis, --node)."""

    def __init__(self, args, nodes):
        self.scratch = tempfile.mkdtemp(prefix="livedesk-bench-cluster-")
        self.procs = []
        self.redis = None
        self.ports = []
        self.pids = []
        try:
            if nodes == 0:
                proc, port = start_peer(args, "livedesk", self.scratch)
                self._keep(proc, port)
                return
            self.redis, redis_port = start_redis(self.scratch)
            for i in range(nodes):
                data = os.path.join(self.scratch, f"node-{i}")
                os.mkdir(data)
                proc, port = start([f"{args.build}/app/livedesk", "--headless", "--port", "0",
                                    "--token", BENCH_TOKEN, "--data-dir", data,
                                    "--redis", f"redis://127.0.0.1:{redis_port}/0", "--node", f"node-{i}"])
                self._keep(proc, port)
                wait_ready(port)
        except Exception:
            self.close()
            raise

    def _keep(self, proc, port):
        self.procs.append(proc)
        self.ports.append(port)
        self.pids.append(proc.pid)

    def redis_cpu_ms(self):
        return cpu_ms_of(self.redis.pid) if self.redis else 0

    def close(self):
        for proc in self.procs + ([self.redis] if self.redis else []):
            proc.terminate()
        for proc in self.procs + ([self.redis] if self.redis else []):
            proc.wait(timeout=30)
        shutil.rmtree(self.scratch, ignore_errors=True)


def make_certificate(scratch):
    """A self-signed certificate for 127.0.0.1 (the load client does not check it)."""
    cert, key = os.path.join(scratch, "cert.pem"), os.path.join(scratch, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def run_variant(args, layout, clients, events, rate):
    """The same LiveDesk, shipped defaults, read over "http" (/events) or "https", or over
    /events ("sse") against /ws ("websocket")."""
    scratch = tempfile.mkdtemp(prefix="livedesk-bench-tls-")
    try:
        extra = []
        if layout == "https":
            cert, key = make_certificate(scratch)
            extra = ["--tls-cert", cert, "--tls-key", key]
        proc, port = start([f"{args.build}/app/livedesk", "--headless", "--port", "0", "--token", BENCH_TOKEN,
                            "--data-dir", os.path.join(scratch, "data")] + extra)
        try:
            time.sleep(0.5)
            out = subprocess.run([
                f"{args.tools}/livedesk_loadclient", "--port", str(port), "--token", BENCH_TOKEN,
                "--pid", str(proc.pid), "--clients", str(clients), "--events", str(events),
                "--rate", str(rate), "--timeout", "120", "--tls", "1" if layout == "https" else "0",
                "--websocket", "1" if layout == "websocket" else "0"],
                capture_output=True, text=True, timeout=400)
            lines = out.stdout.strip().splitlines()
            return json.loads(lines[-1]) if lines else {"error": f"no output (status {out.returncode})"}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


TLS_METRICS = [
    ("p50_ms", "p50 latency (ms)"), ("p99_ms", "p99 latency (ms)"), ("max_ms", "max latency (ms)"),
    ("lost", "lost"), ("publish_errors", "publish errors"),
    ("cpu_ms_per_1000_deliveries", "CPU ms / 1,000 deliveries"),
    ("rss_per_connection_kb", "RSS / connection (KB)"), ("connect_ms", "connect all (ms)"),
]


def run_variants_mode(args, reps, clients, layouts, what):
    runs = collect(reps, layouts, f"{what} N={clients} R=50/s",
                   lambda l: run_variant(args, l, clients, 200, 50))
    print(f"Machine: {os.cpu_count()} cores; {reps} repetition(s), medians shown; LiveDesk with "
          f"its shipped defaults, {layouts[0]} against {layouts[1]}.\n")
    print(f"### {layouts[0]} against {layouts[1]}: N = {clients:,}, M = 200, 50 events/s\n")
    print_layouts(TLS_METRICS, runs, layouts, layouts[0])
    if FAILED_RUNS:
        print("Runs that failed (left out of the medians; their output is on stderr):\n")
        for label, layout, rep, error in FAILED_RUNS:
            print(f"- {label}, {layout} #{rep}: {error}")


def run_cluster_fanout(args, layout, clients, events, rate):
    """layout: "alone" (one node, SQLite), "same node" (cluster: streams and publishes on
    node 0), "cross-node" (streams on node 1, publishes through node 0)."""
    cluster = Cluster(args, {"alone": 0, "same node": 1, "cross-node": 2}[layout])
    try:
        time.sleep(0.5)
        subscribe = cluster.ports[-1]
        redis_before = cluster.redis_cpu_ms()
        out = subprocess.run([
            f"{args.tools}/livedesk_loadclient", "--port", str(subscribe), "--publish-port",
            str(cluster.ports[0]), "--token", BENCH_TOKEN, "--pid", str(cluster.pids[-1]),
            "--clients", str(clients), "--events", str(events), "--rate", str(rate),
            "--timeout", "120"], capture_output=True, text=True, timeout=400)
        lines = out.stdout.strip().splitlines()
        if not lines:
            return {"error": f"no output (status {out.returncode})"}
        result = json.loads(lines[-1])
        result["redis_cpu_ms"] = cluster.redis_cpu_ms() - redis_before
        return result
    finally:
        cluster.close()


def run_cluster_publish(args, layout, connections, seconds):
    """layout: "alone", "one node" (all publishers on one cluster node), "two nodes" (half
    on each of two). Acknowledged publishes per second summed over the nodes."""
    nodes = {"alone": 0, "one node": 1, "two nodes": 2}[layout]
    cluster = Cluster(args, nodes)
    try:
        time.sleep(0.5)
        share = connections // max(1, len(cluster.ports))
        redis_before = cluster.redis_cpu_ms()
        tools = [subprocess.Popen([
            f"{args.tools}/livedesk_publishload", "--port", str(port), "--token", BENCH_TOKEN,
            "--pid", str(pid), "--connections", str(share), "--seconds", str(seconds)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for port, pid in zip(cluster.ports, cluster.pids)]
        results = []
        for tool in tools:
            stdout, _ = tool.communicate(timeout=400)
            lines = stdout.strip().splitlines()
            if not lines:
                return {"error": f"no output (status {tool.returncode})"}
            results.append(json.loads(lines[-1]))
        redis_ms = cluster.redis_cpu_ms() - redis_before
        total = sum(r.get("acked_per_s", 0) for r in results)
        merged = {
            "acked_per_s": total,
            "errors": sum(r.get("errors", 0) for r in results),
            "p50_ms": max(r.get("p50_ms", 0) for r in results),
            "p99_ms": max(r.get("p99_ms", 0) for r in results),
            "cpu_ms_per_1000_publishes": statistics.mean(
                r.get("cpu_ms_per_1000_publishes", 0) for r in results),
        }
        if cluster.redis:
            acked = total * (seconds + 0.5)  # the warm-up half second publishes too
            merged["redis_cpu_ms_per_1000_publishes"] = redis_ms / acked * 1000 if acked else float("nan")
        return merged
    finally:
        cluster.close()


CLUSTER_FANOUT_METRICS = [
    ("p50_ms", "p50 latency (ms)"), ("p99_ms", "p99 latency (ms)"), ("max_ms", "max latency (ms)"),
    ("lost", "lost"), ("publish_errors", "publish errors"),
    ("cpu_ms_per_1000_deliveries", "fan-out node CPU ms / 1,000 deliveries"),
    ("redis_cpu_ms", "Redis CPU in the run (ms)"),
]
CLUSTER_PUBLISH_METRICS = [
    ("acked_per_s", "acknowledged publishes / s"), ("errors", "errors"),
    ("p50_ms", "p50 publish latency (ms)"), ("p99_ms", "p99 publish latency (ms)"),
    ("cpu_ms_per_1000_publishes", "node CPU ms / 1,000 publishes"),
    ("redis_cpu_ms_per_1000_publishes", "Redis CPU ms / 1,000 publishes"),
]


def print_layouts(metrics, runs, layouts, base, grouped=False):
    """One row per metric: each layout's median, then each other layout minus `base`."""
    others = [l for l in layouts if l != base]
    head = ["metric"] + layouts + [f"{l} − {base}" for l in others]
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for key, label in metrics:
        medians = {l: median(runs[l], key) for l in layouts}
        row = [label] + [number(medians[l], grouped) for l in layouts]
        row += [number(medians[l] - medians[base], grouped) for l in others]
        print("| " + " | ".join(row) + " |")
    print()


def median(runs, key):
    values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else float("nan")


def worst_ratio(ours, reference, key):
    """LiveDesk's worst ratio to the reference over the repetitions, run by run (A B pairs)."""
    ratios = []
    for a, b in zip(ours, reference):
        x, y = a.get(key), b.get(key)
        if isinstance(x, (int, float)) and isinstance(y, (int, float)) and y > 0:
            ratios.append(x / y)
    if not ratios:
        return "–"
    return f"{(min if key in HIGHER_IS_BETTER else max)(ratios):.2f}×"


def number(value, grouped):
    if value != value:
        return "–"
    return f"{value:,.0f}" if grouped and abs(value) >= 1000 else f"{value:.2f}"


def print_table(metrics, runs_by_peer, peers, grouped=False):
    """One row per metric: each peer's median, then each other peer's ratio to the
    reference, LiveDesk's followed by its worst per-run ratio."""
    ratios = [p for p in peers if p != "reference"] if "reference" in peers else []
    head = ["metric"] + [PEER_NAMES[p] for p in peers]
    for p in ratios:
        head.append(f"{PEER_NAMES[p]} ÷ ref")
        if p == "livedesk":
            head.append("LiveDesk ÷ ref, worst run")
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for key, label in metrics:
        medians = {p: median(runs_by_peer[p], key) for p in peers}
        row = [label] + [number(medians[p], grouped) for p in peers]
        for p in ratios:
            b = medians["reference"]
            row.append(f"{medians[p] / b:.2f}×" if b and b == b and medians[p] == medians[p] else "–")
            if p == "livedesk":
                row.append(worst_ratio(runs_by_peer["livedesk"], runs_by_peer["reference"], key))
        print("| " + " | ".join(row) + " |")
    print()


FAILED_RUNS = []  # (label, peer, repetition, what went wrong), listed under the tables


def collect(reps, peers, label, run):
    """Runs every peer `reps` times, alternately, so that noise hits them alike."""
    results = {p: [] for p in peers}
    for rep in range(reps):
        for peer in peers:
            try:
                r = run(peer)
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
                r = {"error": str(e)}
            results[peer].append(r)
            if "error" in r:
                FAILED_RUNS.append((label, peer, rep + 1, r["error"]))
            print(f"{label} {peer} #{rep + 1}: {json.dumps(r)}", file=sys.stderr, flush=True)
    return results


def choose_peers(requested):
    peers = [p.strip() for p in requested.split(",") if p.strip()]
    unknown = [p for p in peers if p not in PEER_NAMES]
    if unknown:
        sys.exit(f"unknown peer(s) {', '.join(unknown)}; choose from {', '.join(PEER_NAMES)}")
    notes = []
    if "nchan" in peers:
        why = nchan_missing()
        if why:
            peers.remove("nchan")
            notes.append(f"nginx+nchan skipped: {why} (Debian: apt-get install nginx-light "
                         f"libnginx-mod-nchan).")
    return peers, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build/default", help="the build tree with app/livedesk")
    parser.add_argument("--tools", help="where the bench tools are (default: BUILD/tests/bench)")
    parser.add_argument("--quick", action="store_true",
                        help="one repetition, N up to 1,000, a 3 s publish run")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--mode", choices=("fanout", "publish", "cluster", "tls", "websocket", "all"),
                        default="all",
                        help="all: fan-out and publish against the peers (cluster runs on its own)")
    parser.add_argument("--peers", default="livedesk,reference,nchan")
    parser.add_argument("--scenario", action="append", metavar="N:RATE",
                        help="only this fan-out scenario (repeatable), e.g. 1000:50")
    parser.add_argument("--publishers", type=int, default=64, help="publish mode: concurrent publishers")
    parser.add_argument("--seconds", type=float, help="publish mode: the measuring window (default 5, quick 3)")
    args = parser.parse_args()
    args.tools = args.tools or f"{args.build}/tests/bench"
    reps = 1 if args.quick else args.reps
    peers, notes = choose_peers(args.peers)
    for note in notes:
        print(note, file=sys.stderr)

    if args.scenario:
        configs = [(int(n), 200, float(r)) for n, r in (s.split(":") for s in args.scenario)]
    else:
        configs = [(100, 200, 50), (1000, 200, 50)] + ([] if args.quick else [(10000, 200, 50)])
        configs += [(1000, 200, r) for r in (100, 200, 400)]
    fanout = {}
    if args.mode in ("fanout", "all"):
        for clients, events, rate in configs:
            fanout[(clients, rate)] = collect(reps, peers, f"N={clients} R={rate:g}/s",
                                              lambda p: run_fanout(args, p, clients, events, rate))
    publish = None
    seconds = args.seconds or (3 if args.quick else 5)
    if args.mode in ("publish", "all"):
        publish = collect(reps, peers, f"publish C={args.publishers}",
                          lambda p: run_publish(args, p, args.publishers, seconds))

    if args.mode == "cluster":
        run_cluster_mode(args, reps, seconds)
        return
    if args.mode in ("tls", "websocket"):
        layouts = ["http", "https"] if args.mode == "tls" else ["sse", "websocket"]
        for clients in (1000,) if args.quick else (1000, 10000):
            run_variants_mode(args, reps, clients, layouts, args.mode)
        return

    print(f"Machine: {os.cpu_count()} cores; {reps} repetition(s), medians shown.")
    for note in notes:
        print(f"\n{note}")
    print()
    for clients, events, rate in configs if fanout else []:
        print(f"### N = {clients:,}, M = {events}, {rate:g} events/s\n")
        print_table(FANOUT_METRICS, fanout[(clients, rate)], peers)
    if publish:
        print(f"### Publish throughput: no subscribers, {args.publishers} keep-alive publishers, "
              f"{seconds:g} s\n")
        print_table(PUBLISH_METRICS, publish, peers, grouped=True)
    if FAILED_RUNS:
        print("Runs that failed (left out of the medians; their output is on stderr):\n")
        for label, peer, rep, error in FAILED_RUNS:
            print(f"- {label}, {PEER_NAMES[peer]} #{rep}: {error}")


def run_cluster_mode(args, reps, seconds):
    fan_layouts = ["alone", "same node", "cross-node"]
    fan = collect(reps, fan_layouts, "cluster N=1000 R=50/s",
                  lambda l: run_cluster_fanout(args, l, 1000, 200, 50))
    pub_layouts = ["alone", "one node", "two nodes"]
    pub = collect(reps, pub_layouts, f"cluster publish C={args.publishers}",
                  lambda l: run_cluster_publish(args, l, args.publishers, seconds))
    print(f"Machine: {os.cpu_count()} cores; {reps} repetition(s), medians shown. Redis with "
          f"appendonly yes, appendfsync always; every node with its shipped defaults.\n")
    print("### Cluster fan-out: N = 1,000, M = 200, 50 events/s\n")
    print_layouts(CLUSTER_FANOUT_METRICS, fan, fan_layouts, "alone")
    print(f"### Cluster publishing: {args.publishers} keep-alive publishers, {seconds:g} s\n")
    print_layouts(CLUSTER_PUBLISH_METRICS, pub, pub_layouts, "alone", grouped=True)
    if FAILED_RUNS:
        print("Runs that failed (left out of the medians; their output is on stderr):\n")
        for label, layout, rep, error in FAILED_RUNS:
            print(f"- {label}, {layout} #{rep}: {error}")


if __name__ == "__main__":
    main()
