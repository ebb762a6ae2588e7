#include "store/idfloor.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_IdFloor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aMissingFileIsFloorZero();
    void reservesInBlocksAndSettlesExactly();
    void raiseNeverLowers();
    void aDamagedFileIsAnError_data();
    void aDamagedFileIsAnError();
    void aFloorThatCannotBeWrittenCoversNothing();

private:
    QString journalPath() const { return m_dir.filePath(u"journal.sqlite"_s); }
    void reset() { QFile::remove(m_dir.filePath(u"journal.ids"_s)); }

    QTemporaryDir m_dir;
};

void tst_IdFloor::aMissingFileIsFloorZero()
{
    reset();
    IdFloor floor(journalPath());
    QCOMPARE(floor.filePath(), m_dir.filePath(u"journal.ids"_s));
    QString error;
    QVERIFY(floor.load(&error));
    QCOMPARE(floor.floor(), 0u);
    QVERIFY(!QFile::exists(floor.filePath())); // loading writes nothing
}

void tst_IdFloor::reservesInBlocksAndSettlesExactly()
{
    reset();
    QString error;
    {
        IdFloor floor(journalPath(), 10);
        QVERIFY(floor.load(&error));
        QVERIFY(floor.cover(1, &error));
        QCOMPARE(floor.floor(), 10u);
        const QDateTime written = QFileInfo(floor.filePath()).lastModified();
        for (quint64 id = 2; id <= 10; ++id)
            QVERIFY(floor.cover(id, &error));
        QCOMPARE(QFileInfo(floor.filePath()).lastModified(), written); // one write a block
        QVERIFY(floor.cover(11, &error));
        QCOMPARE(floor.floor(), 20u);
    }
    {
        IdFloor crashed(journalPath(), 10); // what a restart after a kill reads
        QVERIFY(crashed.load(&error));
        QCOMPARE(crashed.floor(), 20u);
        QVERIFY(crashed.settle(11, &error)); // a clean close at id 11
    }
    IdFloor clean(journalPath(), 10);
    QVERIFY(clean.load(&error));
    QCOMPARE(clean.floor(), 11u);
}

void tst_IdFloor::raiseNeverLowers()
{
    reset();
    IdFloor floor(journalPath());
    QString error;
    QVERIFY(floor.raise(500, &error));
    QVERIFY(floor.raise(300, &error));
    QCOMPARE(floor.floor(), 500u);
    IdFloor again(journalPath());
    QVERIFY(again.load(&error));
    QCOMPARE(again.floor(), 500u);
}

void tst_IdFloor::aDamagedFileIsAnError_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("not JSON") << QByteArray("\x7f\x01garbage");
    QTest::addRow("no floor") << QByteArray(R"({"other":1})");
    QTest::addRow("a string") << QByteArray(R"({"noIdAbove":"12"})");
    QTest::addRow("negative") << QByteArray(R"({"noIdAbove":-5})");
    QTest::addRow("a fraction") << QByteArray(R"({"noIdAbove":1.5})");
}

void tst_IdFloor::aDamagedFileIsAnError()
{
    QFETCH(QByteArray, content);
    IdFloor floor(journalPath());
    QFile file(floor.filePath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    QString error;
    QVERIFY(!floor.load(&error));
    QVERIFY2(error.contains(u"damaged"_s), qPrintable(error));
    QVERIFY2(error.contains(floor.filePath()), qPrintable(error));
}

void tst_IdFloor::aFloorThatCannotBeWrittenCoversNothing()
{
    reset();
    IdFloor floor(journalPath());
    QString error;
    QVERIFY(floor.load(&error));
    QVERIFY(QDir().mkdir(floor.filePath()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot record the event ids"_s));
    QVERIFY(!floor.cover(1, &error));
    QCOMPARE(floor.floor(), 0u);
    QVERIFY(QDir().rmdir(floor.filePath()));
    QVERIFY(floor.cover(1, &error));
}

QTEST_GUILESS_MAIN(tst_IdFloor)
#include "tst_idfloor.moc"
