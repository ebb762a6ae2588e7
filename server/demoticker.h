#pragma once

#include <QJsonValue>
#include <QObject>
#include <QTimer>

#include <chrono>

// A demo source, the LiveDesk twin of NestJS's interval(1000): every tick it asks for a
// sample news flash on "news" and a match-clock tick on "match-1". Like every domain source
// it only emits a signal; app/ connects that to the hub, so it never touches a socket.
class DemoTicker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoTicker)

public:
    explicit DemoTicker(
        std::chrono::milliseconds interval = std::chrono::seconds(1), QObject *parent = nullptr);

    void start();
    void stop();
    int ticks() const { return m_ticks; }

public Q_SLOTS:
    void tick();

Q_SIGNALS:
    void publishRequested(const QString &channel, const QString &type, const QJsonValue &data);

private:
    QTimer m_timer;
    int m_ticks = 0;
};
