#pragma once

#include <QTimer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;
QT_END_NAMESPACE

namespace herder::ui {

class LogCapture;
class LogFilterModel;
class LogModel;

/// The console's own log (engine categories herder.pipeline, herder.kafka, herder.sim.*),
/// filtered by level and text, following new lines unless the operator turns that off. It
/// drains the capture every 250 ms while shown; hidden, the capture keeps the latest lines.
class LogPage : public QWidget
{
    Q_OBJECT
public:
    explicit LogPage(LogCapture &capture, QWidget *parent = nullptr);

    LogModel *model() const { return m_model; }
    LogFilterModel *filter() const { return m_filter; }
    /// Pulls what was captured now (the timer does this while the page is shown).
    void drain();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    LogModel *m_model;
    LogFilterModel *m_filter;
    QComboBox *m_level;
    QLineEdit *m_text;
    QCheckBox *m_follow;
    QTableView *m_view;
    QTimer m_drain_timer;
};

} // namespace herder::ui
