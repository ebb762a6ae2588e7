#include "domain/desk.h"
#include "hub/eventhub.h"
#include "newspanel.h"

#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

// The interface comes complete in English and Simplified Chinese.
class tst_Translations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chineseIsCompleteForTheCurrentSources();
    void loadingChineseShowsChineseOnTheMainActions();
    void bothLanguagesAreCompiledIn();
};

void tst_Translations::chineseIsCompleteForTheCurrentSources()
{
    // Update a copy of the committed file from today's sources: any string added since it was
    // translated would show up as unfinished.
    QTemporaryDir dir;
    const QString copy = dir.filePath(u"livedesk_zh_CN.ts"_s);
    QVERIFY(QFile::copy(
        QStringLiteral(LIVEDESK_SOURCE_DIR) + u"/translations/livedesk_zh_CN.ts"_s, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(LIVEDESK_SOURCE_DIR));
    lupdate.start(QStringLiteral(LUPDATE_EXECUTABLE),
        { u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"ui"_s, u"server"_s, u"app"_s, u"-ts"_s,
            copy });
    QVERIFY(lupdate.waitForFinished(60000));
    QCOMPARE(lupdate.exitCode(), 0);

    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"message")
            ++messages;
        else if (xml.name() == u"source")
            source = xml.readElementText();
        else if (xml.name() == u"translation"
            && (xml.attributes().value(u"type"_s) == u"unfinished"
                || xml.attributes().value(u"type"_s) == u"vanished"))
            unfinished << source;
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 100);
    QVERIFY2(unfinished.isEmpty(), qPrintable(u"untranslated: "_s + unfinished.join(u" | "_s)));
}

void tst_Translations::loadingChineseShowsChineseOnTheMainActions()
{
    QTranslator translator;
    QVERIFY(translator.load(u":/i18n/livedesk_zh_CN.qm"_s));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    EventHub hub(10);
    Desk desk(&hub);
    NewsPanel panel(&desk);
    const QString send = panel.findChild<QPushButton *>(u"sendFlashButton"_s)->text();
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(send, u"发送快讯"_s);
    QString error;
    desk.publishNewsFlash(QString(), QString(), false, nullptr,
        [&error](const PublishOutcome &outcome) { error = outcome.error; });
    QVERIFY(!error.isEmpty());
}

void tst_Translations::bothLanguagesAreCompiledIn()
{
    for (const QString &language : { u"en"_s, u"zh_CN"_s }) {
        QTranslator translator;
        QVERIFY2(translator.load(u":/i18n/livedesk_%1.qm"_s.arg(language)), qPrintable(language));
        QVERIFY(!translator.isEmpty());
    }
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
