#pragma once

#include <QByteArrayView>
#include <QString>

// What makes a publish token good enough. Guessing it must be pointless, not merely slow:
// the server never refuses the right token because of anyone's wrong guesses (a shared
// address, a proxy, a web page could otherwise lock the publisher out), so its length is
// the only defence. The generated token is 32 random bytes (256 bits, 43 characters of
// base64url); one given by hand (--token, LIVEDESK_TOKEN, the settings) must meet this bar,
// or the server refuses to start and says why.
class PublishToken final
{
public:
    // 22 random characters of base64url are 132 bits. The distinct-character rule catches
    // "aaaaaaaaaaaaaaaaaaaaaa" and "abababab…", which pass any length rule.
    static constexpr qsizetype MinLength = 22;
    static constexpr int MinDistinct = 10;

    PublishToken() = delete;

    // True when `token` meets the bar; otherwise false, with the reason and what to do.
    static bool isStrong(QByteArrayView token, QString *error);
};
