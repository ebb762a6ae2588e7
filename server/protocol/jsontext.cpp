#include "protocol/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace JsonText {

QByteArray of(const QJsonValue &value)
{
    const QJsonValue defined = value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
    const QByteArray wrapped = QJsonDocument(QJsonArray { defined }).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonValue parse(const QByteArray &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']');
    return doc.isArray() && doc.array().size() == 1 ? doc.array().at(0) : QJsonValue();
}

} // namespace JsonText
