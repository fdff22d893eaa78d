#pragma once

#include "config/enginesettings.h"
#include "metrics/enginesnapshot.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QLabel;
class QTabWidget;
QT_END_NAMESPACE

namespace herder::ui {

class DashboardPage;
class DlqPage;
class DrainDialog;
class EngineLink;
class EngineToolBar;
class LogCapture;
class LogPage;

/// The console's window: engine controls in the toolbar, the dashboard, the dead letters and
/// the log in tabs. It drives an injected EngineLink and never creates an engine itself.
/// Closing it stops the engine gracefully first.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `ini_path` is the configuration file the settings dialog edits.
    MainWindow(EngineLink *link, const QString &ini_path, LogCapture &log_capture,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    DashboardPage *dashboard() const { return m_dashboard; }
    DlqPage *dlqPage() const { return m_dlq; }
    LogPage *logPage() const { return m_logs; }
    EngineToolBar *engineToolBar() const { return m_toolbar; }
    QTabWidget *tabs() const { return m_tabs; }
    QString iniPath() const { return m_ini_path; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showSnapshot(const metrics::EngineSnapshot &snapshot);
    void engineStarted();
    void engineStopped();
    void engineFailed(int exit_code, const QString &message);
    void commandFailed(const QString &message);
    QString attachedTo() const;
    /// The link's settings; attached, the topics are named by the engine's address.
    static config::EngineSettings dlqSettings(const EngineLink *link);
    void openSettings();
    void reloadSettings();
    void showAbout();
    void beginQuit();
    void finishQuit();
    void showConnection();

    EngineLink *m_link;
    QString m_ini_path;
    EngineToolBar *m_toolbar;
    QTabWidget *m_tabs;
    DashboardPage *m_dashboard;
    DlqPage *m_dlq;
    LogPage *m_logs;
    QLabel *m_connection;
    QPointer<DrainDialog> m_drain;
    QTimer m_drain_deadline;
    bool m_quitting = false;
    bool m_may_close = false;
};

} // namespace herder::ui
