#pragma once

#include <QString>

#include <sys/types.h>

struct ssl_st;

// TLS on one connection's descriptor: OpenSSL's server side, non-blocking. The only code
// besides TlsContext that knows OpenSSL, and it speaks as the kernel does, so a connection
// calls receive()/send() where it would call recv()/send():
//   - a positive count: bytes read or taken;
//   - 0 from receive(): the peer is gone (a close_notify, or its FIN);
//   - -1 with errno EAGAIN: not now; blockedOnWrite() says whether what it waits for is
//     the socket becoming writable (a handshake flight the kernel would not take) rather
//     than readable;
//   - -1 with another errno (EPROTO for a TLS failure, whose reason is error()).
// The handshake happens inside the first receive() calls; until it is done nothing is read.
class TlsChannel final
{
public:
    // Owns `ssl` (set up for `fd` in accept state by TlsContext); the descriptor stays the
    // caller's.
    explicit TlsChannel(ssl_st *ssl);
    ~TlsChannel();
    TlsChannel(const TlsChannel &) = delete;
    TlsChannel &operator=(const TlsChannel &) = delete;

    ssize_t receive(char *into, size_t size);
    ssize_t send(const char *from, size_t size);
    // Decrypted bytes held here that the kernel will not signal again: read them without
    // waiting for the descriptor.
    bool hasPending() const;
    bool blockedOnWrite() const { return m_blockedOnWrite; }
    bool handshakeDone() const;
    // Why the last call failed, in one line (OpenSSL's reason).
    QString error() const { return m_error; }
    // Says close_notify, best effort (never waits): the peer learns the close was meant.
    void notifyClose();

private:
    ssize_t fail(int result);

    ssl_st *m_ssl;
    QString m_error;
    bool m_blockedOnWrite = false;
};
