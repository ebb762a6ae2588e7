#include "http/publishtoken.h"

#include <bitset>

using namespace Qt::StringLiterals;

bool PublishToken::isStrong(QByteArrayView token, QString *error)
{
    std::bitset<256> seen;
    for (const char c : token)
        seen.set(uchar(c));
    const auto distinct = int(seen.count());
    if (token.size() >= MinLength && distinct >= MinDistinct)
        return true;
    *error = u"the publish token is too weak: a token given by hand needs at least %1 "
             "characters, at least %2 of them different, and this one has %3 (%4 different). "
             "Leave it out to have a strong one generated, or make one with \"openssl rand "
             "-base64 32\""_s.arg(MinLength)
                 .arg(MinDistinct)
                 .arg(token.size())
                 .arg(distinct);
    return false;
}
