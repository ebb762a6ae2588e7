#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

// How the console words an event, in the two places it shows one: a line of the broadcast
// history, and the viewer pane, which draws what the viewers' page (resources/web/app.js)
// draws, word for word, so the two never disagree. The rules mirrored from app.js are named
// after the function there that has them; a change on one side is a change on the other
// (tests/parity holds both to one expected rendering).
class EventRenderer final
{
    Q_DECLARE_TR_FUNCTIONS(EventRenderer)

public:
    EventRenderer() = delete;

    // One timeline item as draw() makes it: the words of its meta line (minute, label,
    // match, "corrected"; the page's icons are decoration and not among them) and the lines
    // under it (headline and body, or the text).
    struct Card
    {
        QStringList meta;
        QStringList lines;
        bool urgent = false;
    };
    // One scoreboard as drawBoard() makes it.
    struct Board
    {
        QString teams;
        QString names; // the teams once both are known, else empty (for the items' match tag)
        QString score;
        QString clock;
        QString state; // "Ended" once the match is at full time, else empty
        bool ended = false;
    };

    // One history line: "URGENT: Headline — body", "Home 1–0 Away (23')", "23' [Goal] …"
    // (kinds translated; the neutral kind has no tag).
    static QString summary(QStringView type, const QJsonValue &data);
    // An event type in the interface language ("News flash"); an unknown type as it is.
    static QString typeLabel(QStringView type);
    // A commentary kind as viewers read it ("Yellow card"); empty for the neutral kind, the
    // kind itself when unknown.
    static QString kindLabel(const QString &kind);
    // A period's wire value ("half-time") as viewers read it ("Half-time").
    static QString periodLabel(const QString &key);
    // "Home – Away", or empty until both names are known.
    static QString teams(const QJsonObject &data);

    // draw(): `match` is the item's match as its board names it (empty: not shown).
    static Card card(
        QStringView type, const QJsonValue &data, const QString &match, bool corrected);
    // The card as the pane's list shows it: the meta words joined by " · ", then each line.
    static QString cardText(const Card &card);
    // drawBoard(): a match's newest score and clock (either may be empty); the newer of the
    // two decides the names and the period.
    static Board board(const QJsonObject &score, const QJsonObject &clock, bool scoreIsNewer);
    // showBanner(): "Urgent: headline".
    static QString banner(const QJsonValue &flash);

private:
    static Card newsFlashCard(const QJsonObject &data);
    static Card commentaryCard(const QJsonObject &data, const QString &match);
    static void addPhoto(Card *card, const QJsonObject &photo);
    static QString newsFlash(const QJsonObject &data);
    static QString score(const QJsonObject &data);
    static QString commentary(const QJsonObject &data);
    static QString amendment(QStringView type, const QJsonValue &data);
};
