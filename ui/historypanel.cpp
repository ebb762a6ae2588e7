#include "historypanel.h"

#include "correctioneditor.h"
#include "domain/desk.h"
#include "eventrenderer.h"
#include "historymodel.h"
#include "hub/pinboard.h"
#include "hub/statepolicy.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int QuestionSummaryLength = 60;

// A button that acts on a click, Space or its mnemonic but is never left holding the focus
// by a click, and never fires on Enter (a QPushButton's auto-default would, once per repeat).
QPushButton *actionButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setFocusPolicy(Qt::TabFocus);
    button->setAutoDefault(false);
    return button;
}

// A label whose text never widens the row it sits in.
QLabel *rowLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

QString shortened(const QString &text)
{
    return text.size() <= QuestionSummaryLength
        ? text
        : text.left(QuestionSummaryLength - 1).trimmed() + u'…';
}

} // namespace

HistoryPanel::HistoryPanel(Desk *desk, HistoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_model(model)
    , m_pages(new QStackedWidget(this))
    , m_view(new QTableView(this))
    , m_actions(new QStackedWidget(this))
    , m_message(rowLabel(u"historyMessage"_s, this))
    , m_correct(actionButton(tr("&Correct…"), u"correctButton"_s, this))
    , m_retract(actionButton(tr("&Retract…"), u"retractButton"_s, this))
    , m_takeBack(actionButton(tr("&Take back"), u"takeBackButton"_s, this))
    , m_key(actionButton(tr("&Key moment"), u"keyMomentButton"_s, this))
    , m_pin(actionButton(tr("&Pin"), u"pinButton"_s, this))
    , m_correctPlaceholder(new QWidget(this))
    , m_question(rowLabel(u"retractQuestion"_s, this))
    , m_confirm(actionButton(QString(), u"confirmRetractButton"_s, this))
    , m_cancelRetraction(actionButton(tr("Cancel"), u"cancelRetractButton"_s, this))
    , m_editor(new CorrectionEditor(desk, this))
    , m_escape(new QShortcut(QKeySequence(Qt::Key_Escape), this))
{
    m_pages->addWidget(makeTablePage());
    // In a scroll area, so a form taller than the dock scrolls instead of growing the
    // window.
    auto *editorArea = new QScrollArea(this);
    editorArea->setObjectName(u"correctionArea"_s);
    editorArea->setWidgetResizable(true);
    editorArea->setFrameShape(QFrame::NoFrame);
    editorArea->setWidget(m_editor);
    m_pages->addWidget(editorArea);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4); // the dock frames it already
    layout->addWidget(m_pages);

    m_escape->setContext(Qt::WidgetWithChildrenShortcut);
    m_escape->setAutoRepeat(false);
    m_escape->setEnabled(false);
    connectActions();
}

QWidget *HistoryPanel::makeTablePage()
{
    m_view->setObjectName(u"historyView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    // Tab leaves the table for the buttons instead of walking its cells.
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(HistoryModel::Id, 60);
    m_view->setColumnWidth(HistoryModel::Time, 80);
    m_view->setColumnWidth(HistoryModel::Channel, 150);
    m_view->setColumnWidth(HistoryModel::Type, 110);

    m_actions->setObjectName(u"historyActions"_s);
    m_actions->addWidget(makeIdleRow());
    m_actions->addWidget(makeArmedRow());
    alignArmedRow();
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_actions);
    return page;
}

QWidget *HistoryPanel::makeIdleRow()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_takeBack);
    layout->addWidget(m_key);
    layout->addWidget(m_pin);
    layout->addWidget(m_correct);
    layout->addWidget(m_retract);
    m_takeBack->setToolTip(tr("Take the queued post out of the outbox before it goes (Delete)"));
    m_takeBack->hide();
    m_key->setToolTip(tr("Mark the post a key moment, listed under its match's scoreboard on "
                         "the viewers' page, or unmark it (Alt+K)"));
    m_pin->setToolTip(tr("Pin the post at the top of the viewers' page until you unpin it; "
                         "it replaces the channel's pinned post, if any (Alt+P)"));
    return row;
}

