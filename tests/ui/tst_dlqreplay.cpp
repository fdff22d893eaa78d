// The DLQ page against the real broker: it loads dead letters as the engine writes them, shows
// their payloads and headers, and replays them byte-identical through the same code paths the
// buttons use, with the loop guard's refusals reported.
#include "dlqfilterproxy.h"
#include "dlqpage.h"
#include "dlqtablemodel.h"
#include "replayeditdialog.h"
#include "testkafka.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using herder::dlq::ReplayResult;
using herder::ui::DlqPage;
using herder::ui::DlqTableModel;
using Record = TestKafka::Record;

namespace {

/// A dead letter as the engine's RecordBuilder writes it.
Record deadLetter(qint32 partition, const QByteArray &key, const QByteArray &value,
                  const QByteArray &error_class, const QByteArray &model, int http_status,
                  int attempts, const QByteArray &cost_usd, int replay_count = 0)
{
    Record r;
    r.partition = partition;
    r.key = key;
    r.value = value;
    r.headers = {{"trace-id", "trace-" + key}}; // the event's own header, carried along
    if (replay_count > 0) {
        r.headers.append({"herder-replay-of", "earlier-dlq/0/" + QByteArray::number(replay_count)});
        r.headers.append({"herder-replay-count", QByteArray::number(replay_count)});
    }
    r.headers += {{"herder-error-class", error_class},
                  {"herder-error", "HTTP " + QByteArray::number(http_status) + " from provider"},
                  {"herder-http-status", QByteArray::number(http_status)},
                  {"herder-model", model},
                  {"herder-attempts", QByteArray::number(attempts)},
                  {"herder-origin", "ai-events/3/" + QByteArray::number(100 + partition)},
                  {"herder-failed-at", "2025-03-01T10:00:0" + key.right(1) + ".000Z"},
                  {"herder-cost-usd", cost_usd}};
    return r;
}

template <typename T> T *visible(QWidget &page, const QString &name)
{
    for (T *child : page.findChildren<T *>(name))
        if (child->isVisible())
            return child;
    return nullptr;
}

} // namespace

class TestDlqReplay : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void loadsAndShowsDeadLetters();
    void replaysSelectedByteIdenticalAndReportsTheLoopGuard();
    void replaysAllMatchingWithCountsPlusOne();
    void editedReplayWritesTheEditedBytes();
    void refusesWhenEveryRecordIsAtTheLimit();
    void sourceTopicHoldsExactlyTheReplays();

private:
    int rowOf(const QByteArray &key) const;
    void select(const QList<QByteArray> &keys);
    /// Answers the open confirmation: returns its text.
    QString confirm(bool yes);
    ReplayResult waitForReplay();

    QByteArray m_source;
    QByteArray m_dlq;
    QList<Record> m_letters; // in DLQ order per partition, see initTestCase
    std::unique_ptr<DlqPage> m_page;
};

