#include "correctioneditor.h"

#include "commentaryform.h"
#include "domain/commentarykind.h"
#include "domain/desk.h"
#include "eventrenderer.h"
#include "newsflashform.h"
#include "shortcutguard.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QList<QKeySequence> publishKeys()
{
    return { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) };
}

// Where the post went, as the operator names it: a match by its teams, not its channel id.
QString placeOf(const Desk *desk, const QString &channel)
{
    const QList<Match *> matches = desk->matches();
    for (const Match *match : matches) {
        if (match->channel() == channel)
            return u"%1 – %2"_s.arg(match->home(), match->away());
    }
    return channel == u"news" ? CorrectionEditor::tr("News") : channel;
}

} // namespace

CorrectionEditor::CorrectionEditor(Desk *desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_title(new QLabel(this))
    , m_note(new QLabel(this))
    , m_formArea(new QVBoxLayout)
    , m_error(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel (Esc)"), this))
    , m_publish(new QPushButton(tr("&Publish correction (Ctrl+Enter)"), this))
{
    m_title->setObjectName(u"correctionTitle"_s);
    m_title->setStyleSheet(u"font-weight: bold;"_s);
    m_note->setObjectName(u"correctionNote"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    m_error->setObjectName(u"correctionError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b00020;"_s);
    m_cancel->setObjectName(u"cancelCorrectionButton"_s);
    m_publish->setObjectName(u"publishCorrectionButton"_s);
    for (QPushButton *button : { m_cancel, m_publish })
        button->setAutoDefault(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_error, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_publish);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_note);
    layout->addLayout(m_formArea, 1);
    layout->addLayout(buttons);

    connect(m_publish, &QPushButton::clicked, this, &CorrectionEditor::publish);
    connect(m_cancel, &QPushButton::clicked, this, &CorrectionEditor::cancel);
    setUpShortcuts();
}

void CorrectionEditor::setUpShortcuts()
{
    for (const QKeySequence &key : publishKeys()) {
        auto *shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        // A held Ctrl+Enter is one correction, not one per repeat.
        shortcut->setAutoRepeat(false);
        connect(shortcut, &QShortcut::activated, this, &CorrectionEditor::publish);
    }
}

bool CorrectionEditor::canCorrect(QStringView type)
{
    return type == u"news-flash" || type == u"commentary";
}

quint64 CorrectionEditor::targetId() const
{
    return m_target ? m_target->id : 0;
}

void CorrectionEditor::edit(const HubEventPtr &target, const QJsonObject &current)
{
    Q_ASSERT(target && canCorrect(target->type));
    finish();
    m_target = target;
    m_current = current;
    m_title->setText(
        tr("Correcting #%1 · %2 · %3")
            .arg(target->id)
            .arg(EventRenderer::typeLabel(target->type), placeOf(m_desk, target->channel)));
    m_form = makeForm(current);
    m_formArea->addWidget(m_form);
    m_form->show(); // now, not when the layout gets round to it: it takes the focus below
    // The form's own editors would take Ctrl+Enter as text.
    ShortcutGuard::protect(m_form, publishKeys());
    m_error->clear();
    m_form->setFocus();
}

QWidget *CorrectionEditor::makeForm(const QJsonObject &current)
{
    if (m_target->type == u"news-flash") {
        m_flash = new NewsFlashForm(this);
        m_flash->setFields(current);
        m_note->hide();
        return m_flash;
    }
    const QString kind = current.value(u"kind"_s).toString();
    QString home = tr("Home");
    QString away = tr("Away");
    for (const Match *match : m_desk->matches()) {
        if (match->channel() == m_target->channel) {
            home = match->home();
            away = match->away();
        }
    }
    m_commentary = new CommentaryForm(home, away, this);
    m_commentary->setFields(current);
    // A kind the console does not offer (sent through the API) is never sent back: the
    // form shows a kind it knows, and says so.
    m_note->setVisible(!kind.isEmpty() && !CommentaryKinds::isKnown(kind));
    m_note->setText(tr("This line went out with the kind \"%1\", which the console does not "
                       "know. Choose one of the kinds offered; the correction replaces it.")
                        .arg(kind));
    return m_commentary;
}

QJsonObject CorrectionEditor::fields() const
{
    if (m_flash)
        return m_flash->fields();
    if (m_commentary)
        return m_commentary->fields();
    return {};
}

bool CorrectionEditor::check(QString *error) const
{
    if (m_flash ? !m_flash->check(error) : !m_commentary->check(error))
        return false;
    // A correction that changes nothing would still mark the post "corrected" on every page.
    const QJsonObject changed = fields();
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        if (m_current.value(it.key()) != it.value())
            return true;
    }
    *error = tr("Nothing is changed yet: edit a field, or press Esc to cancel.");
    return false;
}

void CorrectionEditor::publish()
{
    if (!m_target || m_sending)
        return;
    QString error;
    if (!check(&error)) {
        showError(error);
        return;
    }
    m_sending = true;
    m_publish->setEnabled(false);
    const quint64 target = m_target->id;
    m_desk->correct(
        target, m_target->channel, fields(), this, [this, target](const PublishOutcome &outcome) {
            m_sending = false;
            m_publish->setEnabled(true);
            if (outcome.queued) {
                // Kept by the outbox: it goes out when the server can be reached.
                finish();
                Q_EMIT queued(target, outcome.error);
                return;
            }
            if (!outcome.ok()) {
                showError(outcome.refusal == PublishOutcome::Refusal::Conflict
                        ? tr("Not sent: #%1 has been retracted, so it can no longer be "
                             "corrected. Server: %2")
                              .arg(target)
                              .arg(outcome.error)
                        : tr("Correction not sent: %1").arg(outcome.error));
                return; // the editor stays open with what was typed
            }
            finish();
            Q_EMIT published(target, outcome.id());
        });
}

void CorrectionEditor::cancel()
{
    if (!m_target || m_sending)
        return;
    finish();
    Q_EMIT cancelled();
}

void CorrectionEditor::showError(const QString &text)
{
    m_error->setText(text);
}

void CorrectionEditor::finish()
{
    m_target.reset();
    m_current = {};
    m_flash = nullptr;
    m_commentary = nullptr;
    m_error->clear();
    m_note->hide();
    delete m_form; // now: its editors must not keep the focus or the shortcuts
    m_form = nullptr;
}
