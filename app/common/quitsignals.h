#pragma once

#include <QObject>

#include <csignal>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace herder::app {

/// Turns SIGINT and SIGTERM into quitRequested() on the thread that made it, so no Qt code ever
/// runs in signal context: the handler only write()s the signal number into a socket that a
/// QSocketNotifier watches. One instance at a time; the destructor puts the old handlers back.
class QuitSignals : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        /// The first signal says "stopping (draining in-flight work)" on stderr and asks to
        /// quit; a second one ends the process at once (exit code 130).
        Drain = 1,
        /// Every signal asks to quit, silently: nothing is in flight worth waiting for.
        Quit,
    };

    explicit QuitSignals(Mode mode, QObject *parent = nullptr);
    ~QuitSignals() override;

    /// False when the socket or the handlers could not be set up; errorString() says why.
    bool isActive() const { return m_notifier != nullptr; }
    QString errorString() const { return m_error; }

signals:
    void quitRequested(int signal_number);

private:
    void readSignals();
    void onSignal(int signal_number);

    Mode m_mode;
    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
    int m_seen = 0;
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

} // namespace herder::app
