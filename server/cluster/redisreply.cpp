#include "cluster/redisreply.h"

#include <hiredis/hiredis.h>

RedisReply RedisReply::failure(const QByteArray &why)
{
    RedisReply reply;
    reply.type = Type::Error;
    reply.text = why;
    reply.fromRedis = false;
    return reply;
}

RedisReply RedisReply::from(const redisReply &reply)
{
    RedisReply out;
    switch (reply.type) {
    case REDIS_REPLY_STRING:
        out.type = Type::String;
        break;
    case REDIS_REPLY_STATUS:
        out.type = Type::Status;
        break;
    case REDIS_REPLY_ERROR:
        out.type = Type::Error;
        break;
    case REDIS_REPLY_INTEGER:
        out.type = Type::Integer;
        out.integer = reply.integer;
        return out;
    case REDIS_REPLY_ARRAY:
        out.type = Type::Array;
        out.elements.reserve(qsizetype(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            out.elements.append(from(*reply.element[i]));
        return out;
    default:
        return out; // nil
    }
    out.text = QByteArray(reply.str, qsizetype(reply.len));
    return out;
}
