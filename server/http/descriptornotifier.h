#pragma once

#include <QSocketNotifier>

// Whoever owns a raw descriptor and wants to hear when it is ready.
class DescriptorListener
{
public:
    virtual void descriptorReady(QSocketNotifier::Type type) = 0;

protected:
    ~DescriptorListener() = default;
};

// A notifier that calls its owner directly when the event loop says the descriptor is ready:
// no signal connection (and no allocation for one) per connection, which adds up when a
// stadium's browsers connect at once. It has no QObject parent: its owner holds it, so no
// child list grows (and is searched on every delete) with the number of connections.
class DescriptorNotifier final : public QSocketNotifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorNotifier)

public:
    DescriptorNotifier(int fd, Type type, DescriptorListener *listener);
    ~DescriptorNotifier() override;

protected:
    bool event(QEvent *e) override;

private:
    DescriptorListener *const m_listener;
};