QWidget *HistoryPanel::makeArmedRow()
{
    auto *row = new QWidget(this);
    row->setObjectName(u"retractArmedRow"_s);
    m_question->setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
    m_cancelRetraction->setToolTip(tr("Keep the item (Esc)"));
    m_correctPlaceholder->setObjectName(u"correctPlaceholder"_s);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_confirm);
    layout->addWidget(m_question, 1);
    layout->addWidget(m_correctPlaceholder);
    layout->addWidget(m_cancelRetraction);
    return row;
}

// Cancel takes exactly Retract's place and an empty space takes Correct's: a second click
// where the first one was cancels, one aimed at Correct… hits nothing.
void HistoryPanel::alignArmedRow()
{
    const int retractWidth
        = qMax(m_retract->sizeHint().width(), m_cancelRetraction->sizeHint().width());
    m_retract->setFixedWidth(retractWidth);
    m_cancelRetraction->setFixedWidth(retractWidth);
    const int correctWidth = m_correct->sizeHint().width();
    m_correct->setFixedWidth(correctWidth);
    m_correctPlaceholder->setFixedWidth(correctWidth);
}

void HistoryPanel::connectActions()
{
    connect(m_correct, &QPushButton::clicked, this, &HistoryPanel::beginCorrection);
    connect(m_retract, &QPushButton::clicked, this, &HistoryPanel::armRetraction);
    connect(m_confirm, &QPushButton::clicked, this, &HistoryPanel::confirmRetraction);
    connect(m_cancelRetraction, &QPushButton::clicked, this, &HistoryPanel::cancelRetraction);
    connect(m_escape, &QShortcut::activated, this, &HistoryPanel::escape);
    connect(m_view, &QTableView::doubleClicked, this, &HistoryPanel::beginCorrection);
    connect(m_takeBack, &QPushButton::clicked, this, &HistoryPanel::takeBackQueued);
    connect(m_key, &QPushButton::clicked, this, &HistoryPanel::toggleKeyMoment);
    connect(m_pin, &QPushButton::clicked, this, &HistoryPanel::togglePin);
    auto *remove = new QShortcut(QKeySequence::Delete, m_view);
    remove->setContext(Qt::WidgetShortcut);
    remove->setAutoRepeat(false);
    connect(remove, &QShortcut::activated, this, &HistoryPanel::takeBackQueued);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &HistoryPanel::onSelectionChanged);
    // A queued row that goes (sent) leaves no queued row selected.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HistoryPanel::onSelectionChanged);
    // A correction arriving (a key mark, say) changes what the selected row's buttons offer.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &HistoryPanel::onSelectionChanged);
    connect(m_editor, &CorrectionEditor::queued, this, [this](quint64 target, const QString &why) {
        showTable();
        showMessage(tr("Correction of #%1 queued, not sent yet (%2).").arg(target).arg(why), false);
    });
    connect(m_editor, &CorrectionEditor::published, this, [this](quint64 target, quint64 id) {
        showTable();
        showMessage(tr("Correction of #%1 sent as #%2.").arg(target).arg(id), false);
    });
    connect(m_editor, &CorrectionEditor::cancelled, this, [this] {
        showTable();
        showMessage({}, false);
    });
}

bool HistoryPanel::isCorrecting() const
{
    return m_editor->isEditing();
}

HubEventPtr HistoryPanel::selectedEvent() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? HubEventPtr() : m_model->eventAt(rows.constFirst().row());
}

std::optional<qint64> HistoryPanel::selectedQueued() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? std::nullopt : m_model->queuedSeqAt(rows.constFirst().row());
}

// Choosing another row takes the question back (rows arriving above it do not); a queued
// row offers Take back instead of Correct and Retract, which need a sent post.
void HistoryPanel::onSelectionChanged()
{
    const HubEventPtr selected = selectedEvent();
    if (m_armed && (!selected || selected->id != m_armed->id))
        cancelRetraction();
    const bool queued = selectedQueued().has_value();
    m_takeBack->setVisible(queued);
    m_correct->setEnabled(!queued);
    m_retract->setEnabled(!queued);
    m_key->setEnabled(!queued);
    m_pin->setEnabled(!queued);
    quint64 retractedBy = 0;
    const bool key = selected && currentData(selected, &retractedBy).value(u"key"_s).toBool();
    m_key->setText(key ? tr("Not a &key moment") : tr("&Key moment"));
    m_pin->setText(selected && isPinned(selected->id) ? tr("Un&pin") : tr("&Pin"));
}

