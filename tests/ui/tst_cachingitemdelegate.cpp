#include "cachingitemdelegate.h"

#include <QStandardItemModel>
#include <QTest>

using namespace Qt::StringLiterals;

// The viewer pane's delegate measures a text once, and again whenever what decides its size
// changes: the text, the font, the width, the wrapping.
class tst_CachingItemDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void measuresLikeTheStyledDelegateAndOnlyOnce();
    void startsOverWhenFull();
};

namespace {

QStyleOptionViewItem wrappedAt(int width)
{
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, width, 20);
    option.features = QStyleOptionViewItem::WrapText;
    option.font = QFont(u"Sans"_s, 10);
    option.fontMetrics = QFontMetrics(option.font);
    return option;
}

// What the styled delegate measures, with the half line of slack a multi-line item gets
// (see CachingItemDelegate::sizeHint: mixed-script lines are laid out taller than measured).
QSize measured(
    const QStyledItemDelegate &plain, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    QSize size = plain.sizeHint(option, index);
    if (index.data().toString().contains(u'\n'))
        size.rheight() += QFontMetrics(option.font).lineSpacing() / 2;
    return size;
}

} // namespace

void tst_CachingItemDelegate::measuresLikeTheStyledDelegateAndOnlyOnce()
{
    QStandardItemModel model;
    model.appendRow(new QStandardItem(u"#1 · 20:15:07\nA headline long enough to wrap at a narrow "
                                      u"width, and then some more words"_s));
    const QModelIndex index = model.index(0, 0);
    CachingItemDelegate caching(100);
    QStyledItemDelegate plain;

    const QSize narrow = caching.sizeHint(wrappedAt(120), index);
    QCOMPARE(narrow, measured(plain, wrappedAt(120), index));
    QCOMPARE(caching.cachedCount(), 1);
    QCOMPARE(caching.sizeHint(wrappedAt(120), index), narrow);
    QCOMPARE(caching.cachedCount(), 1); // the second answer came from the cache

    // Wider: fewer lines. Each change of what decides the size is measured afresh.
    const QSize wide = caching.sizeHint(wrappedAt(2000), index);
    QCOMPARE(wide, measured(plain, wrappedAt(2000), index));
    QVERIFY(wide.height() < narrow.height());
    QCOMPARE(caching.cachedCount(), 2);

    QFont bold(u"Sans"_s, 10);
    bold.setBold(true);
    bold.setStrikeOut(true);
    model.setData(index, bold, Qt::FontRole);
    QCOMPARE(caching.sizeHint(wrappedAt(120), index), measured(plain, wrappedAt(120), index));
    QCOMPARE(caching.cachedCount(), 3);

    model.setData(index, u"#1 · 20:15:07\nShort"_s, Qt::DisplayRole);
    const QSize corrected = caching.sizeHint(wrappedAt(120), index);
    QCOMPARE(corrected, measured(plain, wrappedAt(120), index));
    QVERIFY(corrected.height() < narrow.height());
    QCOMPARE(caching.cachedCount(), 4);
}

void tst_CachingItemDelegate::startsOverWhenFull()
{
    QStandardItemModel model;
    for (int i = 0; i < 10; ++i)
        model.appendRow(new QStandardItem(u"row %1"_s.arg(i)));
    CachingItemDelegate caching(4);
    for (int i = 0; i < 10; ++i) {
        caching.sizeHint(wrappedAt(300), model.index(i, 0));
        QVERIFY(caching.cachedCount() <= 4);
    }
    QCOMPARE(caching.cachedCount(), 2); // 10 = 4 + 4 + 2
}

QTEST_MAIN(tst_CachingItemDelegate)
#include "tst_cachingitemdelegate.moc"
