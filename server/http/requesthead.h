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
class RequestHead final
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 16 * 1024;
        qsizetype maxBodyBytes = 64 * 1024;
    };

    enum class Verdict { Incomplete, Complete, Reject };

    struct Result
    {
        Verdict verdict = Verdict::Incomplete;
        int status = 0; // Reject only
        QString message; // Reject only
        HttpResponse::Headers headers; // Reject only: e.g. Allow
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
