#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

// The fields of one news flash: headline, body, urgent. NewsPanel composes with it and the
// correction editor edits a sent flash with it; both check with Desk::checkNewsFlash, the
// rule publishing applies.
class NewsFlashForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsFlashForm)

public:
    explicit NewsFlashForm(QWidget *parent);

    // {"headline","body","urgent"} as the wire carries them.
    QJsonObject fields() const;
    void setFields(const QJsonObject &f);
    bool check(QString *error) const;
    // Everything as typed (untrimmed), for keeping a draft; setFields() puts it back.
    QJsonObject draft() const;
    bool isUrgent() const;
    // Nothing typed, nothing ticked.
    bool isEmpty() const;
    void clear();
    // headline, body, urgent: in screen order, for the owner's tab chain.
    QList<QWidget *> focusChain() const;

Q_SIGNALS:
    // The operator changed something.
    void edited();

private:
    QLineEdit *m_headline;
    QPlainTextEdit *m_body;
    QCheckBox *m_urgent;
};
