#include "http/tlscontext.h"

#include "http/tlschannel.h"

#include <QFile>

#include <cerrno>
#include <cstdint>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

// OpenSSL's newest queued reason, in words, and the queue emptied.
QString sslReason()
{
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return u"no reason given"_s;
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    // "error:0A00018F:SSL routines::ee key too small" -> "ee key too small"
    const QString reason = QString::fromLatin1(ERR_reason_error_string(code));
    return reason.isEmpty() ? QString::fromLatin1(text) : reason;
}

// Said before OpenSSL is asked, in the words a person expects ("No such file or directory").
bool readable(const QString &file, const QString &what, QString *error)
{
    QFile probe(file);
    if (probe.open(QIODevice::ReadOnly))
        return true;
    *error = u"cannot read the TLS %1 %2: %3"_s.arg(what, file, probe.errorString());
    return false;
}

// OpenSSL's own socket BIO write()s, which raises SIGPIPE on a peer that is gone and
// blocks on a blocking descriptor. This one is the connection classes' send()/recv():
// MSG_NOSIGNAL | MSG_DONTWAIT, EAGAIN as "retry".
int fd(BIO *bio)
{
    return int(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

int bioWrite(BIO *bio, const char *data, int size)
{
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do
        n = ::send(fd(bio), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_write(bio);
    return int(n);
}

int bioRead(BIO *bio, char *data, int size)
{
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do
        n = ::recv(fd(bio), data, size_t(size), MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_read(bio);
    return int(n);
}

long bioControl(BIO *, int command, long, void *)
{
    return command == BIO_CTRL_FLUSH ? 1 : 0; // nothing is buffered here
}

int bioCreate(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD *socketMethod()
{
    static BIO_METHOD *method = [] {
        BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "livedesk");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_ctrl(m, bioControl);
        BIO_meth_set_create(m, bioCreate);
        return m;
    }();
    return method;
}

} // namespace

TlsContext::TlsContext(ssl_ctx_st *context)
    : m_context(context)
{ }

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

std::unique_ptr<TlsContext> TlsContext::load(
    const QString &certificateFile, const QString &keyFile, QString *error)
{
    if (!readable(certificateFile, u"certificate"_s, error) || !readable(keyFile, u"key"_s, error))
        return nullptr;
    ERR_clear_error();
    SSL_CTX *raw = SSL_CTX_new(TLS_server_method());
    if (!raw) {
        *error = u"cannot set up TLS: %1"_s.arg(sslReason());
        return nullptr;
    }
    std::unique_ptr<TlsContext> context(new TlsContext(raw));
    SSL_CTX_set_min_proto_version(raw, TLS1_2_VERSION);
    // A peer that closes without close_notify has simply gone, as over plain TCP.
    SSL_CTX_set_options(raw, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
    // A connection's queue hands SSL_write whatever part of a buffer is left, and may
    // retry from another buffer after the kernel said EAGAIN: both are this model.
    SSL_CTX_set_mode(raw,
        SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
            | SSL_MODE_RELEASE_BUFFERS);
    // Tickets let a reconnecting viewer skip most of a full handshake (a stadium's burst).
    SSL_CTX_set_session_cache_mode(raw, SSL_SESS_CACHE_SERVER);
    const QByteArray certificatePath = QFile::encodeName(certificateFile);
    const QByteArray keyPath = QFile::encodeName(keyFile);
    if (SSL_CTX_use_certificate_chain_file(raw, certificatePath.constData()) != 1) {
        *error = u"%1 holds no usable PEM certificate: %2"_s.arg(certificateFile, sslReason());
        return nullptr;
    }
    const QString mismatch
        = u"the TLS key %1 is not the key of the certificate %2"_s.arg(keyFile, certificateFile);
    if (SSL_CTX_use_PrivateKey_file(raw, keyPath.constData(), SSL_FILETYPE_PEM) != 1) {
        // OpenSSL checks the pair as it loads the key.
        const bool theirs = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
        *error = theirs ? mismatch
                        : u"%1 holds no usable PEM private key: %2"_s.arg(keyFile, sslReason());
        ERR_clear_error();
        return nullptr;
    }
    if (SSL_CTX_check_private_key(raw) != 1) {
        ERR_clear_error();
        *error = mismatch;
        return nullptr;
    }
    return context;
}

void TlsContext::releaseThread()
{
    OPENSSL_thread_stop();
}

std::unique_ptr<TlsChannel> TlsContext::accept(int fd) const
{
    SSL *ssl = SSL_new(m_context);
    BIO *bio = ssl ? BIO_new(socketMethod()) : nullptr;
    if (!bio) {
        SSL_free(ssl);
        ERR_clear_error();
        return nullptr;
    }
    BIO_set_data(bio, reinterpret_cast<void *>(std::intptr_t(fd)));
    SSL_set_bio(ssl, bio, bio); // the SSL owns the BIO (one reference for both sides)
    SSL_set_accept_state(ssl);
    return std::make_unique<TlsChannel>(ssl);
}
