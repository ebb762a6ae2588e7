#pragma once

// What the bench's load tools share (loadclient.cpp, publishload.cpp): plain C++ and POSIX,
// no Qt, so that the tools stay cheaper than what they measure.

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

// utime + stime of the process, in milliseconds; -1 without a pid or a readable stat.
inline double cpuMs(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::vector<std::string> fields;
    size_t pos = close + 2;
    while (pos < stat.size()) {
        const size_t space = stat.find(' ', pos);
        fields.push_back(stat.substr(pos, space - pos));
        if (space == std::string::npos)
            break;
        pos = space + 1;
    }
    // After "pid (comm)": state is field 0, utime field 11, stime field 12.
    const double ticks = std::stod(fields.at(11)) + std::stod(fields.at(12));
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// A non-blocking connection to 127.0.0.1:port under way; -1 when it cannot even start.
inline int connectTo(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return -1;
    const size_t k = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())));
    std::nth_element(v.begin(), v.begin() + long(k), v.end());
    return v[k];
}

} // namespace bench