// Replays the history oldest first as the server's PinBoard does: pinned when sent or by a
// correction, unpinned by a correction, a retraction, or a newer pin that names it.
bool HistoryPanel::isPinned(quint64 id) const
{
    bool pinned = false;
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const HubEventPtr e = m_model->eventAt(row);
        if (!e)
            continue;
        const QJsonObject data = e->data.toObject();
        if (data.value(u"unpins"_s).toString() == QString::number(id))
            pinned = false;
        if (e->id == id)
            pinned = PinBoard::pins(data);
        else if (StatePolicy::isAmendment(e->type) && StatePolicy::targetOf(data) == id)
            pinned = StatePolicy::isRetraction(e->type) ? false
                : data.contains(u"pinned"_s)            ? PinBoard::pins(data)
                                                        : pinned;
    }
    return pinned;
}

void HistoryPanel::toggleKeyMoment()
{
    sendMark(u"key"_s);
}

void HistoryPanel::togglePin()
{
    sendMark(u"pinned"_s);
}

// A key mark or a pin is a correction of that one field; the rest of the post is unchanged.
void HistoryPanel::sendMark(const QString &field)
{
    const HubEventPtr event = amendableSelection(tr("Select the post to mark first."), false);
    if (!event)
        return;
    quint64 retractedBy = 0;
    const QJsonObject current = currentData(event, &retractedBy);
    if (retractedBy) {
        showMessage(tr("#%1 was retracted (by #%2).").arg(event->id).arg(retractedBy), true);
        return;
    }
    const bool pin = field == u"pinned";
    const bool on = pin ? !isPinned(event->id) : !current.value(field).toBool();
    m_desk->correct(event->id, event->channel, QJsonObject { { field, on } }, this,
        [this, id = event->id, pin, on](const PublishOutcome &outcome) {
            if (outcome.ok())
                showMessage(markSent(id, outcome.id(), pin, on), false);
            else if (outcome.queued)
                showMessage(
                    tr("The mark on #%1 is queued, not sent yet (%2).").arg(id).arg(outcome.error),
                    false);
            else
                showMessage(tr("Not marked: %1").arg(outcome.error), true);
            onSelectionChanged();
        });
}

QString HistoryPanel::markSent(quint64 target, quint64 id, bool pin, bool on)
{
    if (pin)
        return on ? tr("#%1 is pinned at the top of the page now (#%2).").arg(target).arg(id)
                  : tr("#%1 is no longer pinned (#%2).").arg(target).arg(id);
    return on ? tr("#%1 is a key moment now (#%2).").arg(target).arg(id)
              : tr("#%1 is no longer a key moment (#%2).").arg(target).arg(id);
}

void HistoryPanel::takeBackQueued()
{
    if (const std::optional<qint64> seq = selectedQueued())
        Q_EMIT takeBackRequested(*seq);
    else if (selectedEvent())
        showMessage(tr("This post has been sent: retract it instead."), true);
}

void HistoryPanel::showTakeBackResult(bool removed)
{
    showMessage(removed ? tr("Taken back: the post will not be sent.")
                        : tr("Too late to take back: it is being sent right now. Retract it "
                             "once it shows in the history."),
        !removed);
}

// The selected post when it can be amended; otherwise null, with why shown (`whenNone` when
// nothing is selected).
HubEventPtr HistoryPanel::amendableSelection(const QString &whenNone, bool retracting)
{
    const HubEventPtr event = selectedEvent();
    if (!event) {
        showMessage(whenNone, true);
        return {};
    }
    return amendable(event, retracting) ? event : HubEventPtr();
}

// What the console will not even ask the server for; the server refuses these too.
bool HistoryPanel::amendable(const HubEventPtr &event, bool retracting)
{
    if (StatePolicy::isAmendment(event->type)) {
        const QString type = EventRenderer::typeLabel(event->type);
        showMessage(retracting ? tr("Retract the original item, not the %1.").arg(type)
                               : tr("Correct the original item, not the %1.").arg(type),
            true);
        return false;
    }
    if (StatePolicy::carriesState(event->type)) {
        showMessage(tr("A score cannot be corrected or retracted: set the right score on the "
                       "scoreboard, and it goes out at once."),
            true);
        return false;
    }
    if (!retracting && !CorrectionEditor::canCorrect(event->type)) {
        showMessage(tr("Only news flashes and commentary can be corrected from the console; "
                       "correct this %1 through the API.")
                        .arg(EventRenderer::typeLabel(event->type)),
            true);
        return false;
    }
    return true;
}

