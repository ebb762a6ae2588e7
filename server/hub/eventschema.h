#pragma once

#include <QJsonValue>
#include <QString>

// The one schema of each event type LiveDesk knows, as docs/api.md ("Event types") lists
// them: what `data` must hold for a news-flash, a commentary entry, a score and a clock. The
// console's desk publishes exactly these fields, and the viewer page, the viewer pane and
// the history read them and no others, so a script that follows the documentation gets the
// post it meant. Types LiveDesk does not know pass as opaque data, shown generically.
// Corrections and retractions have their own rules, judged against their target
// (AmendmentGuard).
namespace EventSchema {

// Whether `type` has a schema here.
bool isKnown(const QString &type);

// Empty when `data` fits the schema of `type` (or `type` has none); otherwise what is wrong,
// naming the field at fault, e.g. "data.homeScore" must be a whole number from 0 to 999.
QString check(const QString &type, const QJsonValue &data);

} // namespace EventSchema
