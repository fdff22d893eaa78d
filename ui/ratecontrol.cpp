#include "ratecontrol.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>

namespace herder::ui {

RateControl::RateControl(QWidget *parent) : QWidget(parent), m_spin(new QDoubleSpinBox(this))
{
    m_spin->setObjectName(QStringLiteral("rateSpin"));
    m_spin->setRange(0, kMaximumPerS);
    m_spin->setDecimals(1);
    m_spin->setSingleStep(10);
    m_spin->setSuffix(tr(" req/s"));
    m_spin->setSpecialValueText(tr("unlimited"));
    m_spin->setAccelerated(true);
    setToolTip(tr("LLM requests per second (0: unlimited); applied to the running engine"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_spin);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] { emit rateChosen(value()); });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this] { m_settle.start(); });
}

double RateControl::value() const
{
    return m_spin->value();
}

void RateControl::setValue(double rate_per_s)
{
    m_settle.stop();
    const QSignalBlocker block(m_spin);
    m_spin->setValue(rate_per_s);
}

} // namespace herder::ui
