#pragma once

#include <QByteArray>
#include <QJsonValue>

// Any JSON value as compact text, and back: QJsonDocument takes only arrays and objects,
// while an event's data may be a string, a number or null. An undefined value is written as
// null; text that is not one JSON value reads as undefined.
namespace JsonText {

QByteArray of(const QJsonValue &value);
QJsonValue parse(const QByteArray &text);

} // namespace JsonText
