#pragma once

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>

// What the server's audience looked like at one moment (AudienceSampler): its open streams,
// per channel (a stream of every channel counts under each), and the counters the charts
// turn into rates.
struct AudienceSample
{
    QDateTime time; // UTC
    int viewers = 0;
    QMap<QString, int> channels;
    quint64 published = 0; // events accepted by the hub since start
    quint64 dropped = 0; // slow subscribers dropped since start
};

Q_DECLARE_METATYPE(AudienceSample)
