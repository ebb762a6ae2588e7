// The benchmark's yardstick: a minimal single-threaded epoll fan-out server. It speaks the
// same GET /events and POST /api/events as LiveDesk (no auth, no journal, no replay; publishes
// on keep-alive connections unless the client sends "Connection: close"), keeps
// nothing but a per-subscriber backlog for what the kernel refused, and send()s each event
// to every subscriber. "Close to the machine's limit" means close to this.
//
//   refserver --port P
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

struct Conn
{
    std::string in;
    std::string out; // what the kernel did not take yet
    bool subscriber = false;
    bool closing = false; // answered with "Connection: close"
};

std::unordered_map<int, Conn> conns;
int ep = -1;
unsigned long long nextId = 1;

void flush(int fd, Conn &c)
{
    while (!c.out.empty()) {
        const ssize_t n = send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n <= 0)
            break;
        c.out.erase(0, size_t(n));
    }
    epoll_event ev {};
    ev.events = EPOLLIN | (c.out.empty() ? 0u : uint32_t(EPOLLOUT));
    ev.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

void drop(int fd)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    conns.erase(fd);
}

// Whether the request head asks for the connection to end after its answer.
bool wantsClose(const std::string &head)
{
    std::string lower = head;
    for (char &ch : lower)
        ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return lower.find("\r\nconnection: close") != std::string::npos
        || lower.find(" http/1.0\r\n") != std::string::npos;
}

void respond(int fd, Conn &c, const char *status, const std::string &body, bool keepAlive)
{
    c.out += std::string("HTTP/1.1 ") + status
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + (keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n") + body;
    flush(fd, c);
    if (!keepAlive)
        shutdown(fd, SHUT_WR);
}

// Sends {"channel":C,"type":T,"data":D}'s data object as it came to every subscriber.
unsigned long long broadcast(const std::string &body)
{
    const size_t dataAt = body.find("\"data\":");
    const std::string data
        = dataAt == std::string::npos ? "null" : body.substr(dataAt + 7, body.size() - dataAt - 8);
    const unsigned long long id = nextId++;
    const std::string wire = "id: " + std::to_string(id) + "\nevent: tick\ndata: " + data + "\n\n";
    for (auto &[sfd, s] : conns) {
        if (!s.subscriber)
            continue;
        s.out += wire;
        flush(sfd, s);
    }
    return id;
}

// Handles the request at the start of c.in once it is complete; false while it is not, or
// once the connection is a stream or is closing.
bool handleOne(int fd, Conn &c)
{
    const size_t headEnd = c.in.find("\r\n\r\n");
    if (headEnd == std::string::npos || c.subscriber || c.closing)
        return false;
    if (c.in.compare(0, 12, "GET /events ") == 0 || c.in.compare(0, 12, "GET /events?") == 0) {
        c.subscriber = true;
        c.in.clear();
        c.out += "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: "
                 "no-cache\r\n\r\nretry: 3000\n\n";
        flush(fd, c);
        return false;
    }
    if (c.in.compare(0, 17, "POST /api/events ") != 0) {
        c.closing = true;
        respond(fd, c, "404 Not Found", "{\"error\":\"no such resource\"}", false);
        return false;
    }
    size_t length = 0;
    const size_t cl = c.in.find("Content-Length: ");
    if (cl != std::string::npos && cl < headEnd)
        length = size_t(std::strtoul(c.in.c_str() + cl + 16, nullptr, 10));
    if (c.in.size() < headEnd + 4 + length)
        return false;
    // Keep-alive unless the client asks otherwise, as HTTP/1.1 servers do: the publish
    // throughput mode measures what a server costs per publish, not per connection.
    const bool keepAlive = !wantsClose(c.in.substr(0, headEnd + 2));
    const unsigned long long id = broadcast(c.in.substr(headEnd + 4, length));
    c.in.erase(0, headEnd + 4 + length);
    c.closing = !keepAlive;
    respond(fd, c, "201 Created", "{\"id\":\"" + std::to_string(id) + "\"}", keepAlive);
    return keepAlive;
}

void handle(int fd, Conn &c)
{
    // Pipelined requests are answered in order; bounded by what one read brought.
    for (int guard = 0; guard < 1024 && handleOne(fd, c); ++guard) { }
}

// A non-blocking listener on 127.0.0.1:port (0: any free port), announced on stdout as the
// benchmark reads it; -1 if it cannot listen.
int listenOn(int port)
{
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0
        || listen(listener, 4096) < 0) {
        std::fprintf(stderr, "refserver: cannot listen on %d: %s\n", port, strerror(errno));
        return -1;
    }
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len);
    std::printf("listening on http://127.0.0.1:%d/\n", ntohs(addr.sin_port));
    std::fflush(stdout);
    return listener;
}

void watch(int fd)
{
    epoll_event ev {};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

void acceptAll(int listener)
{
    const int one = 1;
    int c = -1;
    while ((c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        watch(c);
        conns[c];
    }
}

// A client's socket is ready: send what waits, read what came (a subscriber's bytes are
// dropped), answer it, or forget it once it is closed.
void serve(int fd, uint32_t events)
{
    const auto it = conns.find(fd);
    if (it == conns.end())
        return;
    Conn &c = it->second;
    if (events & EPOLLOUT)
        flush(fd, c);
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    static char chunk[65536];
    ssize_t r = 0;
    while ((r = read(fd, chunk, sizeof chunk)) > 0) {
        if (!c.subscriber)
            c.in.append(chunk, size_t(r));
    }
    if (r == 0 || (r < 0 && errno != EAGAIN))
        drop(fd);
    else
        handle(fd, c);
}

} // namespace

int main(int argc, char **argv)
{
    int port = 8090;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--port")
            port = std::atoi(argv[i + 1]);
    }
    rlimit lim {};
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);

    const int listener = listenOn(port);
    if (listener < 0)
        return 1;
    ep = epoll_create1(0);
    watch(listener);
    std::vector<epoll_event> ready(4096);
    while (true) {
        const int n = epoll_wait(ep, ready.data(), int(ready.size()), -1);
        for (int k = 0; k < n; ++k) {
            const int fd = ready[size_t(k)].data.fd;
            if (fd == listener)
                acceptAll(listener);
            else
                serve(fd, ready[size_t(k)].events);
        }
    }
}
