#include "cachingitemdelegate.h"

#include <QFont>
#include <QFontMetrics>

using namespace Qt::StringLiterals;

CachingItemDelegate::CachingItemDelegate(qsizetype capacity, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_capacity(capacity)
{ }

QSize CachingItemDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Everything the measured size depends on, in one key. The font is the item's own when
    // it has one (bold for urgent news).
    const QVariant itemFont = index.data(Qt::FontRole);
    const QString font = itemFont.isValid() ? itemFont.value<QFont>().key() : option.font.key();
    const bool wrap = option.features.testFlag(QStyleOptionViewItem::WrapText);
    const QString key = u"%1|%2|%3|%4"_s.arg(option.rect.width())
                            .arg(wrap ? u'w' : u'n')
                            .arg(font, index.data(Qt::DisplayRole).toString());
    if (const auto cached = m_sizes.constFind(key); cached != m_sizes.cend())
        return cached.value();
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // Qt 6.4 measures a multi-line item whose lines mix scripts ("快讯" over "Plain one", the
    // Chinese kind or urgency tag over Latin text) a little shorter than it then lays it out
    // with the CJK fallback font, and elides it to its first line. Half a line of slack per
    // item keeps every line on screen whatever the script.
    if (index.data(Qt::DisplayRole).toString().contains(u'\n')) {
        const QFont measured = itemFont.isValid() ? itemFont.value<QFont>() : option.font;
        size.rheight() += QFontMetrics(measured).lineSpacing() / 2;
    }
    if (m_sizes.size() >= m_capacity)
        m_sizes.clear();
    m_sizes.insert(key, size);
    return size;
}
