#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

// How the console words an event's data, per type (news flash, score, commentary,
// correction, retraction, anything else), in the two forms it shows: one line for the
// broadcast history, several for the viewer pane, which reads like the viewers' page. One
// place, so the history and the pane never disagree about what an event says.
class EventRenderer final
{
    Q_DECLARE_TR_FUNCTIONS(EventRenderer)

public:
    EventRenderer() = delete;

    // One line, raw kinds: "URGENT: Headline — body", "Home 1–0 Away (23')", "23' [goal] …".
    static QString summary(QStringView type, const QJsonValue &data);
    // As a viewer reads it: labels in the interface language, the body on its own line. The
    // pane hands a payload that is not an object over as {"text": …}.
    static QString viewerText(QStringView type, const QJsonObject &data);
    // A match's clock event as the pane's clock bar shows it: "Home – Away  23:05 (1st half)".
    static QString clockLine(const QJsonObject &clock);

private:
    enum class Form { Summary, Viewer };

    static QString render(QStringView type, const QJsonValue &data, Form form);
    static QString newsFlash(const QJsonObject &data, Form form);
    static QString score(const QJsonObject &data, Form form);
    static QString commentary(const QJsonObject &data, Form form);
    static QString amendment(QStringView type, const QJsonValue &data, Form form);
    static QString other(QStringView type, const QJsonValue &data, Form form);
};
