#include "http/descriptornotifier.h"

#include <QEvent>

DescriptorNotifier::DescriptorNotifier(int fd, Type type, DescriptorListener *listener)
    : QSocketNotifier(fd, type)
    , m_listener(listener)
{ }

DescriptorNotifier::~DescriptorNotifier() = default;

bool DescriptorNotifier::event(QEvent *e)
{
    if (e->type() != QEvent::SockAct)
        return QSocketNotifier::event(e);
    m_listener->descriptorReady(type());
    return true;
}
