#include "historypanel.h"

#include "domain/desk.h"
#include "historymodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A value as the operator edits it: strings as plain text, anything else as JSON.
QString editable(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    const QByteArray json = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.sliced(1, json.size() - 2));
}

// And back: the original type is kept where the text still parses as that type.
QJsonValue parsed(const QString &text, const QJsonValue &original)
{
    if (original.isString())
        return text;
    const QJsonDocument doc = QJsonDocument::fromJson(u"[%1]"_s.arg(text).toUtf8());
    if (doc.isArray() && doc.array().size() == 1)
        return doc.array().at(0);
    return text;
}

} // namespace

HistoryPanel::HistoryPanel(Desk *desk, HistoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_correct(new QPushButton(tr("&Correct…"), this))
    , m_retract(new QPushButton(tr("&Retract"), this))
    , m_editor(new QWidget(this))
    , m_editorTitle(new QLabel(m_editor))
    , m_fields(new QTableWidget(0, 2, m_editor))
    , m_message(new QLabel(this))
{
    m_view->setObjectName(u"historyView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(HistoryModel::Id, 60);
    m_view->setColumnWidth(HistoryModel::Time, 80);
    m_view->setColumnWidth(HistoryModel::Channel, 150);
    m_view->setColumnWidth(HistoryModel::Type, 110);
    m_correct->setObjectName(u"correctButton"_s);
    m_retract->setObjectName(u"retractButton"_s);
    m_message->setObjectName(u"historyMessage"_s);

    m_fields->setObjectName(u"correctionFields"_s);
    m_fields->setHorizontalHeaderLabels({ tr("Field"), tr("Corrected value") });
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->hide();
    auto *publish = new QPushButton(tr("&Publish correction"), m_editor);
    publish->setObjectName(u"publishCorrectionButton"_s);
    auto *cancel = new QPushButton(tr("Cancel"), m_editor);
    auto *editorButtons = new QHBoxLayout;
    editorButtons->addStretch();
    editorButtons->addWidget(cancel);
    editorButtons->addWidget(publish);
    auto *editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_editorTitle);
    editorLayout->addWidget(m_fields);
    editorLayout->addLayout(editorButtons);
    m_editor->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_correct);
    buttons->addWidget(m_retract);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_editor, 1);

    m_retractTimeout.setSingleShot(true);
    m_retractTimeout.setInterval(4000);
    connect(&m_retractTimeout, &QTimer::timeout, this, &HistoryPanel::resetRetract);
    connect(m_correct, &QPushButton::clicked, this, &HistoryPanel::beginCorrection);
    connect(m_retract, &QPushButton::clicked, this, &HistoryPanel::retract);
    connect(publish, &QPushButton::clicked, this, &HistoryPanel::publishCorrection);
    connect(cancel, &QPushButton::clicked, this, [this] {
        m_editor->hide();
        m_editing.reset();
    });
    connect(m_view, &QTableView::doubleClicked, this, &HistoryPanel::beginCorrection);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &HistoryPanel::resetRetract);
}

HubEventPtr HistoryPanel::selectedEvent() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? HubEventPtr() : m_model->eventAt(rows.constFirst().row());
}

void HistoryPanel::beginCorrection()
{
    const HubEventPtr event = selectedEvent();
    if (!event) {
        showMessage(tr("Select the item to correct first."), true);
        return;
    }
    if (event->type == u"correction" || event->type == u"retraction") {
        showMessage(tr("Correct the original item, not the %1.").arg(event->type), true);
        return;
    }
    m_editing = event;
    QJsonObject fields = event->data.isObject() ? event->data.toObject()
                                                : QJsonObject { { u"text"_s, event->data } };
    m_fields->setRowCount(0);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const int row = m_fields->rowCount();
        m_fields->insertRow(row);
        auto *key = new QTableWidgetItem(it.key());
        key->setFlags(key->flags() & ~Qt::ItemIsEditable);
        key->setData(Qt::UserRole, QVariant::fromValue(it.value()));
        m_fields->setItem(row, 0, key);
        m_fields->setItem(row, 1, new QTableWidgetItem(editable(it.value())));
    }
    m_editorTitle->setText(tr("Correcting #%1 (%2 on %3): edit the values, then publish.")
                               .arg(event->id)
                               .arg(event->type, event->channel));
    m_editor->show();
    m_fields->setFocus();
    m_fields->setCurrentCell(0, 1);
}

void HistoryPanel::publishCorrection()
{
    if (!m_editing)
        return;
    QJsonObject fields;
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        const QTableWidgetItem *key = m_fields->item(row, 0);
        const QTableWidgetItem *value = m_fields->item(row, 1);
        fields.insert(key->text(),
            parsed(value ? value->text() : QString(), key->data(Qt::UserRole).toJsonValue()));
    }
    const quint64 target = m_editing->id;
    m_desk->correct(
        target, m_editing->channel, fields, this, [this, target](const PublishOutcome &outcome) {
            if (!outcome.ok()) {
                showMessage(tr("Correction not sent: %1").arg(outcome.error), true);
                return; // the editor stays open with what was typed
            }
            showMessage(tr("Correction of #%1 sent as #%2.").arg(target).arg(outcome.id()), false);
            if (m_editing && m_editing->id == target) {
                m_editor->hide();
                m_editing.reset();
            }
        });
}

void HistoryPanel::retract()
{
    const HubEventPtr event = selectedEvent();
    if (!event) {
        showMessage(tr("Select the item to retract first."), true);
        return;
    }
    if (m_retractArmedFor != event->id) {
        m_retractArmedFor = event->id;
        m_retract->setText(tr("Click again to retract #%1").arg(event->id));
        m_retract->setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
        m_retractTimeout.start();
        return;
    }
    const quint64 target = event->id;
    m_desk->retract(target, event->channel, this, [this, target](const PublishOutcome &outcome) {
        if (outcome.ok())
            showMessage(tr("Retraction of #%1 sent as #%2.").arg(target).arg(outcome.id()), false);
        else
            showMessage(tr("Retraction not sent: %1").arg(outcome.error), true);
    });
    resetRetract();
}

void HistoryPanel::resetRetract()
{
    m_retractArmedFor = 0;
    m_retractTimeout.stop();
    m_retract->setText(tr("&Retract"));
    m_retract->setStyleSheet({});
}

void HistoryPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color: #b00020;"_s : u"color: #2a7d2a;"_s);
}
