#pragma once

#include <QByteArray>
#include <QList>

struct redisReply;

// One Redis reply as a value (hiredis frees its own as soon as the callback returns).
struct RedisReply
{
    enum class Type { Nil, Status, Error, Integer, String, Array };

    Type type = Type::Nil;
    QByteArray text; // a status, an error or a string
    qint64 integer = 0;
    QList<RedisReply> elements;
    // False for failure(): Redis said nothing, the link did.
    bool fromRedis = true;

    bool isError() const { return type == Type::Error; }
    // Not from Redis: the link failed (the text says how), so nothing is known of the command.
    static RedisReply failure(const QByteArray &why);
    static RedisReply from(const redisReply &reply);
};
