#include "http/descriptortable.h"

#include <QFile>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

// The size of this process's descriptor table, as the kernel reports it.
int tableSize()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("FDSize:"))
            return line.mid(7).trimmed().toInt();
    }
    return -1;
}

} // namespace

class tst_DescriptorTable final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growsTheTableOnce();
    void staysWithinTheLimit();
    void nothingAskedNothingDone();
};

void tst_DescriptorTable::growsTheTableOnce()
{
    // Threads share the table, and that is when growing it waits for RCU: test it so.
    QThread other;
    other.start();
    const int before = tableSize();
    QVERIFY(before > 0);
    const int wanted = qMax(before * 4, 4096);
    QCOMPARE(DescriptorTable::reserve(wanted), wanted);
    QVERIFY2(tableSize() >= wanted, qPrintable(QString::number(tableSize())));
    // Nothing is left open: the next descriptor is a low one, as before.
    const int next = ::dup(STDERR_FILENO);
    QVERIFY(next >= 0);
    QVERIFY(next < before);
    ::close(next);
    other.quit();
    other.wait();
}

void tst_DescriptorTable::staysWithinTheLimit()
{
    rlimit limit {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    const int cap = int(qMin<rlim_t>(limit.rlim_cur, rlim_t(DescriptorTable::MaxReserved)));
    QCOMPARE(DescriptorTable::reserve(10'000'000), cap);
}

void tst_DescriptorTable::nothingAskedNothingDone()
{
    QCOMPARE(DescriptorTable::reserve(0), 0);
    QCOMPARE(DescriptorTable::reserve(-5), 0);
}

QTEST_GUILESS_MAIN(tst_DescriptorTable)
#include "tst_descriptortable.moc"
