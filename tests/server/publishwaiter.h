#pragma once

#include "hub/publisher.h"

#include <QJsonValue>
#include <QObject>
#include <QTest>

#include <optional>

// For tests: publish through any Publisher (an EventHub, a ServerHost, a Desk's calls) and
// wait for the outcome, which may arrive at once or later (a hop to another thread).
class PublishWaiter final
{
public:
    // A callback that records the outcome here.
    PublishCallback callback()
    {
        m_outcome.reset();
        return [this](const PublishOutcome &outcome) { m_outcome = outcome; };
    }
    // Waits (without a fixed sleep) until the outcome has arrived; false after 5 s.
    bool wait()
    {
        return QTest::qWaitFor([this] { return m_outcome.has_value(); }, 5000);
    }
    bool arrived() const { return m_outcome.has_value(); }
    PublishOutcome outcome() const { return m_outcome.value_or(PublishOutcome {}); }

    // publish() and wait(): the outcome, or a refusal saying that none arrived.
    static PublishOutcome publish(
        Publisher &publisher, const QString &channel, const QString &type, const QJsonValue &data)
    {
        PublishWaiter waiter;
        publisher.publish(channel, type, data, nullptr, waiter.callback());
        if (!waiter.wait())
            return PublishOutcome::refused(QStringLiteral("no outcome within 5 s"));
        return waiter.outcome();
    }

    // The same under an idempotency key.
    static PublishOutcome publishOnce(Publisher &publisher, const QString &channel,
        const QString &type, const QJsonValue &data, const QString &key)
    {
        PublishWaiter waiter;
        publisher.publishOnce(channel, type, data, key, nullptr, waiter.callback());
        if (!waiter.wait())
            return PublishOutcome::refused(QStringLiteral("no outcome within 5 s"));
        return waiter.outcome();
    }

private:
    std::optional<PublishOutcome> m_outcome;
};
