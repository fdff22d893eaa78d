#include "headlinecounters.h"

#include "displayformat.h"
#include "metrics/enginesnapshot.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace herder::ui {

HeadlineCounters::HeadlineCounters(QWidget *parent) : QWidget(parent)
{
    struct Tile
    {
        Counter counter;
        QString caption;
        QString name;
        QString tooltip;
    };
    const Tile tiles[] = {
        {Consumed, tr("Consumed"), QStringLiteral("consumed"),
         tr("Messages read from the source and retry topics")},
        {Enriched, tr("Enriched"), QStringLiteral("enriched"),
         tr("Messages written to the output topic")},
        {Retried, tr("Retried"), QStringLiteral("retried"),
         tr("Messages sent round again after a retryable failure")},
        {DeadLettered, tr("DLQ"), QStringLiteral("deadLettered"),
         tr("Messages written to the dead-letter topic")},
        {Invalid, tr("Invalid"), QStringLiteral("invalid"),
         tr("Events that were not valid JSON with a text field (sent to the DLQ)")},
        {Cost, tr("Cost"), QStringLiteral("cost"), tr("LLM cost so far, USD")},
        {Throughput, tr("Throughput"), QStringLiteral("throughput"),
         tr("Enriched messages per second over the last second")},
    };
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    for (const Tile &tile : tiles) {
        auto *frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setToolTip(tile.tooltip);
        auto *column = new QVBoxLayout(frame);
        column->setContentsMargins(8, 4, 8, 4);
        column->setSpacing(0);
        auto *caption = new QLabel(tile.caption, frame);
        auto *value = new QLabel(frame);
        value->setObjectName(QStringLiteral("headline.") + tile.name);
        value->setFont(big);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        column->addWidget(caption);
        column->addWidget(value);
        row->addWidget(frame, 1);
        m_values[size_t(tile.counter)] = value;
    }
    setValue(Consumed, displayformat::count(0));
    setValue(Enriched, displayformat::count(0));
    setValue(Retried, displayformat::count(0));
    setValue(DeadLettered, displayformat::count(0));
    setValue(Invalid, displayformat::count(0));
    setValue(Cost, displayformat::usd(0));
    setValue(Throughput, tr("%1 msg/s").arg(displayformat::perSecond(0)));
}

void HeadlineCounters::showSnapshot(const metrics::EngineSnapshot &s)
{
    setValue(Consumed, displayformat::count(qint64(s.consumed)));
    setValue(Enriched, displayformat::count(qint64(s.enriched)));
    setValue(Retried, displayformat::count(qint64(s.retried)));
    setValue(DeadLettered, displayformat::count(qint64(s.dead_lettered)));
    setValue(Invalid, displayformat::count(qint64(s.invalid)));
    setValue(Cost, displayformat::usd(s.cost_usd));
    setValue(Throughput, tr("%1 msg/s").arg(displayformat::perSecond(s.rate_1s.enriched_per_s)));
}

void HeadlineCounters::setValue(Counter counter, const QString &text)
{
    QLabel *label = m_values[size_t(counter)];
    // setText relayouts even when nothing changed; most counters sit still most ticks.
    if (label->text() != text)
        label->setText(text);
}

} // namespace herder::ui
