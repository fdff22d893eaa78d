#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"
#include "dlq/dlqreplayer.h"

#include <QSet>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace herder::ui {

class DlqDetailView;
class DlqFilterBar;
class DlqFilterProxy;
class DlqSource;
class DlqTableModel;

/// The dead-letter browser: loads the DLQ topic into a filterable, sortable table, shows a
/// record's payload and headers, and replays records to the source topic after the operator
/// confirmed count, estimated cost and target. Kafka work runs on a DlqWorker thread; this
/// page only ever reacts to its queued results.
class DlqPage : public QWidget
{
    Q_OBJECT
public:
    /// Reads and replays through Kafka with `settings` (a DlqWorker).
    explicit DlqPage(const config::EngineSettings &settings, QWidget *parent = nullptr);
    /// Reads and replays through `source`, which the page takes over (and moves to its
    /// thread); `settings` name the topics in what the page says.
    DlqPage(const config::EngineSettings &settings, DlqSource *source, QWidget *parent = nullptr);
    ~DlqPage() override;

    /// The loop guard: records replayed this often already are refused.
    void setMaxReplays(int max_replays);
    int maxReplays() const { return m_guard.maxReplays(); }

    DlqTableModel *tableModel() const { return m_model; }
    DlqFilterProxy *filterProxy() const { return m_proxy; }
    QTableView *tableView() const { return m_view; }
    bool isLoading() const { return m_loading; }
    bool isReplaying() const { return m_replaying; }

public slots:
    /// Reloads the whole DLQ topic; drops pages of any earlier load still in flight.
    void refresh();
    void replaySelected();
    void replayAllMatching();
    /// Opens the editor for the one selected record; replays the edited bytes when accepted.
    void editAndReplay();

signals:
    void loadFinished(qint64 total);
    void loadFailed(const QString &message);
    void replayFinished(const herder::dlq::ReplayResult &result);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildButtons();
    int selectedRowCount() const;
    QList<int> selectedSourceRows() const;
    QList<dlq::DlqRecord> recordsAt(const QList<int> &source_rows) const;
    /// Asks the operator (count, estimated cost, target, loop-guard refusals); runs `go` on yes.
    void confirmReplay(const QList<dlq::DlqRecord> &records, std::function<void()> go);
    void startReplay(const QList<dlq::DlqRecord> &records, const QByteArray *edited_value);
    void report(const dlq::ReplayResult &result, int requested);
    void applyFilters();

    void onLoadStarted(int generation, qint64 expected);
    void onPage(int generation, const QList<dlq::DlqRecord> &records);
    void onLoaded(int generation, qint64 total);
    void onLoadFailed(int generation, const QString &message);
    void onReplayProgress(int acknowledged, int total);
    void onReplayed(const dlq::ReplayResult &result);

    void updateButtons();
    void showCurrent();

    config::EngineSettings m_settings;
    dlq::DlqReplayer m_guard; ///< asked about the loop guard only; never sends anything
    QThread m_thread;
    DlqSource *m_worker; ///< lives on m_thread

    DlqTableModel *m_model;
    DlqFilterProxy *m_proxy;
    DlqFilterBar *m_filters;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_view = nullptr;
    DlqDetailView *m_detail = nullptr;
    QPushButton *m_replay_selected = nullptr;
    QPushButton *m_replay_matching = nullptr;
    QPushButton *m_edit_replay = nullptr;
    QTimer m_count_update; ///< coalesces the proxy's row signals into one update per turn

    int m_generation = 0;
    bool m_loaded_once = false;
    bool m_loading = false;
    bool m_replaying = false;
    int m_replay_requested = 0;
    QList<dlq::DlqRecord> m_in_replay;
    QSet<std::pair<qint32, qint64>> m_replayed; ///< DLQ positions replayed from this page
};

} // namespace herder::ui
