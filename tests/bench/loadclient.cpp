// The benchmark's load client: plain C++, one thread, epoll, non-blocking sockets, no Qt, so
// it is cheaper than the servers it measures. It opens N SSE connections to /events,
// publishes M events at R events/s through POST /api/events (each carrying its send time on
// the monotonic clock and a sequence number), and prints one JSON line with what it saw.
// Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
//
//   loadclient --port P --pid PID --clients N --events M --rate R [--token T] [--timeout S]
//              [--ack 201[,202]] [--hold-ms MS] [--publish-port P2] [--tls]
//
// --websocket subscribes at /ws instead of /events and reads WebSocket frames (answering
// the server's pings), to compare the two transports on the same server.
//
// --tls speaks https to the server (streams and publishes alike; the certificate is not
// checked: loopback, a benchmark), to measure what TLS costs the server per delivery.
//
// --publish-port sends the publishes to another server than the one the streams are on
// (a cluster: subscribers on node B, publishes through node A); the latency is still one
// clock's, this process's.
//
// --hold-ms keeps every stream open that long after the last delivery, once "holding" is on
// stderr, so that a profiler or /proc can look at the server with all of them connected.
//
// The stream is read as SSE framing only: events end at a blank line ("\n\n") and the event
// whose text holds "s":SEQ is the publish SEQ. That fits LiveDesk, the reference and nchan's
// EventSource subscriber alike (nchan sends the POSTed body as the data line, ids such as
// "1796128839:0", and a ": hi" comment first, which holds no sequence number and is skipped).
#include "benchnet.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
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
    int publishPort = 0; // 0: the same as port
    int pid = 0;
    int clients = 100;
    int events = 200;
    double rate = 50;
    std::string token = "bench-token";
    int timeoutSeconds = 60;
    int holdMs = 0;
    std::vector<int> ack { 201 }; // publish answers that count as accepted
    bool tls = false;
    bool websocket = false;
};

// A connection's bytes: plain read()/write(), or TLS (OpenSSL) once its handshake is done.
// Both return >0 bytes, 0 for would-block, -1 for the end (EOF or an error).
struct Io
{
    SSL *ssl = nullptr;
    bool handshaken = false;

