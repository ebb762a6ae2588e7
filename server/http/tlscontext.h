#pragma once

#include <QString>

#include <memory>

struct ssl_ctx_st;
class TlsChannel;

// The server's TLS setup, loaded once at start (--tls-cert, --tls-key): a PEM certificate
// (with its chain, leaf first) and its private key, TLS 1.2 and newer only. One per server;
// each accepted connection gets its TlsChannel from it.
class TlsContext final
{
public:
    // Nullptr with a one-line reason: a file that cannot be read, a file that holds no
    // certificate or key, a key that is not the certificate's.
    static std::unique_ptr<TlsContext> load(
        const QString &certificateFile, const QString &keyFile, QString *error);
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    // A channel for the accepted descriptor `fd`, its handshake still to come; nullptr if
    // OpenSSL cannot make one (out of memory).
    std::unique_ptr<TlsChannel> accept(int fd) const;

    // Frees this thread's OpenSSL state (its error queue, say) now. OpenSSL otherwise frees
    // it from a thread-exit destructor, which runs after QThread::wait() has returned: a
    // process that exits then (a start that failed on a bad key) frees the same state from
    // its atexit cleanup at the same time, a double free ASan caught once in 35 runs.
    static void releaseThread();

private:
    explicit TlsContext(ssl_ctx_st *context);

    ssl_ctx_st *m_context;
};
