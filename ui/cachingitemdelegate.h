#pragma once

#include <QHash>
#include <QSize>
#include <QStyledItemDelegate>

// A QStyledItemDelegate that remembers the size of each text it has measured.
//
// A QListView without uniform item sizes lays out every row again after each insertion, and
// a word-wrapped row is measured by shaping its whole text. The viewer pane inserts up to 50
// rows a second into a list of 200: measured afresh, that was most of the GUI thread's time
// while broadcasting. Texts rarely change, so the sizes are cached by what decides them
// (text, font, available width, wrapping) and the layout becomes 200 hash lookups.
class CachingItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CachingItemDelegate)

public:
    // Above this many sizes the cache starts over (a few times the rows a view holds).
    explicit CachingItemDelegate(qsizetype capacity, QObject *parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    qsizetype cachedCount() const { return m_sizes.size(); }

private:
    const qsizetype m_capacity;
    mutable QHash<QString, QSize> m_sizes;
};