    // 1 done (or plain), 0 not yet (*wantWrite says for what), -1 failed.
    int handshake(bool *wantWrite)
    {
        if (!ssl || handshaken)
            return 1;
        const int r = SSL_do_handshake(ssl);
        if (r == 1) {
            handshaken = true;
            return 1;
        }
        const int e = SSL_get_error(ssl, r);
        *wantWrite = e == SSL_ERROR_WANT_WRITE;
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    ssize_t read(int fd, char *into, size_t size)
    {
        if (!ssl) {
            const ssize_t n = ::read(fd, into, size);
            return n > 0 ? n : (n < 0 && errno == EAGAIN ? 0 : -1);
        }
        const int n = SSL_read(ssl, into, int(size));
        if (n > 0)
            return n;
        const int e = SSL_get_error(ssl, n);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    ssize_t write(int fd, const char *from, size_t size)
    {
        if (!ssl) {
            const ssize_t n = ::write(fd, from, size);
            return n >= 0 ? n : (errno == EAGAIN ? 0 : -1);
        }
        const int n = SSL_write(ssl, from, int(size));
        if (n > 0)
            return n;
        const int e = SSL_get_error(ssl, n);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    void start(SSL_CTX *context, int fd)
    {
        if (!context)
            return;
        ssl = SSL_new(context);
        SSL_set_fd(ssl, fd);
        SSL_set_connect_state(ssl);
    }
    void close(int fd)
    {
        if (ssl)
            SSL_free(ssl);
        ssl = nullptr;
        ::close(fd);
    }
};

struct Subscriber
{
    int fd = -1;
    Io io;
    bool requestSent = false;
    bool headDone = false;
    bool connected = false;
    std::string buffer;
    int received = 0;
};

long vmRssKb(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long kb = 0;
            in >> kb;
            return kb;
        }
        in.ignore(1 << 12, '\n');
    }
    return -1;
}

// A publish under way: its own connection, the request still to send, the answer so far.
struct Publish
{
    int fd = -1;
    std::string out;
    std::string in;
    Io io;
};

// Publishes share the epoll tags with the streams: a stream's tag is its index, a publish's
// is its index with this bit set.
constexpr uint64_t publishTag = uint64_t(1) << 62;

// A WebSocket frame's header, once the whole frame is in the buffer.
struct Frame
{
    uint8_t opcode = 0;
    size_t head = 0; // bytes before the payload
    uint64_t length = 0; // of the payload
};

// The frame at `pos` in `buffer` (which holds at least two bytes there): false while it is
// not all in. The server never masks nor fragments, so the header is all there is to read.
bool frameAt(const std::string &buffer, size_t pos, Frame *f)
{
    const auto byte = [&](size_t i) { return uint8_t(buffer[pos + i]); };
    uint64_t length = byte(1) & 0x7F;
    size_t head = 2;
    if (length >= 126) {
        const size_t bytes = length == 126 ? 2 : 8;
        if (buffer.size() < pos + 2 + bytes)
            return false;
        length = 0;
        for (size_t i = 0; i < bytes; ++i)
            length = (length << 8) | byte(2 + i);
        head += bytes;
    }
    if (buffer.size() < pos + head + length)
        return false;
    f->opcode = byte(0) & 0x0F;
    f->head = head;
    f->length = length;
    return true;
}

// The request that opens a stream: SSE at /events, or the WebSocket upgrade at /ws.
std::string streamRequest(bool websocket)
{
    return websocket
        ? "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        : "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
}

// The "publish_errors_by" object's members: "503":2,"connect":1.
std::string errorsJson(const std::map<std::string, int> &errorsBy)
{
    std::string json;
    for (const auto &[why, count] : errorsBy)
        json += (json.empty() ? "\"" : ",\"") + why + "\":" + std::to_string(count);
    return json;
}

// What run() measured around the publishes, for report().
struct Measured
{
    double connectMs = 0;
    double rssKbPerConnection = 0;
    double cpuUsedMs = 0;
    double publishSeconds = 0;
};

class Load final
{
public:
    explicit Load(const Options &o);
    ~Load();
    Load(const Load &) = delete;
    Load &operator=(const Load &) = delete;

    // The whole benchmark; the process's exit code.
    int run();

private:
    bool connectAll();
    void awaitStreams(int64_t deadline);
    void publishAll(int64_t publishStart);
    void dispatch(int count);
    void await(int fd, uint64_t tag, bool write);

    void streamEvent(size_t i, uint32_t events);
    bool streamReady(size_t i, uint32_t events);
    void readStream(Subscriber &s);
    bool readHead(Subscriber &s);
    size_t readEvents(Subscriber &s, int64_t t);
    size_t readFrames(Subscriber &s, int64_t t);
    void countEvent(Subscriber &s, size_t from, size_t end, int64_t t);

    bool allDelivered() const;
    void startPublish(int seq);
    std::string publishRequest(int seq) const;
    void publishEvent(size_t i, uint32_t events);
    bool writePublish(size_t i);
    bool readAnswer(Publish &p);
    void answered(Publish &p);
    void countUnanswered();

    void hold() const;
    int report(const Measured &m);

    const Options &m_o;
    SSL_CTX *m_tls = nullptr;
    int m_ep = -1;
    const std::string m_request;
    std::vector<Subscriber> m_subs;
    int m_open = 0; // streams past their response head
    std::vector<epoll_event> m_ready;
    char m_chunk[65536];
    // Per event: number of clients that have it, time the last one got it.
    std::vector<int> m_got;
    std::vector<int64_t> m_sentAt;
    std::vector<int64_t> m_lastAt;
    std::vector<double> m_latencies;
    int m_published = 0;
    int m_publishErrors = 0;
    std::map<std::string, int> m_publishErrorsBy; // status, "connect", "no answer", "unanswered"
    std::vector<Publish> m_publishes;
};

Load::Load(const Options &o)
    : m_o(o)
    , m_request(streamRequest(o.websocket))
    , m_subs(size_t(o.clients))
    , m_ready(4096)
    , m_got(size_t(o.events), 0)
    , m_sentAt(size_t(o.events), 0)
    , m_lastAt(size_t(o.events), 0)
{
    if (o.tls) {
        m_tls = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_tls, SSL_VERIFY_NONE, nullptr);
    }
    m_ep = epoll_create1(EPOLL_CLOEXEC);
    m_latencies.reserve(size_t(o.clients) * size_t(o.events));
}

