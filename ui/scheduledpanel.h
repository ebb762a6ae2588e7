#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class ScheduleClient;

// The server's scheduled posts (GET /api/scheduled), soonest first: when, where, what. Cancel
// takes one back; Edit takes it back into the news desk to change and schedule again; Send
// now publishes it at once. A post whose time passed while LiveDesk was closed is never sent
// silently: a notice above the list asks, Send them now or Cancel them.
class ScheduledPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduledPanel)

public:
    explicit ScheduledPanel(QWidget *parent = nullptr);

    // Not owned. Lists at once, then every RefreshMs (posts go out on the server's time).
    void setClient(ScheduleClient *client);
    static constexpr int RefreshMs = 5000;
    int count() const { return int(m_posts.size()); }

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // Edit: the post is cancelled on the server and its data handed to the news desk.
    void editRequested(const QJsonObject &data);
    void message(const QString &text, bool error);
    // How many posts wait because their time passed while LiveDesk was closed.
    void missedChanged(int missed);

private:
    void buildLayout();
    void show(const QJsonArray &posts);
    QJsonObject selected() const;
    void cancelSelected();
    void editSelected();
    void sendSelected();
    void sendMissed();
    void cancelMissed();
    QJsonArray missed() const;
    void done(const QString &error, const QString &success);

    ScheduleClient *m_client = nullptr;
    QTableWidget *m_table;
    QWidget *m_notice;
    QLabel *m_noticeText;
    QPushButton *m_sendMissed;
    QPushButton *m_cancelMissed;
    QPushButton *m_cancel;
    QPushButton *m_edit;
    QPushButton *m_send;
    QTimer m_refresh;
    QJsonArray m_posts;
};