void TestDlqReplay::initTestCase()
{
    QVERIFY2(!TestKafka::bootstrap().isEmpty(),
             "no broker: run through ctest (fixture kafka) or set HERDER_TEST_BOOTSTRAP");
    m_source = TestKafka::uniqueName("dlqsrc");
    m_dlq = m_source + "-dlq";
    QString error;
    QVERIFY2(TestKafka::createTopics({m_source, m_dlq}, 2, &error), qPrintable(error));

    const QByteArray binary("\xff\xfe\x00\x01\x80 not text \xc3\x28", 17);
    // Partition 0 gets k0, k2, k4 (offsets 0, 1, 2); partition 1 gets k1, k3, k5.
    m_letters = {
        deadLetter(0, "k0", R"({"id":"evt-0","text":"Tôi muốn hoàn tiền đơn hàng"})",
                   "retries_exhausted", "gpt-4o-mini", 500, 5, "0.002"),
        deadLetter(1, "k1", binary, "invalid_payload", "", 0, 0, "0"),
        deadLetter(0, "k2", "just some text, not JSON", "invalid_payload", "", 0, 0, "0"),
        deadLetter(1, "k3", R"({"id":"evt-3","text":"looping forever"})", "retries_exhausted",
                   "claude-3-haiku", 503, 5, "0.001", 3),
        deadLetter(0, "k4", R"({"id":"evt-4","txt":"wrong field name"})", "retries_exhausted",
                   "claude-3-haiku", 500, 5, "0.003"),
        deadLetter(1, "k5", R"({"id":"evt-5","text":"second time here"})", "invalid_output",
                   "gpt-4o-mini", 200, 5, "0.005", 1),
    };
    QVERIFY2(TestKafka::produce(m_dlq, m_letters, &error), qPrintable(error));

    herder::config::EngineSettings settings;
    settings.kafka_common = {{"bootstrap.servers", TestKafka::bootstrap()}};
    settings.group = QString::fromUtf8(m_source + "-group");
    settings.source_topic = QString::fromUtf8(m_source);
    settings.dlq_topic = QString::fromUtf8(m_dlq);
    m_page = std::make_unique<DlqPage>(settings);
    QCOMPARE(m_page->maxReplays(), 3);
}

int TestDlqReplay::rowOf(const QByteArray &key) const
{
    const auto *proxy = m_page->filterProxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        if (m_page->tableModel()->record(proxy->mapToSource(proxy->index(row, 0)).row()).key == key)
            return row;
    return -1;
}

void TestDlqReplay::select(const QList<QByteArray> &keys)
{
    QItemSelectionModel *selection = m_page->tableView()->selectionModel();
    selection->clearSelection();
    for (const QByteArray &key : keys) {
        const int row = rowOf(key);
        QVERIFY2(row >= 0, key.constData());
        selection->select(m_page->filterProxy()->index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection->setCurrentIndex(m_page->filterProxy()->index(row, 0),
                                   QItemSelectionModel::NoUpdate);
    }
}

QString TestDlqReplay::confirm(bool yes)
{
    auto *box = visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayConfirmation"));
    if (!box)
        return {};
    const QString text = box->text();
    if (yes)
        box->findChild<QAbstractButton *>(QStringLiteral("replayConfirm"))->click();
    else
        box->button(QMessageBox::Cancel)->click();
    return text;
}

ReplayResult TestDlqReplay::waitForReplay()
{
    QSignalSpy finished(m_page.get(), &DlqPage::replayFinished);
    // The replay runs on the worker thread: the click returned before any write was confirmed.
    if (!m_page->isReplaying() || !finished.wait(60000))
        return {-1, {}, QStringLiteral("no replay result")};
    return finished.constFirst().constFirst().value<ReplayResult>();
}

void TestDlqReplay::loadsAndShowsDeadLetters()
{
    QSignalSpy loaded(m_page.get(), &DlqPage::loadFinished);
    m_page->resize(1200, 800);
    m_page->show(); // the first show loads the DLQ
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.constFirst().constFirst().toLongLong(), 6);
    QCOMPARE(m_page->tableModel()->rowCount(), 6);
    QTRY_COMPARE(m_page->findChild<QLabel *>(QStringLiteral("dlqCount"))->text(),
                 QStringLiteral("6 of 6 shown"));

    // The filter combos offer what was loaded, with counts.
    auto *classes = m_page->findChild<QComboBox *>(QStringLiteral("dlqClassFilter"));
    QStringList items;
    for (int i = 0; i < classes->count(); ++i)
        items << classes->itemText(i);
    QCOMPARE(items,
             (QStringList{QStringLiteral("All classes"), QStringLiteral("invalid_output (1)"),
                          QStringLiteral("invalid_payload (2)"),
                          QStringLiteral("retries_exhausted (3)")}));

    // JSON is shown pretty-printed, with every header.
    auto *payload = m_page->findChild<QPlainTextEdit *>(QStringLiteral("dlqPayload"));
    auto *headers = m_page->findChild<QTableWidget *>(QStringLiteral("dlqHeaders"));
    auto *summary = m_page->findChild<QLabel *>(QStringLiteral("dlqDetailSummary"));
    select({"k0"});
    QCOMPARE(payload->toPlainText(),
             QStringLiteral(
                 "{\n    \"id\": \"evt-0\",\n    \"text\": \"Tôi muốn hoàn tiền đơn hàng\"\n}\n"));
    QVERIFY2(summary->text().contains(QStringLiteral("JSON")), qPrintable(summary->text()));
    QCOMPARE(headers->rowCount(), m_letters[0].headers.size());
    for (int i = 0; i < headers->rowCount(); ++i) {
        QCOMPARE(headers->item(i, 0)->text().toUtf8(), m_letters[0].headers[i].first);
        QCOMPARE(headers->item(i, 1)->text().toUtf8(), m_letters[0].headers[i].second);
    }
    // Bytes that are not UTF-8 as a hex dump; other text as it is.
    select({"k1"});
    QVERIFY2(payload->toPlainText().startsWith(QStringLiteral(
                 "00000000  ff fe 00 01 80 20 6e 6f  74 20 74 65 78 74 20 c3  |..... not text .|")),
             qPrintable(payload->toPlainText()));
    QVERIFY(summary->text().contains(QStringLiteral("binary")));
    select({"k2"});
    QCOMPARE(payload->toPlainText(), QStringLiteral("just some text, not JSON"));
    QCOMPARE(m_page->tableModel()
                 ->index(m_page->filterProxy()
                             ->mapToSource(m_page->filterProxy()->index(rowOf("k1"), 0))
                             .row(),
                         DlqTableModel::Preview)
                 .data()
                 .toString(),
             QStringLiteral("<17 bytes, not UTF-8>"));
}

