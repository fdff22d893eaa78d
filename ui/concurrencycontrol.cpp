#include "concurrencycontrol.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

namespace herder::ui {

ConcurrencyControl::ConcurrencyControl(QWidget *parent)
    : QWidget(parent), m_slider(new QSlider(Qt::Horizontal, this)), m_spin(new QSpinBox(this))
{
    m_slider->setObjectName(QStringLiteral("concurrencySlider"));
    m_spin->setObjectName(QStringLiteral("concurrencySpin"));
    m_slider->setRange(kMinimum, kMaximum);
    m_spin->setRange(kMinimum, kMaximum);
    m_slider->setPageStep(16);
    m_slider->setMinimumWidth(120);
    setToolTip(tr("Maximum LLM requests in flight; applied to the running engine"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] { emit concurrencyChosen(value()); });
    connect(m_slider, &QSlider::valueChanged, this, &ConcurrencyControl::edited);
    connect(m_spin, &QSpinBox::valueChanged, this, &ConcurrencyControl::edited);
}

int ConcurrencyControl::value() const
{
    return m_spin->value();
}

void ConcurrencyControl::setValue(int concurrency)
{
    m_settle.stop();
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockSpin(m_spin);
    m_slider->setValue(concurrency);
    m_spin->setValue(concurrency);
}

void ConcurrencyControl::edited(int concurrency)
{
    // Keep the twin in step without bouncing back here.
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockSpin(m_spin);
    m_slider->setValue(concurrency);
    m_spin->setValue(concurrency);
    m_settle.start();
}

} // namespace herder::ui
