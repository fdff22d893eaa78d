#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace herder::app {

/// Turns SIGINT and SIGTERM into quitRequested() on the event loop (a console started from a
/// terminal, or killed by a session manager, still drains and commits). A second signal
/// ends the process at once.
class QuitSignals : public QObject
{
    Q_OBJECT
public:
    explicit QuitSignals(QObject *parent = nullptr);
    ~QuitSignals() override;

signals:
    void quitRequested();

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
    int m_seen = 0;
};

} // namespace herder::app
