#pragma once

#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QSlider;
class QSpinBox;
QT_END_NAMESPACE

namespace herder::ui {

/// The cap on LLM requests in flight, as a slider and a spin box that move together. A drag
/// or a typed number becomes one concurrencyChosen() after the input settles (150 ms), so the
/// engine is not retuned for every pixel.
class ConcurrencyControl : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMinimum = 1;
    static constexpr int kMaximum = 512;
    static constexpr int kSettleMs = 150;

    explicit ConcurrencyControl(QWidget *parent = nullptr);

    int value() const;
    /// Shows a value without emitting concurrencyChosen().
    void setValue(int concurrency);
    /// The operator is choosing a value that has not been emitted yet.
    bool isSettling() const { return m_settle.isActive(); }

    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spin; }

signals:
    void concurrencyChosen(int concurrency);

private:
    void edited(int concurrency);

    QSlider *m_slider;
    QSpinBox *m_spin;
    QTimer m_settle;
};

} // namespace herder::ui