Load::~Load()
{
    close(m_ep);
    SSL_CTX_free(m_tls); // the connections' SSL objects, if any, hold their own reference
}

int Load::run()
{
    const long rssBefore = vmRssKb(m_o.pid);
    const int64_t connectStart = nowNs();
    if (!connectAll())
        return 1;
    awaitStreams(connectStart + int64_t(m_o.timeoutSeconds) * 1000000000LL);
    Measured m;
    m.connectMs = double(nowNs() - connectStart) / 1e6;
    if (m_open < m_o.clients) {
        std::printf("{\"error\":\"only %d of %d clients connected\"}\n", m_open, m_o.clients);
        return 1;
    }
    usleep(300000); // let the server settle before measuring its memory
    const long rssConnected = vmRssKb(m_o.pid);
    const double cpuStart = cpuMs(m_o.pid);

    const int64_t publishStart = nowNs();
    publishAll(publishStart);
    countUnanswered();
    m.publishSeconds = m_sentAt.empty()
        ? 0
        : double(std::max(publishStart, m_sentAt.back()) - publishStart) / 1e9;
    m.cpuUsedMs = cpuMs(m_o.pid) - cpuStart;
    m.rssKbPerConnection = double(rssConnected - rssBefore) / double(m_o.clients);
    hold();
    return report(m);
}

// Starts every stream's connection; false (and why on stderr) when a socket cannot be had.
bool Load::connectAll()
{
    for (size_t i = 0; i < m_subs.size(); ++i) {
        m_subs[i].fd = connectTo(m_o.port);
        if (m_subs[i].fd < 0) {
            std::fprintf(stderr, "socket failed: %s\n", strerror(errno));
            return false;
        }
        epoll_event ev {};
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, m_subs[i].fd, &ev);
    }
    return true;
}

// Until every stream has its response head, or the deadline.
void Load::awaitStreams(int64_t deadline)
{
    while (m_open < m_o.clients && nowNs() < deadline)
        dispatch(epoll_wait(m_ep, m_ready.data(), int(m_ready.size()), 100));
}

// Publishes M events at R/s, reading the streams all the while, until every event has
// reached every client or the time is up.
void Load::publishAll(int64_t publishStart)
{
    const int64_t interval = int64_t(1e9 / m_o.rate);
    // Deliveries are awaited for 30 s after the last publish: at N = 10,000 both servers
    // saturate this machine and run up to ~10 s behind, and a late event is not a lost one.
    const int64_t endBy
        = publishStart + int64_t(double(m_o.events) / m_o.rate * 1e9) + 30LL * 1000000000LL;
    while (nowNs() < endBy) {
        const int64_t t = nowNs();
        while (m_published < m_o.events && t >= publishStart + int64_t(m_published) * interval)
            startPublish(m_published++);
        if (m_published == m_o.events && allDelivered())
            break;
        const int64_t nextDue = m_published < m_o.events
            ? publishStart + int64_t(m_published) * interval
            : t + 5000000;
        const int timeout = int(std::max<int64_t>(0, (nextDue - t) / 1000000));
        dispatch(epoll_wait(m_ep, m_ready.data(), int(m_ready.size()), std::min(timeout, 50)));
    }
}

// Hands what epoll_wait() returned to the stream or publish each belongs to.
void Load::dispatch(int count)
{
    for (int k = 0; k < count; ++k) {
        const uint64_t tag = m_ready[size_t(k)].data.u64;
        if (tag & publishTag)
            publishEvent(size_t(tag & ~publishTag), m_ready[size_t(k)].events);
        else
            streamEvent(size_t(tag), m_ready[size_t(k)].events);
    }
}