void TestDlqReplay::replaysSelectedByteIdenticalAndReportsTheLoopGuard()
{
    select({"k0", "k1", "k3"});
    auto *button = m_page->findChild<QPushButton *>(QStringLiteral("dlqReplaySelected"));
    QVERIFY(button->isEnabled());
    button->click();
    const QString question = confirm(true);
    QVERIFY2(question.contains(QStringLiteral("Replay 2 dead letters to topic “%1”?")
                                   .arg(QString::fromUtf8(m_source))),
             qPrintable(question));
    // k0 cost 0.002 over 5 attempts; k1 nothing.
    QVERIFY2(question.contains(QStringLiteral("Estimated LLM cost: $0.0004")),
             qPrintable(question));
    QVERIFY2(question.contains(QStringLiteral(
                 "1 more will be refused by the loop guard: replayed 3 times already (limit 3).")),
             qPrintable(question));
    const ReplayResult result = waitForReplay();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.replayed, 2);
    QCOMPARE(result.refused.size(), 1);
    QCOMPARE(result.refused.constFirst().key, QByteArray("k3"));

    // The refusal is put in front of the operator, with count and reason.
    auto *report = visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayReport"));
    QVERIFY(report);
    QVERIFY2(report->text().contains(QStringLiteral(
                 "1 refused by the loop guard: replayed 3 times already (limit 3).")),
             qPrintable(report->text()));
    QVERIFY(report->detailedText().contains(QString::fromUtf8(m_dlq) + QStringLiteral("/1/1")));
    report->button(QMessageBox::Ok)->click();
    QVERIFY(m_page->findChild<QLabel *>(QStringLiteral("dlqStatus"))
                ->text()
                .startsWith(QStringLiteral("Replayed 2 of 3 to ")));

    const QList<Record> source = TestKafka::readAll(m_source, 2, 30000);
    QCOMPARE(source.size(), 2);
    QHash<QByteArray, Record> byKey;
    for (const Record &r : source)
        byKey.insert(r.key, r);
    for (const auto &[key, position] : {std::pair{QByteArray("k0"), QByteArray("/0/0")},
                                        std::pair{QByteArray("k1"), QByteArray("/1/0")}}) {
        QVERIFY2(byKey.contains(key), key.constData());
        const Record &r = byKey[key];
        const Record &letter = m_letters[key.right(1).toInt()];
        QCOMPARE(r.value, letter.value); // byte-identical, binary included
        QCOMPARE(r.header("herder-replay-of"), m_dlq + position);
        QCOMPARE(r.header("herder-replay-count"), QByteArray("1"));
        QCOMPARE(r.header("trace-id"), letter.header("trace-id"));
        QVERIFY(r.header("herder-error-class").isNull()); // the dead letter's verdict stays behind
    }
}

