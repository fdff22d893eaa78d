#include "dlqpage.h"

#include "dlqdetailview.h"
#include "dlqfilterbar.h"
#include "dlqfilterproxy.h"
#include "dlqtablemodel.h"
#include "dlqworker.h"
#include "replayeditdialog.h"
#include "replayplan.h"
#include "replayreport.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace herder::ui {

namespace {
constexpr int kDefaultMaxReplays = 3;
} // namespace

DlqPage::DlqPage(const config::EngineSettings &settings, QWidget *parent)
    : DlqPage(settings, new DlqWorker(settings), parent)
{
}

DlqPage::DlqPage(const config::EngineSettings &settings, DlqSource *source, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_guard(settings, kDefaultMaxReplays),
      m_worker(source), m_model(new DlqTableModel(this)),
      m_proxy(new DlqFilterProxy(m_model, this)), m_filters(new DlqFilterBar(this))
{
    m_thread.setObjectName(QStringLiteral("herder-dlq"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DlqSource::loadStarted, this, &DlqPage::onLoadStarted);
    connect(m_worker, &DlqSource::page, this, &DlqPage::onPage);
    connect(m_worker, &DlqSource::loaded, this, &DlqPage::onLoaded);
    connect(m_worker, &DlqSource::loadFailed, this, &DlqPage::onLoadFailed);
    connect(m_worker, &DlqSource::replayProgress, this, &DlqPage::onReplayProgress);
    connect(m_worker, &DlqSource::replayed, this, &DlqPage::onReplayed);
    m_thread.start();

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("dlqTable"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    // Fixed row heights and no per-row header: nothing in the view grows with 100,000 rows.
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    // Widths from typical contents and the (translated, bold, sortable) titles: nothing is cut
    // off, and no per-row measuring as resizeToContents would do over 100,000 rows.
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const auto fit = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        QFont bold = columns->font();
        bold.setBold(true);
        const int width = qMax(fontMetrics().horizontalAdvance(sample),
                               QFontMetrics(bold).horizontalAdvance(title) + 2 * em);
        columns->resizeSection(column, width + em);
    };
    fit(DlqTableModel::FailedAt, QStringLiteral("2026-12-03T08:00:14.000Z"));
    fit(DlqTableModel::Origin, QStringLiteral("ai-events-retry/11/1234567"));
    fit(DlqTableModel::ErrorClass, QStringLiteral("retries_exhausted"));
    fit(DlqTableModel::Model, QStringLiteral("gemini-2.5-flash"));
    fit(DlqTableModel::HttpStatus, QStringLiteral("503"));
    fit(DlqTableModel::Attempts, QStringLiteral("5"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DlqTableModel::FailedAt, Qt::DescendingOrder);

    m_detail = new DlqDetailView(m_settings.dlq_topic, this);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("dlqSplitter"));
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("dlqProgress"));
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dlqStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_status, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addLayout(statusRow);
    layout->addWidget(split, 1);
    layout->addWidget(buildButtons());

    connect(m_filters, &DlqFilterBar::filtersChanged, this, &DlqPage::applyFilters);
    connect(m_filters, &DlqFilterBar::refreshRequested, this, &DlqPage::refresh);
    m_count_update.setSingleShot(true);
    m_count_update.setInterval(0);
    connect(&m_count_update, &QTimer::timeout, this, [this] {
        m_filters->setCounts(m_proxy->rowCount(), m_model->rowCount());
        updateButtons();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, &m_count_update, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::modelReset, &m_count_update, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::layoutChanged, &m_count_update,
            qOverload<>(&QTimer::start));
    connect(m_model, &DlqTableModel::distinctValuesChanged, this,
            [this] { m_filters->setValues(m_model->errorClasses(), m_model->models()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DlqPage::updateButtons);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DlqPage::showCurrent);
    m_filters->setCounts(0, 0);
    updateButtons();
}

DlqPage::~DlqPage()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->cancel(); });
    m_thread.quit();
    // A replay in flight ends first: its writes are confirmed or reported, never cut off.
    m_thread.wait();
}

