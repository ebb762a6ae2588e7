#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

// How many viewers one node serves: its open streams in all, and per channel. A stream of
// several channels counts under each of them, and one of every channel under "*", so the
// channels need not add up to the total.
struct NodeAudience
{
    QString node;
    int viewers = 0;
    QMap<QString, int> channels;

    // {"node","viewers","channels":{…}}, as Redis keeps it and /api/state shows it.
    QJsonObject toJson() const;
    // Nullopt for anything that is not such a document (another program's key, a report
    // from a newer LiveDesk that changed the form): it is left out, not guessed at.
    static std::optional<NodeAudience> fromJson(const QByteArray &json);
};
