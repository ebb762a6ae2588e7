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

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const char *v = argv[i + 1];
        if (k == "--port")
            o.port = std::atoi(v);
        else if (k == "--publish-port")
            o.publishPort = std::atoi(v);
        else if (k == "--tls")
            o.tls = std::string(v) != "0";
        else if (k == "--websocket")
            o.websocket = std::string(v) != "0";
        else if (k == "--pid")
            o.pid = std::atoi(v);
        else if (k == "--clients")
            o.clients = std::atoi(v);
        else if (k == "--events")
            o.events = std::atoi(v);
        else if (k == "--rate")
            o.rate = std::atof(v);
        else if (k == "--token")
            o.token = v;
        else if (k == "--timeout")
            o.timeoutSeconds = std::atoi(v);
        else if (k == "--hold-ms")
            o.holdMs = std::max(0, std::atoi(v));
        else if (k == "--ack") {
            o.ack.clear();
            for (const char *s = v; *s; ++s) {
                o.ack.push_back(std::atoi(s));
                s = std::strchr(s, ',');
                if (!s)
                    break;
            }
        } else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    // Thousands of sockets: raise our own descriptor limit to the hard limit.
    rlimit lim {};
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);

    SSL_CTX *tls = nullptr;
    if (o.tls) {
        tls = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, nullptr);
    }
    const int ep = epoll_create1(EPOLL_CLOEXEC);
    const long rssBefore = vmRssKb(o.pid);
    std::vector<Subscriber> subs(size_t(o.clients));
    const std::string request = o.websocket
        ? "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        : "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";

    // --- connect all subscribers ---------------------------------------------------------
    const int64_t connectStart = nowNs();
    const int64_t deadline = connectStart + int64_t(o.timeoutSeconds) * 1000000000LL;
    int open = 0;
    for (size_t i = 0; i < subs.size(); ++i) {
        subs[i].fd = connectTo(o.port);
        if (subs[i].fd < 0) {
            std::fprintf(stderr, "socket failed: %s\n", strerror(errno));
            return 1;
        }
        epoll_event ev {};
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(ep, EPOLL_CTL_ADD, subs[i].fd, &ev);
    }
    std::vector<epoll_event> ready(4096);
    char chunk[65536];
    // Per event: number of clients that have it, time the last one got it.
    std::vector<int> got(size_t(o.events), 0);
    std::vector<int64_t> sentAt(size_t(o.events), 0);
    std::vector<int64_t> lastAt(size_t(o.events), 0);
    std::vector<double> latencies;
    latencies.reserve(size_t(o.clients) * size_t(o.events));
    long lost = 0;

    // Waits for what the TLS handshake wants next (plain connections never ask).
    auto await = [&](int fd, uint64_t tag, bool write) {
        epoll_event ev {};
        ev.events = write ? EPOLLOUT : EPOLLIN;
        ev.data.u64 = tag;
        epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    };
    auto handleSubscriber = [&](size_t i, uint32_t events) {
        Subscriber &s = subs[i];
        if ((events & EPOLLOUT) && !s.connected) {
            s.connected = true;
            s.io.start(tls, s.fd);
        }
        if (!s.connected)
            return;
        bool wantWrite = false;
        const int shaken = s.io.handshake(&wantWrite);
        if (shaken < 0) {
            std::fprintf(stderr, "TLS handshake failed\n");
            return;
        }
        if (shaken == 0) {
            await(s.fd, i, wantWrite);
            return;
        }
        if (!s.requestSent) {
            s.requestSent = true;
            if (s.io.write(s.fd, request.data(), request.size()) != ssize_t(request.size()))
                std::fprintf(stderr, "request write failed\n");
            await(s.fd, i, false);
        }
        for (int guard = 0; guard < 64; ++guard) {
            const ssize_t n = s.io.read(s.fd, chunk, sizeof chunk);
            if (n <= 0)
                break;
            const int64_t t = nowNs();
            s.buffer.append(chunk, size_t(n));
            if (!s.headDone) {
                const size_t end = s.buffer.find("\r\n\r\n");
                if (end == std::string::npos)
                    continue;
                s.headDone = true;
                ++open;
                s.buffer.erase(0, end + 4);
            }
            // Each event's data is {"s":SEQ,"t":NS,...}; count the ones complete.
            auto count = [&](size_t from, size_t end) {
                const size_t seqAt = s.buffer.find("\"s\":", from);
                if (seqAt == std::string::npos || seqAt >= end)
                    return;
                const long seq = std::strtol(s.buffer.c_str() + seqAt + 4, nullptr, 10);
                if (seq >= 0 && seq < o.events && sentAt[size_t(seq)] > 0) {
                    latencies.push_back(double(t - sentAt[size_t(seq)]) / 1e6);
                    ++got[size_t(seq)];
                    lastAt[size_t(seq)] = std::max(lastAt[size_t(seq)], t);
                    ++s.received;
                }
            };
            size_t pos = 0;
            while (!o.websocket) {
                const size_t end = s.buffer.find("\n\n", pos);
                if (end == std::string::npos)
                    break;
                count(pos, end);
                pos = end + 2;
            }
            // WebSocket: whole frames only (the server never masks nor fragments); a ping is
            // answered with a pong, masked with a zero key as a client must mask.
            while (o.websocket && s.buffer.size() >= pos + 2) {
                const auto byte = [&](size_t i) { return uint8_t(s.buffer[pos + i]); };
                uint64_t length = byte(1) & 0x7F;
                size_t head = 2;
                if (length >= 126) {
                    const size_t bytes = length == 126 ? 2 : 8;
                    if (s.buffer.size() < pos + 2 + bytes)
                        break;
                    length = 0;
                    for (size_t i = 0; i < bytes; ++i)
                        length = (length << 8) | byte(2 + i);
                    head += bytes;
                }
                if (s.buffer.size() < pos + head + length)
                    break;
                if ((byte(0) & 0x0F) == 0x9) {
                    std::string pong = { char(0x8A), char(0x80 | length), 0, 0, 0, 0 };
                    pong += s.buffer.substr(pos + head, size_t(length));
                    s.io.write(s.fd, pong.data(), pong.size());
                } else {
                    count(pos + head, pos + head + size_t(length));
                }
                pos += head + size_t(length);
            }
            s.buffer.erase(0, pos);
        }
    };

    while (open < o.clients && nowNs() < deadline) {
        const int n = epoll_wait(ep, ready.data(), int(ready.size()), 100);
        for (int k = 0; k < n; ++k)
            handleSubscriber(size_t(ready[size_t(k)].data.u64), ready[size_t(k)].events);
    }
    const double connectMs = double(nowNs() - connectStart) / 1e6;
    if (open < o.clients) {
        std::printf("{\"error\":\"only %d of %d clients connected\"}\n", open, o.clients);
        return 1;
    }
    usleep(300000); // let the server settle before measuring its memory
    const long rssConnected = vmRssKb(o.pid);
    const double cpuStart = cpuMs(o.pid);

    // --- publish M events at R/s, reading all the while -----------------------------------
    const int64_t interval = int64_t(1e9 / o.rate);
    const int64_t publishStart = nowNs();
    int published = 0;
    int publishErrors = 0;
    std::map<std::string, int> publishErrorsBy; // status, "connect", "no answer", "unanswered"
    struct Publish
    {
        int fd;
        std::string out;
        std::string in;
        Io io;
    };
    std::vector<Publish> publishes;
    const uint64_t publishTag = uint64_t(1) << 62;
    auto startPublish = [&](int seq) {
        const int fd = connectTo(o.publishPort > 0 ? o.publishPort : o.port);
        if (fd < 0) {
            ++publishErrors;
            ++publishErrorsBy["connect"];
            return;
        }
        sentAt[size_t(seq)] = nowNs();
        const std::string body = "{\"channel\":\"bench\",\"type\":\"tick\",\"data\":{\"s\":"
            + std::to_string(seq) + ",\"t\":" + std::to_string(sentAt[size_t(seq)]) + ",\"pad\":\""
            + std::string(64, 'x') + "\"}}";
        Publish p { fd,
            "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + o.token
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
            {}, {} };
        p.io.start(tls, fd);
        publishes.push_back(std::move(p));
        epoll_event ev {};
        ev.events = EPOLLOUT | EPOLLIN;
        ev.data.u64 = publishTag | uint64_t(publishes.size() - 1);
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    };
    auto handlePublish = [&](size_t i, uint32_t events) {
        Publish &p = publishes[i];
        if (p.fd < 0)
            return;
        bool wantWrite = false;
        const int shaken = p.io.handshake(&wantWrite);
        if (shaken == 0) {
            await(p.fd, publishTag | i, wantWrite);
            return;
        }
        bool ended = shaken < 0;
        if (!ended && !p.out.empty()) {
            const ssize_t n = p.io.write(p.fd, p.out.data(), p.out.size());
            if (n > 0)
                p.out.erase(0, size_t(n));
            ended = n < 0;
            await(p.fd, publishTag | i, !p.out.empty());
        }
        if (!ended && p.out.empty() && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
            ssize_t n;
            while ((n = p.io.read(p.fd, chunk, sizeof chunk)) > 0)
                p.in.append(chunk, size_t(n));
            ended = n < 0;
        }
        if (ended) {
            const int status = p.in.compare(0, 7, "HTTP/1.") == 0 ? std::atoi(p.in.c_str() + 9) : 0;
            if (std::find(o.ack.begin(), o.ack.end(), status) == o.ack.end()) {
                ++publishErrors;
                ++publishErrorsBy[status ? std::to_string(status) : "no answer"];
            }
            p.io.close(p.fd);
            p.fd = -1;
        }
    };

    // Deliveries are awaited for 30 s after the last publish: at N = 10,000 both servers
    // saturate this machine and run up to ~10 s behind, and a late event is not a lost one.
    const int64_t endBy
        = publishStart + int64_t(double(o.events) / o.rate * 1e9) + 30LL * 1000000000LL;
    while (nowNs() < endBy) {
        const int64_t t = nowNs();
        while (published < o.events && t >= publishStart + int64_t(published) * interval)
            startPublish(published++);
        if (published == o.events) {
            bool all = true;
            for (int seq = 0; seq < o.events && all; ++seq)
                all = got[size_t(seq)] == o.clients;
            // ... and every publish answered, or the last answers would count as missing.
            all = all && std::all_of(publishes.begin(), publishes.end(), [](const Publish &p) {
                return p.fd < 0;
            });
            if (all)
                break;
        }
        const int64_t nextDue
            = published < o.events ? publishStart + int64_t(published) * interval : t + 5000000;
        const int timeout = int(std::max<int64_t>(0, (nextDue - t) / 1000000));
        const int n = epoll_wait(ep, ready.data(), int(ready.size()), std::min(timeout, 50));
        for (int k = 0; k < n; ++k) {
            const uint64_t tag = ready[size_t(k)].data.u64;
            if (tag & publishTag)
                handlePublish(size_t(tag & ~publishTag), ready[size_t(k)].events);
            else
                handleSubscriber(size_t(tag), ready[size_t(k)].events);
        }
    }
    for (Publish &p : publishes) {
        if (p.fd < 0)
            continue;
        // Still without a complete answer 30 s after the last publish.
        ++publishErrors;
        ++publishErrorsBy["unanswered"];
        p.io.close(p.fd);
        p.fd = -1;
    }
    const double publishSeconds
        = sentAt.empty() ? 0 : double(std::max(publishStart, sentAt.back()) - publishStart) / 1e9;
    const double cpuUsed = cpuMs(o.pid) - cpuStart;
    if (o.holdMs > 0) {
        std::fprintf(stderr, "holding %d streams for %d ms\n", open, o.holdMs);
        std::fflush(stderr);
        usleep(useconds_t(o.holdMs) * 1000);
    }

    std::vector<double> untilLast;
    long delivered = 0;
    for (int seq = 0; seq < o.events; ++seq) {
        delivered += got[size_t(seq)];
        lost += o.clients - got[size_t(seq)];
        if (got[size_t(seq)] == o.clients)
            untilLast.push_back(double(lastAt[size_t(seq)] - sentAt[size_t(seq)]) / 1e6);
    }
    std::vector<double> sorted = latencies;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> l1 = sorted, l2 = sorted, l3 = sorted;
    std::string errorsBy;
    for (const auto &[why, count] : publishErrorsBy)
        errorsBy += (errorsBy.empty() ? "\"" : ",\"") + why + "\":" + std::to_string(count);
    std::printf("{\"clients\":%d,\"events\":%d,\"rate\":%.0f,\"connect_ms\":%.1f,"
                "\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,"
                "\"last_client_median_ms\":%.2f,\"last_client_max_ms\":%.2f,"
                "\"delivered\":%ld,\"expected\":%ld,\"lost\":%ld,\"publish_errors\":%d,"
                "\"publish_errors_by\":{%s},"
                "\"rss_per_connection_kb\":%.2f,\"cpu_ms_per_1000_deliveries\":%.2f,"
                "\"publish_rate\":%.1f}\n",
        o.clients, o.events, o.rate, connectMs, percentile(l1, 50), percentile(l2, 90),
        percentile(l3, 99), sorted.empty() ? -1 : sorted.back(), percentile(untilLast, 50),
        untilLast.empty() ? -1 : *std::max_element(untilLast.begin(), untilLast.end()), delivered,
        long(o.clients) * o.events, lost, publishErrors, errorsBy.c_str(),
        double(rssConnected - rssBefore) / double(o.clients),
        delivered > 0 ? cpuUsed * 1000.0 / double(delivered) : -1,
        publishSeconds > 0 ? double(o.events - 1) / publishSeconds : 0);
    return lost == 0 && publishErrors == 0 ? 0 : 3;
}
