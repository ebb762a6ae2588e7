#pragma once

#include "http/httpresponse.h"

#include <QByteArrayView>
#include <QString>

// The connection guard's judgement of what a client has sent so far, as a pure function of
// the bytes and the limits (no socket), so it is tested and fuzzed on its own.
//
//   - Incomplete: wait for more (the guard's timer bounds how long);
//   - Complete: the head is valid and the whole body, within its limit, has arrived;
//   - Reject: answer `status` with `message` (and `headers`), then close.
//
// What it lets through is exactly what the routes see: the guard builds each HttpRequest from
// this parse (the head's fields, and `length` bytes of the connection), so no second parser
// can read the same bytes another way. It takes an HTTP/1.0 or 1.1 request in origin form,
// at most 100 header lines of at most 8 KiB each, one Content-Length and no
// Transfer-Encoding, and no WebSocket upgrade. Every request on a kept connection is checked
// here afresh, from the first byte after the one before it.
class RequestHead final
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 16 * 1024;
        qsizetype maxBodyBytes = 64 * 1024;
        // A photo (POST /api/media) may be larger; the guard takes such a body only from a
        // client whose head carries the publish token (GuardedTcpServer).
        qsizetype maxUploadBytes = 10 * 1024 * 1024;
    };
    // The one request whose body may reach maxUploadBytes.
    static bool isUpload(QByteArrayView method, QByteArrayView path)
    {
        return method == "POST" && path == "/api/media";
    }

    // Generous for any real client (Qt's own header parser gives up past the same), and a
    // bound on what one head costs to parse.
    static constexpr int MaxHeaderLines = 100;
    static constexpr qsizetype MaxHeaderLineBytes = 8 * 1024;

    enum class Verdict { Incomplete, Complete, Reject };

    struct Result
    {
        Verdict verdict = Verdict::Incomplete;
        int status = 0; // Reject only
        QString message; // Reject only
        HttpResponse::Headers headers; // Reject only: e.g. Allow
        // Incomplete only: the head is complete and valid, the body is still to come, and
        // the client waits for "100 Continue" before it sends it (Expect: 100-continue).
        bool expectsContinue = false;
        // Once the head is complete and valid (Complete, or Incomplete with the body to
        // come): what the guard needs to know who is asking before any route runs.
        bool headComplete = false;
        QByteArray method;
        QByteArray path; // the target without its query
        QByteArray authorization; // the first Authorization value, trimmed
        QByteArray target; // the whole request target, query included
        // Whether the client lets the connection stay open after the answer: HTTP/1.1 unless
        // it sent "Connection: close", HTTP/1.0 only with "Connection: keep-alive".
        bool keepAlive = false;
        HttpResponse::Headers fields; // every header line: the name as sent, the value trimmed
        qsizetype headBytes = 0; // the request line and headers, blank line included
        // Complete only: the head and its body, so where a pipelined next request starts.
        qsizetype length = 0;
        qint64 contentLength = 0; // once the head is complete
        bool upload = false; // isUpload(): its body may reach maxUploadBytes
    };

    RequestHead() = delete;

    // `bytes` is everything received so far (at most maxHeadBytes + maxUploadBytes + 1 of it
    // is looked at). Never reads past `bytes`; any input is safe.
    static Result check(QByteArrayView bytes, const Limits &limits);
    // How many bytes check() may need to see of any request but an upload.
    static qsizetype window(const Limits &limits)
    {
        return limits.maxHeadBytes + limits.maxBodyBytes + 1;
    }
    static qsizetype uploadWindow(const Limits &limits)
    {
        return limits.maxHeadBytes + qMax(limits.maxBodyBytes, limits.maxUploadBytes) + 1;
    }
};
