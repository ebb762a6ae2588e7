#pragma once

#include "hub/publisher.h"

#include <QJsonValue>
#include <QObject>
#include <QTimer>

#include <chrono>

// A demo source, the LiveDesk twin of NestJS's interval(1000): every tick it publishes a
// sample news flash on "news" and a match-clock tick on "match-1", through the same Publisher
// as the desk, so a demo run exercises the operator's path. A refusal is logged.
class DemoTicker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoTicker)

public:
    explicit DemoTicker(Publisher *publisher,
        std::chrono::milliseconds interval = std::chrono::seconds(1), QObject *parent = nullptr);

    void start();
    void stop();

public Q_SLOTS:
    void tick();

private:
    void publish(const QString &channel, const QString &type, const QJsonValue &data);

    Publisher *const m_publisher;
    QTimer m_timer;
    int m_ticks = 0;
};