QWidget *DlqPage::buildButtons()
{
    auto *bar = new QWidget(this);
    m_replay_selected = new QPushButton(tr("Replay selected"), bar);
    m_replay_selected->setObjectName(QStringLiteral("dlqReplaySelected"));
    m_replay_matching = new QPushButton(tr("Replay all matching"), bar);
    m_replay_matching->setObjectName(QStringLiteral("dlqReplayMatching"));
    m_edit_replay = new QPushButton(tr("Edit and replay…"), bar);
    m_edit_replay->setObjectName(QStringLiteral("dlqEditReplay"));
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_replay_selected);
    row->addWidget(m_replay_matching);
    row->addWidget(m_edit_replay);
    row->addStretch(1);
    connect(m_replay_selected, &QPushButton::clicked, this, &DlqPage::replaySelected);
    connect(m_replay_matching, &QPushButton::clicked, this, &DlqPage::replayAllMatching);
    connect(m_edit_replay, &QPushButton::clicked, this, &DlqPage::editAndReplay);
    return bar;
}

void DlqPage::setMaxReplays(int max_replays)
{
    m_guard = dlq::DlqReplayer(m_settings, max_replays);
}

void DlqPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded_once)
        refresh();
}

void DlqPage::refresh()
{
    m_loaded_once = true;
    const int generation = ++m_generation;
    m_loading = true;
    m_model->clear();
    m_detail->clear();
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Loading %1…").arg(m_settings.dlq_topic));
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, generation] { worker->load(generation); });
}

void DlqPage::onLoadStarted(int generation, qint64 expected)
{
    if (generation != m_generation)
        return;
    m_progress->setRange(0, int(qMin<qint64>(expected, INT_MAX)));
    m_progress->setValue(0);
}

void DlqPage::onPage(int generation, const QList<dlq::DlqRecord> &records)
{
    if (generation != m_generation)
        return; // a page of a load the operator has since restarted
    m_model->append(records);
    if (m_loading && m_progress->maximum() > 0)
        m_progress->setValue(qMin(m_progress->maximum(), m_model->rowCount()));
}

void DlqPage::onLoaded(int generation, qint64 total)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    m_proxy->resortNow();
    if (!m_replaying)
        m_progress->hide();
    m_status->setText(
        tr("%1 dead letters in %2.").arg(QLocale().toString(total), m_settings.dlq_topic));
    emit loadFinished(total);
}

void DlqPage::onLoadFailed(int generation, const QString &message)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    if (!m_replaying)
        m_progress->hide();
    m_status->setText(tr("Could not load the DLQ: %1").arg(message));
    emit loadFailed(message);
}

int DlqPage::selectedRowCount() const
{
    // Ranges, not selectedRows(): that one tests every cell, 300 ms for a select-all of 100,000.
    int rows = 0;
    for (const QItemSelectionRange &range : m_view->selectionModel()->selection())
        rows += range.height();
    return rows;
}

QList<int> DlqPage::selectedSourceRows() const
{
    QList<int> rows;
    for (const QItemSelectionRange &range : m_view->selectionModel()->selection())
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows.append(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    // Replays go out in DLQ order, whatever order the table shows; ranges may overlap.
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

QList<dlq::DlqRecord> DlqPage::recordsAt(const QList<int> &source_rows) const
{
    QList<dlq::DlqRecord> records;
    records.reserve(source_rows.size());
    for (int row : source_rows)
        records.append(m_model->record(row));
    return records;
}

void DlqPage::replaySelected()
{
    const QList<dlq::DlqRecord> records = recordsAt(selectedSourceRows());
    if (records.isEmpty() || m_replaying)
        return;
    confirmReplay(records, [this, records] { startReplay(records, nullptr); });
}

void DlqPage::replayAllMatching()
{
    const QList<dlq::DlqRecord> records = recordsAt(m_proxy->sourceRows());
    if (records.isEmpty() || m_replaying)
        return;
    confirmReplay(records, [this, records] { startReplay(records, nullptr); });
}

void DlqPage::editAndReplay()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.size() != 1 || m_replaying || !m_worker->canReplayEdited())
        return;
    const dlq::DlqRecord record = m_model->record(rows.constFirst());
    auto *dialog = new ReplayEditDialog(record, m_settings.source_topic, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, record] {
        const std::optional<QByteArray> value = dialog->editedValue();
        if (!value)
            return;
        confirmReplay({record},
                      [this, record, edited = *value] { startReplay({record}, &edited); });
    });
    dialog->open();
}