void TestDlqReplay::replaysAllMatchingWithCountsPlusOne()
{
    auto *models = m_page->findChild<QComboBox *>(QStringLiteral("dlqModelFilter"));
    const int gpt = models->findData(QStringLiteral("gpt-4o-mini"));
    QVERIFY(gpt > 0);
    models->setCurrentIndex(gpt);
    QCOMPARE(m_page->filterProxy()->rowCount(), 2); // k0 and k5
    QTRY_COMPARE(m_page->findChild<QLabel *>(QStringLiteral("dlqCount"))->text(),
                 QStringLiteral("2 of 6 shown"));
    m_page->tableView()->selectionModel()->clearSelection();

    // Cancel writes nothing.
    QSignalSpy finished(m_page.get(), &DlqPage::replayFinished);
    m_page->findChild<QPushButton *>(QStringLiteral("dlqReplayMatching"))->click();
    QVERIFY(!confirm(false).isEmpty());
    QVERIFY(!m_page->isReplaying());

    m_page->findChild<QPushButton *>(QStringLiteral("dlqReplayMatching"))->click();
    const QString question = confirm(true);
    QVERIFY2(question.contains(QStringLiteral("Replay 2 dead letters")), qPrintable(question));
    QVERIFY2(question.contains(QStringLiteral("$0.0014")), qPrintable(question)); // 0.0004 + 0.001
    // k0 went out in the previous test: the operator is told before sending it twice.
    QVERIFY2(question.contains(QStringLiteral("1 of them were replayed from this window already")),
             qPrintable(question));
    const ReplayResult result = waitForReplay();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.replayed, 2);
    QVERIFY(result.refused.isEmpty());
    QCOMPARE(finished.size(), 1); // the cancelled one never ran
    QVERIFY(!visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayReport")));

    const QList<Record> source = TestKafka::readAll(m_source, 4, 30000);
    QCOMPARE(source.size(), 4);
    int k0 = 0;
    bool k5 = false;
    for (const Record &r : source) {
        if (r.key == "k5") {
            k5 = true;
            QCOMPARE(r.value, m_letters[5].value);
            QCOMPARE(r.header("herder-replay-of"), m_dlq + "/1/2");
            QCOMPARE(r.header("herder-replay-count"), QByteArray("2")); // it was 1
        } else if (r.key == "k0") {
            ++k0;
            QCOMPARE(r.value, m_letters[0].value);
            QCOMPARE(r.header("herder-replay-count"), QByteArray("1"));
        }
    }
    QVERIFY(k5);
    QCOMPARE(k0, 2);
    models->setCurrentIndex(0);
    QCOMPARE(m_page->filterProxy()->rowCount(), 6);
}

