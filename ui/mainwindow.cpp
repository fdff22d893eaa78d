#include "mainwindow.h"

#include "dashboardpage.h"
#include "dlqpage.h"
#include "draindialog.h"
#include "enginelink.h"
#include "enginetoolbar.h"
#include "logpage.h"
#include "settingsdialog.h"
#include "statebanner.h"

#include "config/settingsloader.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace herder::ui {

MainWindow::MainWindow(EngineLink *link, const QString &ini_path, LogCapture &log_capture,
                       QWidget *parent)
    : QMainWindow(parent), m_link(link), m_ini_path(ini_path),
      m_toolbar(new EngineToolBar(link, this)), m_tabs(new QTabWidget(this)),
      m_dashboard(new DashboardPage(m_tabs)),
      m_dlq(new DlqPage(dlqSettings(link), link->createDlqSource(), m_tabs)),
      m_logs(new LogPage(log_capture, m_tabs)), m_connection(new QLabel(this))
{
    const bool attached = !link->attachedUrl().isEmpty();
    setWindowTitle(attached ? tr("Herder — attached to %1").arg(attachedTo()) : tr("Herder"));
    setObjectName(QStringLiteral("mainWindow"));
    addToolBar(Qt::TopToolBarArea, m_toolbar);
    m_tabs->setObjectName(QStringLiteral("pages"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_dlq, tr("Dead letters"));
    m_tabs->addTab(m_logs, tr("Logs"));
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_connection);
    showConnection();

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Herder"), this, &MainWindow::showAbout);

    connect(link, &EngineLink::snapshotReady, this, &MainWindow::showSnapshot);
    connect(link, &EngineLink::started, this, &MainWindow::engineStarted);
    connect(link, &EngineLink::stopped, this, &MainWindow::engineStopped);
    connect(link, &EngineLink::failed, this, &MainWindow::engineFailed);
    connect(link, &EngineLink::commandFailed, this, &MainWindow::commandFailed);

    m_drain_deadline.setSingleShot(true);
    connect(&m_drain_deadline, &QTimer::timeout, this, &MainWindow::finishQuit);

    // Everything fits at 1280x800; below this the charts and tables become unreadable.
    setMinimumSize(1024, 640);
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

QString MainWindow::attachedTo() const
{
    return m_link->attachedUrl().toDisplayString(QUrl::RemoveUserInfo |
                                                 QUrl::StripTrailingSlash);
}

config::EngineSettings MainWindow::dlqSettings(const EngineLink *link)
{
    config::EngineSettings s = link->settings();
    const QUrl url = link->attachedUrl();
    if (!url.isEmpty()) {
        // The remote engine's topic names are not in its status; say whose DLQ it is.
        const QString where = url.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
        s.dlq_topic = tr("the DLQ of %1").arg(where);
        s.source_topic = tr("the source topic of %1").arg(where);
    }
    return s;
}

void MainWindow::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    m_dashboard->showSnapshot(snapshot);
    m_toolbar->showSnapshot(snapshot);
    if (m_drain)
        m_drain->showSnapshot(snapshot);
}

void MainWindow::engineStarted()
{
    // Settings may have changed while stopped; show what the engine actually runs with.
    m_toolbar->showSettings();
    m_toolbar->updateActions();
    showConnection();
    statusBar()->showMessage(tr("Engine started"), 5000);
}

void MainWindow::engineStopped()
{
    m_toolbar->updateActions();
    if (!m_link->attachedUrl().isEmpty()) {
        m_dashboard->banner()->showDetached(attachedTo());
        statusBar()->showMessage(tr("Detached; the engine at %1 keeps running").arg(attachedTo()),
                                 5000);
        if (m_quitting)
            finishQuit();
        return;
    }
    m_dashboard->banner()->showState(metrics::EngineState::Stopped);
    statusBar()->showMessage(tr("Engine stopped; offsets committed"), 5000);
    if (m_quitting)
        finishQuit();
}

void MainWindow::engineFailed(int exit_code, const QString &message)
{
    m_toolbar->updateActions();
    m_dashboard->banner()->showFailure(message);
    statusBar()->showMessage(tr("Engine failed (code %1): %2").arg(exit_code).arg(message));
    if (m_quitting)
        finishQuit();
}

void MainWindow::commandFailed(const QString &message)
{
    // No timeout: the operator must see that the engine did not do what was asked.
    statusBar()->showMessage(message);
    m_toolbar->showSettings(); // the controls go back to what the engine runs with
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_ini_path, this);
    if (dialog.exec() == QDialog::Accepted)
        reloadSettings();
}

void MainWindow::reloadSettings()
{
    auto loaded = config::SettingsLoader::loadFile(m_ini_path);
    if (const auto *error = std::get_if<config::ConfigError>(&loaded)) {
        QMessageBox::warning(this, tr("Settings not applied"),
                             tr("The saved configuration has an error and was not applied:\n%1")
                                 .arg(error->toString()));
        return;
    }
    m_link->setSettings(std::get<config::EngineSettings>(loaded));
    if (!m_link->isRunning()) {
        m_toolbar->showSettings();
        showConnection();
    }
    QMessageBox::information(this, tr("Settings saved"),
                             m_link->isRunning()
                                 ? tr("The new settings apply at the next Start (stop the engine, "
                                      "then start it again).")
                                 : tr("The new settings apply at the next Start."));
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Herder"),
        tr("<h3>Herder %1</h3><p>Operator console for AI enrichment of Kafka streams: consumes "
           "events, classifies them with an OpenAI-compatible LLM API, writes enriched "
           "results, retries and dead letters.</p><p>Qt %2.</p>%3")
            .arg(QStringLiteral(HERDER_VERSION), QString::fromLatin1(qVersion()),
                 m_link->isSimulated()
                     ? tr("<p><b>Simulated:</b> this session runs on a mock Kafka cluster with "
                          "generated events and a simulated LLM server.</p>")
                     : QString()));
}

void MainWindow::showConnection()
{
    if (!m_link->attachedUrl().isEmpty()) {
        m_connection->setText(tr("Attached to %1").arg(attachedTo()));
        return;
    }
    const config::EngineSettings s = m_link->settings();
    m_connection->setText(tr("Kafka %1 · LLM %2")
                              .arg(QString::fromUtf8(s.bootstrapServers()),
                                   s.base_url.toDisplayString()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_may_close || !m_link->isRunning()) {
        event->accept();
        return;
    }
    if (!m_link->attachedUrl().isEmpty()) {
        // Not this console's engine: closing detaches and leaves it running.
        m_link->stop();
        event->accept();
        return;
    }
    event->ignore();
    beginQuit();
}

void MainWindow::beginQuit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_drain = new DrainDialog(this);
    connect(m_drain, &QProgressDialog::canceled, this, &MainWindow::finishQuit);
    m_drain->show();
    // The engine enforces its own drain deadline; this is the backstop if it never answers.
    m_drain_deadline.start(m_link->settings().drain_timeout_ms + 15000);
    m_link->stop();
}

void MainWindow::finishQuit()
{
    m_drain_deadline.stop();
    if (m_drain) {
        m_drain->hide();
        m_drain->deleteLater();
    }
    m_may_close = true;
    close();
}

} // namespace herder::ui