void DlqPage::confirmReplay(const QList<dlq::DlqRecord> &records, std::function<void()> go)
{
    const ReplayPlan plan(records, m_guard, m_replayed);
    if (plan.allowed().isEmpty()) {
        // Nothing would be sent: say why instead of asking.
        report({0, plan.refused(), {}}, int(records.size()));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Replay dead letters"),
                                plan.question(m_settings.source_topic), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("dlqReplayConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(plan.confirmLabel(), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("replayConfirm"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [box, yes, go = std::move(go)] {
        if (box->clickedButton() == yes)
            go();
    });
    // Window-modal and asynchronous: the UI thread keeps serving the worker while asking.
    box->open();
}

void DlqPage::startReplay(const QList<dlq::DlqRecord> &records, const QByteArray *edited_value)
{
    if (m_replaying)
        return;
    m_replaying = true;
    m_replay_requested = int(records.size());
    m_in_replay = records;
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(
        tr("Replaying %1 to %2…").arg(QLocale().toString(records.size()), m_settings.source_topic));
    updateButtons();
    const int max_replays = m_guard.maxReplays();
    if (edited_value) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, record = records.constFirst(), value = *edited_value,
                       max_replays] { worker->replayEdited(record, value, max_replays); });
    } else {
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, records, max_replays] {
            worker->replay(records, max_replays);
        });
    }
}

void DlqPage::onReplayProgress(int acknowledged, int total)
{
    if (!m_replaying)
        return;
    m_progress->setRange(0, total);
    m_progress->setValue(acknowledged);
}

void DlqPage::onReplayed(const dlq::ReplayResult &result)
{
    m_replaying = false;
    if (result.error.isEmpty()) {
        QSet<std::pair<qint32, qint64>> refused;
        for (const dlq::DlqRecord &r : result.refused)
            refused.insert({r.partition, r.offset});
        for (const dlq::DlqRecord &r : std::as_const(m_in_replay))
            if (!refused.contains({r.partition, r.offset}))
                m_replayed.insert({r.partition, r.offset});
    }
    m_in_replay.clear();
    if (!m_loading)
        m_progress->hide();
    report(result, m_replay_requested);
    updateButtons();
    emit replayFinished(result);
}

void DlqPage::report(const dlq::ReplayResult &result, int requested)
{
    const ReplayReport report(result, requested, m_guard, m_settings.source_topic,
                              m_settings.dlq_topic);
    m_status->setText(report.text(QLatin1Char(' ')));
    if (!report.needsAttention())
        return;
    auto *box =
        new QMessageBox(report.isError() ? QMessageBox::Warning : QMessageBox::Information,
                        tr("Replay"), report.text(QLatin1Char('\n')), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("dlqReplayReport"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDetailedText(report.details());
    box->open();
}

void DlqPage::applyFilters()
{
    m_proxy->setFilters(m_filters->errorClass(), m_filters->modelName(), m_filters->text());
}

void DlqPage::updateButtons()
{
    const int selected = selectedRowCount();
    m_replay_selected->setEnabled(!m_replaying && selected > 0);
    m_replay_matching->setEnabled(!m_replaying && m_proxy->rowCount() > 0);
    m_edit_replay->setEnabled(!m_replaying && selected == 1 && m_worker->canReplayEdited());
}

void DlqPage::showCurrent()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->showRecord(m_model->record(m_proxy->mapToSource(current).row()));
}

} // namespace herder::ui
