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
// Whatever it lets through, Qt 6.4's own parser must read the same way: an HTTP/1.0 or 1.1
// request in origin form, headers Qt's parser keeps (it silently drops all of them past 100
// lines or a line over 8 KiB), one Content-Length and no Transfer-Encoding, and no WebSocket
// upgrade (which Qt would answer twice). Only this first request is ever parsed on a
// connection (HttpServer stops Qt reading after it), so nothing it hides reaches a route.
class RequestHead final
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 16 * 1024;
        qsizetype maxBodyBytes = 64 * 1024;
    };

    // Qt 6.4's header parser (QHttpHeaderParser) gives up on a head past these, and the
    // request then reaches handleRequest() with no headers at all.
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
    };

    RequestHead() = delete;

    // `bytes` is everything received so far (at most maxHeadBytes + maxBodyBytes + 1 of it
    // is looked at). Never reads past `bytes`; any input is safe.
    static Result check(QByteArrayView bytes, const Limits &limits);
    // How many bytes check() may need to see.
    static qsizetype window(const Limits &limits)
    {
        return limits.maxHeadBytes + limits.maxBodyBytes + 1;
    }
};
