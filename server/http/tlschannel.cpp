#include "http/tlschannel.h"

#include <cerrno>
#include <climits>
#include <openssl/err.h>
#include <openssl/ssl.h>

TlsChannel::TlsChannel(ssl_st *ssl)
    : m_ssl(ssl)
{ }

TlsChannel::~TlsChannel()
{
    SSL_free(m_ssl);
}

ssize_t TlsChannel::receive(char *into, size_t size)
{
    m_blockedOnWrite = false;
    ERR_clear_error();
    errno = 0;
    const int n = SSL_read(m_ssl, into, int(qMin<size_t>(size, INT_MAX)));
    return n > 0 ? n : fail(n);
}

ssize_t TlsChannel::send(const char *from, size_t size)
{
    m_blockedOnWrite = false;
    ERR_clear_error();
    errno = 0;
    const int n = SSL_write(m_ssl, from, int(qMin<size_t>(size, INT_MAX)));
    return n > 0 ? n : fail(n);
}

ssize_t TlsChannel::fail(int result)
{
    switch (SSL_get_error(m_ssl, result)) {
    case SSL_ERROR_WANT_READ:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_WANT_WRITE:
        m_blockedOnWrite = true;
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0; // close_notify
    case SSL_ERROR_SYSCALL:
        // The kernel's own error (ECONNRESET, EPIPE) is in errno; none means it is gone.
        if (ERR_peek_error() == 0)
            return errno == 0 ? 0 : -1;
        [[fallthrough]];
    default: {
        const unsigned long code = ERR_peek_last_error();
        const char *reason = ERR_reason_error_string(code);
        m_error = reason ? QString::fromLatin1(reason) : QStringLiteral("TLS failure");
        ERR_clear_error();
        errno = EPROTO;
        return -1;
    }
    }
}

bool TlsChannel::hasPending() const
{
    return SSL_has_pending(m_ssl) == 1;
}

bool TlsChannel::handshakeDone() const
{
    return SSL_is_init_finished(m_ssl) == 1;
}

void TlsChannel::notifyClose()
{
    if (handshakeDone()) {
        ERR_clear_error();
        SSL_shutdown(m_ssl); // one non-blocking try: the close goes ahead either way
        ERR_clear_error();
    }
}