QJsonObject HistoryPanel::currentData(const HubEventPtr &event, quint64 *retractedBy) const
{
    QJsonObject data = event->data.toObject();
    *retractedBy = 0;
    // The model lists the newest first: apply the corrections oldest first.
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const HubEventPtr e = m_model->eventAt(row);
        if (!e || !StatePolicy::isAmendment(e->type) || StatePolicy::targetOf(e->data) != event->id)
            continue;
        if (StatePolicy::isRetraction(e->type) && *retractedBy == 0)
            *retractedBy = e->id;
        else if (!StatePolicy::isRetraction(e->type))
            data = StatePolicy::corrected(data, e->data.toObject());
    }
    return data;
}

void HistoryPanel::beginCorrection()
{
    const HubEventPtr event = amendableSelection(tr("Select the item to correct first."), false);
    if (!event)
        return;
    quint64 retractedBy = 0;
    const QJsonObject current = currentData(event, &retractedBy);
    if (retractedBy) {
        showMessage(tr("#%1 was retracted (by #%2); a retracted item cannot be corrected.")
                        .arg(event->id)
                        .arg(retractedBy),
            true);
        return;
    }
    cancelRetraction();
    showMessage({}, false);
    m_pages->setCurrentIndex(1);
    m_editor->edit(event, current);
    m_escape->setEnabled(true);
}

void HistoryPanel::armRetraction()
{
    const HubEventPtr event = amendableSelection(tr("Select the item to retract first."), true);
    if (!event)
        return;
    m_armed = event;
    m_question->setText(tr("Retract #%1, %2? Viewers' pages drop it at once.")
                            .arg(event->id)
                            .arg(shortened(EventRenderer::summary(event->type, event->data))));
    m_confirm->setText(tr("&Yes, retract #%1").arg(event->id));
    showMessage({}, false);
    // The focus goes back to the table before the buttons change, so no key held or typed
    // next can land on the confirmation.
    m_view->setFocus();
    m_actions->setCurrentIndex(1);
    m_escape->setEnabled(true);
}

void HistoryPanel::confirmRetraction()
{
    if (!m_armed)
        return;
    const HubEventPtr target = m_armed;
    cancelRetraction();
    m_desk->retract(
        target->id, target->channel, this, [this, id = target->id](const PublishOutcome &outcome) {
            if (outcome.ok())
                showMessage(tr("Retraction of #%1 sent as #%2; viewers' pages have dropped it.")
                                .arg(id)
                                .arg(outcome.id()),
                    false);
            else if (outcome.queued)
                showMessage(
                    tr("Retraction of #%1 queued, not sent yet (%2).").arg(id).arg(outcome.error),
                    false);
            else if (outcome.refusal == PublishOutcome::Refusal::Conflict)
                showMessage(tr("Not sent: #%1 had already been retracted, so viewers no longer "
                               "see it. Server: %2")
                                .arg(id)
                                .arg(outcome.error),
                    true);
            else
                showMessage(tr("Retraction not sent: %1").arg(outcome.error), true);
        });
}

void HistoryPanel::cancelRetraction()
{
    if (!m_armed)
        return;
    m_armed.reset();
    if (m_actions->isAncestorOf(focusWidget()))
        m_view->setFocus();
    m_actions->setCurrentIndex(0);
    m_escape->setEnabled(isCorrecting());
}

void HistoryPanel::showTable()
{
    m_pages->setCurrentIndex(0);
    m_view->setFocus();
    m_escape->setEnabled(isRetractionArmed());
}

void HistoryPanel::escape()
{
    if (isCorrecting())
        m_editor->cancel();
    else
        cancelRetraction();
}

void HistoryPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setToolTip(text);
    m_message->setStyleSheet(error ? u"color: #b00020;"_s : u"color: #2a7d2a;"_s);
}
