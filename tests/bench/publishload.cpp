// The benchmark's publish-throughput client: plain C++, one thread, epoll, no Qt, so it is
// cheaper than the servers it measures. It keeps C publishers busy, each on its own HTTP/1.1
// connection: POST one event, wait for the answer, POST the next on the same connection.
// When the server closes a connection after an answer (or says "Connection: close"), the
// publisher reconnects and the reconnect is counted, so keep-alive shows in the numbers.
// There are no subscribers. Prints one JSON line: acknowledged publishes per second over the
// measuring window, errors by status, connections opened, publish latency from request to
// answer, and the server's CPU per 1,000 acknowledged publishes.
// Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
//
//   publishload --port P [--pid PID] [--connections C] [--seconds S] [--warmup S]
//               [--token T] [--path /api/events] [--ack 201[,202]]
#include "benchnet.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <set>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using bench::Clock;
using bench::connectTo;
using bench::cpuMs;
using bench::nowNs;
using bench::percentile;

namespace {

struct Options
{
    int port = 8080;
    int pid = 0;
    int connections = 64;
    double seconds = 5;
    double warmup = 0.5;
    std::string token = "bench-token";
    std::string path = "/api/events";
    std::set<int> ack { 201 };
};

bool equalsIgnoringCase(const std::string &a, const char *b)
{
    const size_t n = std::strlen(b);
    if (a.size() != n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i]))
            != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

