#include "dlqdetailview.h"

#include "dlq/dlqrecord.h"
#include "dlqpayloadformat.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace herder::ui {

DlqDetailView::DlqDetailView(const QString &dlq_topic, QWidget *parent)
    : QWidget(parent), m_dlq_topic(dlq_topic), m_summary(new QLabel(this)),
      m_payload(new QPlainTextEdit(this)), m_headers(new QTableWidget(0, 2, this))
{
    m_summary->setObjectName(QStringLiteral("dlqDetailSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_payload->setObjectName(QStringLiteral("dlqPayload"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setObjectName(QStringLiteral("dlqHeaders"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_payload);
    split->addWidget(m_headers);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    clear();
}

void DlqDetailView::clear()
{
    m_summary->setText(tr("Select a dead letter to see its payload and headers."));
    m_payload->clear();
    m_headers->setRowCount(0);
}

void DlqDetailView::showRecord(const dlq::DlqRecord &record)
{
    DlqPayloadFormat::Kind kind;
    m_payload->setPlainText(DlqPayloadFormat::render(record.value, &kind));
    m_summary->setText(
        tr("%1 / partition %2 / offset %3 — %4 bytes, %5")
            .arg(m_dlq_topic)
            .arg(record.partition)
            .arg(record.offset)
            .arg(QLocale().toString(record.value.size()), DlqPayloadFormat::kindName(kind)));
    m_headers->setRowCount(int(record.headers.size()));
    for (int i = 0; i < record.headers.size(); ++i) {
        const auto &[name, value] = record.headers.at(i);
        m_headers->setItem(i, 0, new QTableWidgetItem(QString::fromUtf8(name)));
        auto *item = new QTableWidgetItem(DlqPayloadFormat::headerValue(value));
        item->setToolTip(item->text());
        m_headers->setItem(i, 1, item);
    }
    m_headers->resizeColumnToContents(0);
}

} // namespace herder::ui
