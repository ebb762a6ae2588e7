#include "idreservation.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_IdReservation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstRunStartsAtZero();
    void reservationIsOnDiskBeforeUse();
    void cleanCloseContinuesWithoutGap();
    void corruptFileIsRefused_data();
    void corruptFileIsRefused();

private:
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static void write(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
};

void tst_IdReservation::firstRunStartsAtZero()
{
    QTemporaryDir dir;
    IdReservation ids(dir.filePath(u"event-ids"_s));
    QString error;
    QVERIFY(ids.load(&error));
    QCOMPARE(ids.lastIdOfPreviousRun(), 0u);
}

void tst_IdReservation::reservationIsOnDiskBeforeUse()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"event-ids"_s);
    IdReservation ids(path, 100);
    QString error;
    QVERIFY(ids.load(&error));
    QCOMPARE(ids.reserveThrough(1), 100u);
    QCOMPARE(read(path), QByteArray("reserved 100\n"));

    // A crash now: the next run starts after everything that may have been used.
    IdReservation next(path, 100);
    QVERIFY(next.load(&error));
    QCOMPARE(next.lastIdOfPreviousRun(), 100u);
}

void tst_IdReservation::cleanCloseContinuesWithoutGap()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"event-ids"_s);
    IdReservation ids(path, 100);
    QString error;
    QVERIFY(ids.load(&error));
    ids.reserveThrough(1);
    QVERIFY(ids.close(42));
    QCOMPARE(read(path), QByteArray("clean 42\n"));
    IdReservation next(path);
    QVERIFY(next.load(&error));
    QCOMPARE(next.lastIdOfPreviousRun(), 42u);
}

void tst_IdReservation::corruptFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addRow("garbage") << QByteArray("\x00\xff junk", 7);
    QTest::addRow("negative") << QByteArray("clean -4\n");
    QTest::addRow("unknown state") << QByteArray("dirty 4\n");
    QTest::addRow("empty") << QByteArray();
}

void tst_IdReservation::corruptFileIsRefused()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"event-ids"_s);
    write(path, content);
    IdReservation ids(path);
    QString error;
    QVERIFY(!ids.load(&error));
    QVERIFY2(error.contains(u"is not a LiveDesk id file"_s), qPrintable(error));
    QCOMPARE(read(path), content); // never overwritten
}

QTEST_APPLESS_MAIN(tst_IdReservation)
#include "tst_idreservation.moc"
