#pragma once

#include <QString>

// The viewer page's words in English and Simplified Chinese: the same words as its script
// (resources/web/app.js, T and KINDS), since the script takes over the server's HTML and
// must not change a word of it.
class PageWords final
{
public:
    enum class Language { English, Chinese };

    explicit PageWords(Language language)
        : m_zh(language == Language::Chinese)
    { }

    // The language a request's Accept-Language prefers: Chinese when its first choice is.
    static Language fromAcceptLanguage(QByteArrayView acceptLanguage);

    bool chinese() const { return m_zh; }
    QString lang() const { return m_zh ? QStringLiteral("zh-CN") : QStringLiteral("en"); }
    QString title() const { return m_zh ? QStringLiteral("实时直播") : QStringLiteral("Live"); }
    QString all() const
    {
        return m_zh ? QStringLiteral("全部频道") : QStringLiteral("All channels");
    }
    QString channels() const { return m_zh ? QStringLiteral("频道") : QStringLiteral("Channels"); }
    QString empty() const;
    QString urgent() const { return m_zh ? QStringLiteral("紧急") : QStringLiteral("Urgent"); }
    QString news() const { return m_zh ? QStringLiteral("快讯") : QStringLiteral("News"); }
    QString corrected() const
    {
        return m_zh ? QStringLiteral("已更正") : QStringLiteral("corrected");
    }
    QString close() const { return m_zh ? QStringLiteral("关闭") : QStringLiteral("Close"); }
    QString ended() const { return m_zh ? QStringLiteral("已结束") : QStringLiteral("Ended"); }
    QString key() const { return m_zh ? QStringLiteral("关键时刻") : QStringLiteral("Key moment"); }
    QString keys() const
    {
        return m_zh ? QStringLiteral("关键时刻") : QStringLiteral("Key moments");
    }
    QString pinned() const { return m_zh ? QStringLiteral("置顶") : QStringLiteral("Pinned"); }
    QString pinnedList() const { return m_zh ? QStringLiteral("置顶") : QStringLiteral("Pinned"); }
    QString by(const QString &name) const;
    QString share() const { return m_zh ? QStringLiteral("分享") : QStringLiteral("Share"); }
    QString pause() const { return m_zh ? QStringLiteral("暂停") : QStringLiteral("Pause"); }
    QString olderPosts() const
    {
        return m_zh ? QStringLiteral("显示更早的内容") : QStringLiteral("Show older posts");
    }
    QString timeline() const
    {
        return m_zh ? QStringLiteral("直播内容") : QStringLiteral("Live updates");
    }
    QString scoreboards() const
    {
        return m_zh ? QStringLiteral("比分") : QStringLiteral("Scoreboards");
    }
    // A match period by its wire value (Match::periodKey); unknown ones as they are.
    QString period(const QString &key) const;
    // A commentary kind's icon and label (server/domain/commentarykind.h); unknown kinds get
    // a speech bubble and their own name.
    QString kindIcon(const QString &kind) const;
    QString kindLabel(const QString &kind) const;

private:
    bool m_zh;
};