// Waits for what the TLS handshake wants next (plain connections never ask).
void Load::await(int fd, uint64_t tag, bool write)
{
    epoll_event ev {};
    ev.events = write ? EPOLLOUT : EPOLLIN;
    ev.data.u64 = tag;
    epoll_ctl(m_ep, EPOLL_CTL_MOD, fd, &ev);
}

void Load::streamEvent(size_t i, uint32_t events)
{
    if (streamReady(i, events))
        readStream(m_subs[i]);
}

// Takes stream i through its connect, TLS handshake and request; true once it can be read.
bool Load::streamReady(size_t i, uint32_t events)
{
    Subscriber &s = m_subs[i];
    if ((events & EPOLLOUT) && !s.connected) {
        s.connected = true;
        s.io.start(m_tls, s.fd);
    }
    if (!s.connected)
        return false;
    bool wantWrite = false;
    const int shaken = s.io.handshake(&wantWrite);
    if (shaken < 0) {
        std::fprintf(stderr, "TLS handshake failed\n");
        return false;
    }
    if (shaken == 0) {
        await(s.fd, i, wantWrite);
        return false;
    }
    if (!s.requestSent) {
        s.requestSent = true;
        if (s.io.write(s.fd, m_request.data(), m_request.size()) != ssize_t(m_request.size()))
            std::fprintf(stderr, "request write failed\n");
        await(s.fd, i, false);
    }
    return true;
}

// Reads what the stream has (a bounded number of chunks) and counts the events complete.
void Load::readStream(Subscriber &s)
{
    for (int guard = 0; guard < 64; ++guard) {
        const ssize_t n = s.io.read(s.fd, m_chunk, sizeof m_chunk);
        if (n <= 0)
            break;
        const int64_t t = nowNs();
        s.buffer.append(m_chunk, size_t(n));
        if (!s.headDone && !readHead(s))
            continue;
        s.buffer.erase(0, m_o.websocket ? readFrames(s, t) : readEvents(s, t));
    }
}

// Drops the response head once it is all in; false while it is not.
bool Load::readHead(Subscriber &s)
{
    const size_t end = s.buffer.find("\r\n\r\n");
    if (end == std::string::npos)
        return false;
    s.headDone = true;
    ++m_open;
    s.buffer.erase(0, end + 4);
    return true;
}

// SSE: counts the events that end in the buffer; how many of its bytes they take.
size_t Load::readEvents(Subscriber &s, int64_t t)
{
    size_t pos = 0;
    while (true) {
        const size_t end = s.buffer.find("\n\n", pos);
        if (end == std::string::npos)
            break;
        countEvent(s, pos, end, t);
        pos = end + 2;
    }
    return pos;
}

// WebSocket: whole frames only (the server never masks nor fragments); a ping is answered
// with a pong, masked with a zero key as a client must mask. Returns the bytes used.
size_t Load::readFrames(Subscriber &s, int64_t t)
{
    size_t pos = 0;
    Frame f;
    while (s.buffer.size() >= pos + 2 && frameAt(s.buffer, pos, &f)) {
        if (f.opcode == 0x9) {
            std::string pong = { char(0x8A), char(0x80 | f.length), 0, 0, 0, 0 };
            pong += s.buffer.substr(pos + f.head, size_t(f.length));
            s.io.write(s.fd, pong.data(), pong.size());
        } else {
            countEvent(s, pos + f.head, pos + f.head + size_t(f.length), t);
        }
        pos += f.head + size_t(f.length);
    }
    return pos;
}

// Each event's data is {"s":SEQ,"t":NS,...}; counts the one in [from, end), if it has one.
void Load::countEvent(Subscriber &s, size_t from, size_t end, int64_t t)
{
    const size_t seqAt = s.buffer.find("\"s\":", from);
    if (seqAt == std::string::npos || seqAt >= end)
        return;
    const long seq = std::strtol(s.buffer.c_str() + seqAt + 4, nullptr, 10);
    if (seq < 0 || seq >= m_o.events || m_sentAt[size_t(seq)] <= 0)
        return;
    m_latencies.push_back(double(t - m_sentAt[size_t(seq)]) / 1e6);
    ++m_got[size_t(seq)];
    m_lastAt[size_t(seq)] = std::max(m_lastAt[size_t(seq)], t);
    ++s.received;
}

