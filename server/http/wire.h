#pragma once

#include "http/tlschannel.h"

#include <sys/socket.h>
#include <sys/types.h>

// How the connection classes read and write their descriptor: the kernel directly, or TLS
// on top of it when `tls` is set. Both speak as recv()/send() do (see TlsChannel), so a
// connection's logic is the same over http and https. Never blocks, never raises SIGPIPE.
namespace Wire {

inline ssize_t receive(int fd, TlsChannel *tls, char *into, size_t size)
{
    return tls ? tls->receive(into, size) : ::recv(fd, into, size, MSG_DONTWAIT);
}

inline ssize_t send(int fd, TlsChannel *tls, const char *from, size_t size)
{
    return tls ? tls->send(from, size) : ::send(fd, from, size, MSG_NOSIGNAL | MSG_DONTWAIT);
}

} // namespace Wire
