#include "draftstore.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_DraftStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aMissingFileIsNoDrafts();
    void draftsComeBackAsSaved();
    void aDamagedFileIsReportedAndReadsAsEmpty_data();
    void aDamagedFileIsReportedAndReadsAsEmpty();
    void anUnwritableDirectoryIsReported();
};

void tst_DraftStore::aMissingFileIsNoDrafts()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(DraftStore(dir.path()).load(&error).isEmpty());
    QVERIFY(error.isEmpty());
}

void tst_DraftStore::draftsComeBackAsSaved()
{
    QTemporaryDir dir;
    const QJsonObject drafts { { u"news"_s,
                                   QJsonObject { { u"headline"_s, u"Breaking: 红牌"_s } } },
        { u"match-a-b"_s, QJsonObject { { u"text"_s, u"Kick-off\nat the Emirates"_s } } } };
    QString error;
    DraftStore store(dir.path());
    QVERIFY2(store.save(drafts, &error), qPrintable(error));
    QCOMPARE(DraftStore(dir.path()).load(&error), drafts);
    QVERIFY(error.isEmpty());
}

void tst_DraftStore::aDamagedFileIsReportedAndReadsAsEmpty_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("cut short") << QByteArray(R"({"news":{"headline":"Bre)");
    QTest::newRow("an array") << QByteArray("[1,2]");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe", 3);
    QTest::newRow("empty") << QByteArray();
}

void tst_DraftStore::aDamagedFileIsReportedAndReadsAsEmpty()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QFile file(store.fileName());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QString error;
    QVERIFY(store.load(&error).isEmpty());
    QVERIFY2(error.contains(u"not a drafts file"_s), qPrintable(error));
}

void tst_DraftStore::anUnwritableDirectoryIsReported()
{
    QTemporaryDir dir;
    DraftStore store(dir.filePath(u"no-such-dir"_s));
    QString error;
    QVERIFY(!store.save(QJsonObject { { u"news"_s, QJsonObject {} } }, &error));
    QVERIFY2(error.startsWith(u"cannot save the drafts"_s), qPrintable(error));
}

QTEST_MAIN(tst_DraftStore)
#include "tst_draftstore.moc"
