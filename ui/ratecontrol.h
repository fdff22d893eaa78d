#pragma once

#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QDoubleSpinBox;
QT_END_NAMESPACE

namespace herder::ui {

/// The request rate limit in requests per second; 0 means unlimited. Typing "250" emits one
/// rateChosen(250) once the input settles, not 2, 25 and 250.
class RateControl : public QWidget
{
    Q_OBJECT
public:
    static constexpr double kMaximumPerS = 100000;
    static constexpr int kSettleMs = 150;

    explicit RateControl(QWidget *parent = nullptr);

    double value() const;
    /// Shows a value without emitting rateChosen().
    void setValue(double rate_per_s);
    /// The operator is choosing a value that has not been emitted yet.
    bool isSettling() const { return m_settle.isActive(); }
    QDoubleSpinBox *spinBox() const { return m_spin; }

signals:
    void rateChosen(double rate_per_s);

private:
    QDoubleSpinBox *m_spin;
    QTimer m_settle;
};

} // namespace herder::ui