bool containsIgnoringCase(const std::string &haystack, const char *needle)
{
    std::string lower = haystack;
    std::transform(lower.begin(), lower.end(), lower.begin(),
        [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find(needle) != std::string::npos;
}

// One HTTP/1.x response at the start of a buffer, once it is complete.
struct Response
{
    int status = 0;
    size_t size = 0; // bytes of the buffer it takes
    bool close = false; // the server will close the connection after it
};

// Where the body of a chunked response ends, or npos while it is incomplete.
size_t chunkedEnd(const std::string &in, size_t pos)
{
    for (int guard = 0; guard < 100000; ++guard) {
        const size_t line = in.find("\r\n", pos);
        if (line == std::string::npos)
            return std::string::npos;
        const size_t size = size_t(std::strtoul(in.c_str() + pos, nullptr, 16));
        pos = line + 2;
        if (size == 0) {
            // Trailers, if any, then the empty line.
            const size_t end = in.find("\r\n", pos);
            if (end == std::string::npos)
                return std::string::npos;
            if (end == pos)
                return end + 2;
            pos = end + 2;
            continue;
        }
        if (in.size() < pos + size + 2)
            return std::string::npos;
        pos += size + 2;
    }
    return std::string::npos;
}

// What a response's head says of where its body ends.
struct Framing
{
    std::optional<size_t> length;
    bool chunked = false;
};

// Reads the head's framing fields; "Connection" sets r->close.
Framing readFraming(const std::string &in, size_t headEnd, Response *r)
{
    Framing framing;
    size_t pos = in.find("\r\n") + 2;
    while (pos < headEnd) {
        const size_t end = in.find("\r\n", pos);
        const std::string line = in.substr(pos, end - pos);
        pos = end + 2;
        const size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string name = line.substr(0, colon);
        const std::string value = line.substr(colon + 1);
        if (equalsIgnoringCase(name, "content-length"))
            framing.length = size_t(std::strtoul(value.c_str(), nullptr, 10));
        else if (equalsIgnoringCase(name, "transfer-encoding"))
            framing.chunked = containsIgnoringCase(value, "chunked");
        else if (equalsIgnoringCase(name, "connection"))
            r->close = containsIgnoringCase(value, "close")
                || (r->close && !containsIgnoringCase(value, "keep-alive"));
    }
    return framing;
}

// Where the response's body ends in `in`: npos while incomplete. A body delimited by the
// connection's end is complete only at `eof` (and sets r->close).
size_t responseEnd(
    const std::string &in, size_t bodyAt, const Framing &framing, bool eof, Response *r)
{
    if (r->status == 204 || r->status == 304 || (r->status >= 100 && r->status < 200))
        return bodyAt;
    if (framing.chunked)
        return chunkedEnd(in, bodyAt);
    if (framing.length)
        return in.size() < bodyAt + *framing.length ? std::string::npos : bodyAt + *framing.length;
    if (!eof)
        return std::string::npos;
    r->close = true;
    return in.size();
}

// The response at the start of `in`: nullopt while incomplete. A body delimited by the
// connection's end is complete only at `eof`. Sets `bad` on something that is not HTTP.
std::optional<Response> parseResponse(const std::string &in, bool eof, bool *bad)
{
    const size_t headEnd = in.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
        *bad = in.size() > 65536 || (eof && !in.empty());
        return std::nullopt;
    }
    if (in.compare(0, 7, "HTTP/1.") != 0 || in.size() < 12) {
        *bad = true;
        return std::nullopt;
    }
    Response r;
    r.status = std::atoi(in.c_str() + 9);
    r.close = in.compare(0, 8, "HTTP/1.0") == 0;
    const Framing framing = readFraming(in, headEnd, &r);
    r.size = responseEnd(in, headEnd + 4, framing, eof, &r);
    if (r.size == std::string::npos)
        return std::nullopt;
    return r;
}

struct Publisher
{
    int fd = -1;
    bool awaiting = false; // a request is out and its answer not yet complete
    std::string out;
    std::string in;
    int64_t sentAt = 0;
};

// What one run counted.
struct Tally
{
    long acked = 0; // acknowledged inside the measuring window
    long ackedTotal = 0;
    long errors = 0;
    // By status ("503"), or: "connect" (no socket), "garbage" (not HTTP), "unanswered" (still
    // out when the run ended), "closed_unanswered" (the server closed the connection before
    // answering; one that closes a keep-alive connection without "Connection: close" makes
    // the next request on it fail this way, as it would for any client).
    std::map<std::string, long> errorsBy;
    long connectionsOpened = 0;
    long reconnects = 0; // connections the server ended after an answer
    std::vector<double> latenciesMs; // acknowledged inside the window
};

class Load final
{
public:
    explicit Load(const Options &o)
        : m_o(o)
        , m_publishers(size_t(o.connections))
    {
        m_ep = epoll_create1(EPOLL_CLOEXEC);
    }
    ~Load() { close(m_ep); }
    Load(const Load &) = delete;
    Load &operator=(const Load &) = delete;

    Tally run(double *cpuUsedMs);

private:
    bool inWindow(int64_t t) const { return t >= m_windowStart && t < m_windowEnd; }
    void connectPublisher(size_t i);
    void drop(size_t i);
    void fail(size_t i, const std::string &why);
    void sendNext(size_t i);
    void flush(size_t i);
    void readable(size_t i, uint32_t events);
    void dispatch(const std::vector<epoll_event> &ready, int count);
    void countUnanswered();
    void answered(size_t i, const Response &r, int64_t t);
    std::string request(long seq) const;

    const Options &m_o;
    std::vector<Publisher> m_publishers;
    int m_ep = -1;
    Tally m_tally;
    long m_seq = 0;
    bool m_running = true;
    int64_t m_windowStart = 0;
    int64_t m_windowEnd = 0;
    char m_chunk[65536];
};

std::string Load::request(long seq) const
{
    const std::string body = "{\"channel\":\"bench\",\"type\":\"tick\",\"data\":{\"s\":"
        + std::to_string(seq) + ",\"pad\":\"" + std::string(64, 'x') + "\"}}";
    // HTTP/1.1 without "Connection: close": the connection stays if the server lets it.
    return "POST " + m_o.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_o.token
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + "\r\n\r\n" + body;
}

void Load::connectPublisher(size_t i)
{
    Publisher &p = m_publishers[i];
    p = Publisher {};
    p.fd = connectTo(m_o.port);
    if (p.fd < 0) {
        ++m_tally.errors;
        ++m_tally.errorsBy["connect"];
        return;
    }
    ++m_tally.connectionsOpened;
    epoll_event ev {};
    ev.events = EPOLLOUT | EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(m_ep, EPOLL_CTL_ADD, p.fd, &ev);
    sendNext(i);
}

void Load::drop(size_t i)
{
    Publisher &p = m_publishers[i];
    if (p.fd >= 0) {
        epoll_ctl(m_ep, EPOLL_CTL_DEL, p.fd, nullptr);
        close(p.fd);
    }
    p.fd = -1;
    p.awaiting = false;
}

void Load::fail(size_t i, const std::string &why)
{
    if (m_publishers[i].awaiting) {
        ++m_tally.errors;
        ++m_tally.errorsBy[why];
    }
    drop(i);
    if (m_running)
        connectPublisher(i);
}

void Load::sendNext(size_t i)
{
    Publisher &p = m_publishers[i];
    p.out = request(m_seq++);
    p.awaiting = true;
    p.sentAt = nowNs();
    flush(i);
}

void Load::flush(size_t i)
{
    Publisher &p = m_publishers[i];
    while (!p.out.empty()) {
        const ssize_t n = send(p.fd, p.out.data(), p.out.size(), MSG_NOSIGNAL);
        if (n <= 0)
            break; // not connected yet, or the kernel is full: EPOLLOUT says when
        p.out.erase(0, size_t(n));
    }
    epoll_event ev {};
    ev.events = EPOLLIN | (p.out.empty() ? 0u : uint32_t(EPOLLOUT));
    ev.data.u64 = i;
    epoll_ctl(m_ep, EPOLL_CTL_MOD, p.fd, &ev);
}

void Load::answered(size_t i, const Response &r, int64_t t)
{
    Publisher &p = m_publishers[i];
    p.awaiting = false;
    if (m_o.ack.count(r.status)) {
        ++m_tally.ackedTotal;
        if (inWindow(t)) {
            ++m_tally.acked;
            m_tally.latenciesMs.push_back(double(t - p.sentAt) / 1e6);
        }
    } else {
        ++m_tally.errors;
        ++m_tally.errorsBy[std::to_string(r.status)];
    }
}

void Load::readable(size_t i, uint32_t events)
{
    Publisher &p = m_publishers[i];
    bool eof = false;
    for (int guard = 0; guard < 64; ++guard) {
        const ssize_t n = read(p.fd, m_chunk, sizeof m_chunk);
        if (n > 0) {
            p.in.append(m_chunk, size_t(n));
            continue;
        }
        eof = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
    }
    const int64_t t = nowNs();
    bool bad = false;
    while (p.awaiting) {
        const auto r = parseResponse(p.in, eof, &bad);
        if (!r)
            break;
        answered(i, *r, t);
        p.in.erase(0, r->size);
        // Closed after the answer, said so or not: reconnect rather than send into it.
        if (r->close || (eof && p.in.empty())) {
            ++m_tally.reconnects;
            drop(i);
            if (m_running)
                connectPublisher(i);
            return;
        }
        if (m_running)
            sendNext(i);
    }
    if (bad)
        fail(i, "garbage");
    else if (eof || (events & EPOLLERR))
        fail(i, "closed_unanswered"); // ended without (the rest of) an answer
}

Tally Load::run(double *cpuUsedMs)
{
    const int64_t start = nowNs();
    m_windowStart = start + int64_t(m_o.warmup * 1e9);
    m_windowEnd = m_windowStart + int64_t(m_o.seconds * 1e9);
    for (size_t i = 0; i < m_publishers.size(); ++i)
        connectPublisher(i);
    std::vector<epoll_event> ready(1024);
    double cpuStart = -1;
    // Answers still out at the end of the window get 10 s; nothing waits longer.
    const int64_t drainBy = m_windowEnd + 10LL * 1000000000LL;
    while (true) {
        const int64_t t = nowNs();
        if (cpuStart < 0 && t >= m_windowStart)
            cpuStart = cpuMs(m_o.pid);
        if (m_running && t >= m_windowEnd) {
            m_running = false;
            *cpuUsedMs = cpuStart < 0 || m_o.pid <= 0 ? -1 : cpuMs(m_o.pid) - cpuStart;
        }
        const bool outstanding = std::any_of(m_publishers.begin(), m_publishers.end(),
            [](const Publisher &p) { return p.fd >= 0 && p.awaiting; });
        if ((!m_running && !outstanding) || t >= drainBy)
            break;
        dispatch(ready, epoll_wait(m_ep, ready.data(), int(ready.size()), 10));
    }
    countUnanswered();
    return m_tally;
}

void Load::dispatch(const std::vector<epoll_event> &ready, int count)
{
    for (int k = 0; k < count; ++k) {
        const size_t i = size_t(ready[size_t(k)].data.u64);
        const uint32_t events = ready[size_t(k)].events;
        if (m_publishers[i].fd < 0)
            continue;
        if (events & EPOLLOUT)
            flush(i);
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            readable(i, events);
    }
}

void Load::countUnanswered()
{
    for (size_t i = 0; i < m_publishers.size(); ++i) {
        if (m_publishers[i].awaiting) {
            ++m_tally.errors;
            ++m_tally.errorsBy["unanswered"];
        }
        drop(i);
    }
}

bool parseOptions(int argc, char **argv, Options *o)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const char *v = argv[i + 1];
        if (k == "--port")
            o->port = std::atoi(v);
        else if (k == "--pid")
            o->pid = std::atoi(v);
        else if (k == "--connections")
            o->connections = std::max(1, std::atoi(v));
        else if (k == "--seconds")
            o->seconds = std::max(0.1, std::atof(v));
        else if (k == "--warmup")
            o->warmup = std::max(0.0, std::atof(v));
        else if (k == "--token")
            o->token = v;
        else if (k == "--path")
            o->path = v;
        else if (k == "--ack") {
            // Statuses that count as acknowledged, e.g. "201,202" (nchan answers 202 when
            // the channel has no subscriber).
            o->ack.clear();
            const std::string list = v;
            for (size_t pos = 0; pos <= list.size();) {
                const size_t comma = std::min(list.find(',', pos), list.size());
                const int status = std::atoi(list.substr(pos, comma - pos).c_str());
                if (status < 100 || status > 599) {
                    std::fprintf(stderr, "bad --ack %s: statuses 100-599, comma-separated\n", v);
                    return false;
                }
                o->ack.insert(status);
                pos = comma + 1;
            }
        } else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parseOptions(argc, argv, &o))
        return 2;
    Load load(o);
    double cpuUsed = -1;
    Tally t = load.run(&cpuUsed);
    std::string errorsBy;
    for (const auto &[why, count] : t.errorsBy)
        errorsBy += (errorsBy.empty() ? "\"" : ",\"") + why + "\":" + std::to_string(count);
    std::vector<double> l1 = t.latenciesMs, l2 = t.latenciesMs;
    const double maxMs = t.latenciesMs.empty()
        ? -1
        : *std::max_element(t.latenciesMs.begin(), t.latenciesMs.end());
    std::printf("{\"connections\":%d,\"seconds\":%.1f,\"acked\":%ld,\"acked_per_s\":%.1f,"
                "\"acked_total\":%ld,\"errors\":%ld,\"errors_by\":{%s},"
                "\"connections_opened\":%ld,\"reconnects\":%ld,\"publishes_per_connection\":%.1f,"
                "\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,"
                "\"cpu_ms_per_1000_publishes\":%.2f}\n",
        o.connections, o.seconds, t.acked, double(t.acked) / o.seconds, t.ackedTotal, t.errors,
        errorsBy.c_str(), t.connectionsOpened, t.reconnects,
        t.connectionsOpened > 0 ? double(t.ackedTotal) / double(t.connectionsOpened) : 0,
        percentile(l1, 50), percentile(l2, 99), maxMs,
        cpuUsed >= 0 && t.acked > 0 ? cpuUsed * 1000.0 / double(t.acked) : -1);
    return t.errors == 0 && t.acked > 0 ? 0 : 3;
}