bool Load::allDelivered() const
{
    const int clients = m_o.clients;
    return std::all_of(m_got.begin(), m_got.end(), [clients](int n) { return n == clients; })
        // ... and every publish answered, or the last answers would count as missing.
        && std::all_of(
            m_publishes.begin(), m_publishes.end(), [](const Publish &p) { return p.fd < 0; });
}

// Publishes event `seq` on a connection of its own; a socket that cannot be had is an error.
void Load::startPublish(int seq)
{
    const int fd = connectTo(m_o.publishPort > 0 ? m_o.publishPort : m_o.port);
    if (fd < 0) {
        ++m_publishErrors;
        ++m_publishErrorsBy["connect"];
        return;
    }
    m_sentAt[size_t(seq)] = nowNs();
    Publish p { fd, publishRequest(seq), {}, {} };
    p.io.start(m_tls, fd);
    m_publishes.push_back(std::move(p));
    epoll_event ev {};
    ev.events = EPOLLOUT | EPOLLIN;
    ev.data.u64 = publishTag | uint64_t(m_publishes.size() - 1);
    epoll_ctl(m_ep, EPOLL_CTL_ADD, fd, &ev);
}

// The POST for event `seq`, stamped with its send time.
std::string Load::publishRequest(int seq) const
{
    const std::string body = "{\"channel\":\"bench\",\"type\":\"tick\",\"data\":{\"s\":"
        + std::to_string(seq) + ",\"t\":" + std::to_string(m_sentAt[size_t(seq)]) + ",\"pad\":\""
        + std::string(64, 'x') + "\"}}";
    return "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_o.token
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

void Load::publishEvent(size_t i, uint32_t events)
{
    Publish &p = m_publishes[i];
    if (p.fd < 0)
        return;
    bool wantWrite = false;
    const int shaken = p.io.handshake(&wantWrite);
    if (shaken == 0) {
        await(p.fd, publishTag | i, wantWrite);
        return;
    }
    bool ended = shaken < 0;
    if (!ended && !p.out.empty())
        ended = !writePublish(i);
    if (!ended && p.out.empty() && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        ended = !readAnswer(p);
    if (ended)
        answered(p);
}

// Sends what the kernel takes of the request; false once the connection has ended.
bool Load::writePublish(size_t i)
{
    Publish &p = m_publishes[i];
    const ssize_t n = p.io.write(p.fd, p.out.data(), p.out.size());
    if (n > 0)
        p.out.erase(0, size_t(n));
    await(p.fd, publishTag | i, !p.out.empty());
    return n >= 0;
}

// Reads the answer so far; false once the connection has ended (the server closes it).
bool Load::readAnswer(Publish &p)
{
    ssize_t n;
    while ((n = p.io.read(p.fd, m_chunk, sizeof m_chunk)) > 0)
        p.in.append(m_chunk, size_t(n));
    return n >= 0;
}

// The publish's connection has ended: counts its answer unless it is an accepted one.
void Load::answered(Publish &p)
{
    const int status = p.in.compare(0, 7, "HTTP/1.") == 0 ? std::atoi(p.in.c_str() + 9) : 0;
    if (std::find(m_o.ack.begin(), m_o.ack.end(), status) == m_o.ack.end()) {
        ++m_publishErrors;
        ++m_publishErrorsBy[status ? std::to_string(status) : "no answer"];
    }
    p.io.close(p.fd);
    p.fd = -1;
}

void Load::countUnanswered()
{
    for (Publish &p : m_publishes) {
        if (p.fd < 0)
            continue;
        // Still without a complete answer 30 s after the last publish.
        ++m_publishErrors;
        ++m_publishErrorsBy["unanswered"];
        p.io.close(p.fd);
        p.fd = -1;
    }
}

// --hold-ms: every stream stays open, for a profiler or /proc to look at the server.
void Load::hold() const
{
    if (m_o.holdMs <= 0)
        return;
    std::fprintf(stderr, "holding %d streams for %d ms\n", m_open, m_o.holdMs);
    std::fflush(stderr);
    usleep(useconds_t(m_o.holdMs) * 1000);
}

// Prints the JSON line; the exit code: 0 when nothing was lost and every publish accepted.
int Load::report(const Measured &m)
{
    std::vector<double> untilLast;
    long delivered = 0;
    long lost = 0;
    for (int seq = 0; seq < m_o.events; ++seq) {
        delivered += m_got[size_t(seq)];
        lost += m_o.clients - m_got[size_t(seq)];
        if (m_got[size_t(seq)] == m_o.clients)
            untilLast.push_back(double(m_lastAt[size_t(seq)] - m_sentAt[size_t(seq)]) / 1e6);
    }
    std::vector<double> &sorted = m_latencies;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> l1 = sorted, l2 = sorted, l3 = sorted;
    std::printf("{\"clients\":%d,\"events\":%d,\"rate\":%.0f,\"connect_ms\":%.1f,"
                "\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,"
                "\"last_client_median_ms\":%.2f,\"last_client_max_ms\":%.2f,"
                "\"delivered\":%ld,\"expected\":%ld,\"lost\":%ld,\"publish_errors\":%d,"
                "\"publish_errors_by\":{%s},"
                "\"rss_per_connection_kb\":%.2f,\"cpu_ms_per_1000_deliveries\":%.2f,"
                "\"publish_rate\":%.1f}\n",
        m_o.clients, m_o.events, m_o.rate, m.connectMs, percentile(l1, 50), percentile(l2, 90),
        percentile(l3, 99), sorted.empty() ? -1 : sorted.back(), percentile(untilLast, 50),
        untilLast.empty() ? -1 : *std::max_element(untilLast.begin(), untilLast.end()), delivered,
        long(m_o.clients) * m_o.events, lost, m_publishErrors,
        errorsJson(m_publishErrorsBy).c_str(), m.rssKbPerConnection,
        delivered > 0 ? m.cpuUsedMs * 1000.0 / double(delivered) : -1,
        m.publishSeconds > 0 ? double(m_o.events - 1) / m.publishSeconds : 0);
    return lost == 0 && m_publishErrors == 0 ? 0 : 3;
}

// --ack 201,202: the publish answers that count as accepted.
std::vector<int> parseAck(const char *v)
{
    std::vector<int> ack;
    for (const char *s = v; *s; ++s) {
        ack.push_back(std::atoi(s));
        s = std::strchr(s, ',');
        if (!s)
            break;
    }
    return ack;
}

bool parseOptions(int argc, char **argv, Options *o)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const char *v = argv[i + 1];
        if (k == "--port")
            o->port = std::atoi(v);
        else if (k == "--publish-port")
            o->publishPort = std::atoi(v);
        else if (k == "--tls")
            o->tls = std::string(v) != "0";
        else if (k == "--websocket")
            o->websocket = std::string(v) != "0";
        else if (k == "--pid")
            o->pid = std::atoi(v);
        else if (k == "--clients")
            o->clients = std::atoi(v);
        else if (k == "--events")
            o->events = std::atoi(v);
        else if (k == "--rate")
            o->rate = std::atof(v);
        else if (k == "--token")
            o->token = v;
        else if (k == "--timeout")
            o->timeoutSeconds = std::atoi(v);
        else if (k == "--hold-ms")
            o->holdMs = std::max(0, std::atoi(v));
        else if (k == "--ack")
            o->ack = parseAck(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return false;
        }
    }
    return true;
}

// Thousands of sockets: raise our own descriptor limit to the hard limit.
void raiseFileLimit()
{
    rlimit lim {};
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parseOptions(argc, argv, &o))
        return 2;
    raiseFileLimit();
    Load load(o);
    return load.run();
}