void TestDlqReplay::editedReplayWritesTheEditedBytes()
{
    // A binary payload opens as hex and survives the editor untouched.
    select({"k1"});
    m_page->editAndReplay();
    auto *dialog =
        visible<herder::ui::ReplayEditDialog>(*m_page, QStringLiteral("replayEditDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->editedValue().value_or(QByteArray()), m_letters[1].value);
    dialog->reject();
    QVERIFY(!visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayConfirmation")));

    // k4 has its text under the wrong key: the operator fixes it and replays the fix.
    select({"k4"});
    m_page->findChild<QPushButton *>(QStringLiteral("dlqEditReplay"))->click();
    dialog = visible<herder::ui::ReplayEditDialog>(*m_page, QStringLiteral("replayEditDialog"));
    QVERIFY(dialog);
    auto *editor = dialog->findChild<QPlainTextEdit *>(QStringLiteral("replayEditor"));
    QCOMPARE(editor->toPlainText().toUtf8(), m_letters[4].value); // raw bytes, not pretty-printed
    const QByteArray fixed = R"({"id":"evt-4","text":"fixed by the operator ✓"})";
    editor->setPlainText(QString::fromUtf8(fixed));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("replayEditCheck"))
                ->text()
                .startsWith(QStringLiteral("Valid JSON")));
    dialog->accept();
    const QString question = confirm(true);
    QVERIFY2(question.contains(QStringLiteral("Replay 1 dead letter to topic")),
             qPrintable(question));
    QVERIFY2(question.contains(QStringLiteral("$0.0006")), qPrintable(question)); // 0.003 / 5
    const ReplayResult result = waitForReplay();
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.replayed, 1);

    const QList<Record> source = TestKafka::readAll(m_source, 5, 30000);
    QCOMPARE(source.size(), 5);
    const auto edited =
        std::find_if(source.cbegin(), source.cend(), [](const Record &r) { return r.key == "k4"; });
    QVERIFY(edited != source.cend());
    QCOMPARE(edited->value, fixed);
    QCOMPARE(edited->header("herder-replay-of"), m_dlq + "/0/2");
    QCOMPARE(edited->header("herder-replay-count"), QByteArray("1"));
}

void TestDlqReplay::refusesWhenEveryRecordIsAtTheLimit()
{
    select({"k3"});
    QSignalSpy finished(m_page.get(), &DlqPage::replayFinished);
    m_page->replaySelected();
    // Nothing could be sent, so nothing is asked: the refusal is reported straight away.
    QVERIFY(!visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayConfirmation")));
    auto *report = visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayReport"));
    QVERIFY(report);
    QVERIFY2(report->text().contains(QStringLiteral("Replayed 0 of 1")),
             qPrintable(report->text()));
    QVERIFY2(report->text().contains(QStringLiteral(
                 "1 refused by the loop guard: replayed 3 times already (limit 3).")),
             qPrintable(report->text()));
    report->button(QMessageBox::Ok)->click();
    QVERIFY(!m_page->isReplaying());

    // A lower limit refuses more, and says so with the new limit.
    m_page->setMaxReplays(1);
    select({"k5"});
    m_page->replaySelected();
    report = visible<QMessageBox>(*m_page, QStringLiteral("dlqReplayReport"));
    QVERIFY(report);
    QVERIFY2(report->text().contains(QStringLiteral("replayed 1 times already (limit 1)")),
             qPrintable(report->text()));
    report->button(QMessageBox::Ok)->click();
    m_page->setMaxReplays(3);
    QVERIFY(finished.isEmpty());
}

void TestDlqReplay::sourceTopicHoldsExactlyTheReplays()
{
    // Everything the earlier steps sent, and nothing for the record at the limit.
    const QList<Record> source = TestKafka::readAll(m_source, 5, 30000, 3000);
    QCOMPARE(source.size(), 5);
    for (const Record &r : source)
        QVERIFY2(r.header("herder-replay-of") != m_dlq + "/1/1",
                 "the record replayed 3 times already reached the source topic");

    // Refresh reloads the same six dead letters (replays never touch the DLQ).
    QSignalSpy loaded(m_page.get(), &DlqPage::loadFinished);
    m_page->findChild<QPushButton *>(QStringLiteral("dlqRefresh"))->click();
    QVERIFY(m_page->isLoading());
    QVERIFY(loaded.wait(30000));
    QCOMPARE(m_page->tableModel()->rowCount(), 6);
    m_page.reset(); // stops the worker thread cleanly
}

QTEST_MAIN(TestDlqReplay)
#include "tst_dlqreplay.moc"
