// The DLQ table model and its filter proxy at 100,000 records: coalesced inserts, exact cells,
// exact filter results, and the time appending and filtering take.
#include "dlqfilterproxy.h"
#include "dlqtablemodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using herder::dlq::DlqRecord;
using herder::ui::DlqFilterProxy;
using herder::ui::DlqTableModel;

namespace {

constexpr int kRecords = 100000;
constexpr int kPage = 2000;
const QStringList kClasses{QStringLiteral("retries_exhausted"), QStringLiteral("invalid_payload"),
                           QStringLiteral("invalid_output"), QStringLiteral("http_400")};
// The last model is none at all, as for records that never reached a model.
const QStringList kModels{QStringLiteral("gpt-4o-mini"), QStringLiteral("claude-3-haiku"),
                          QStringLiteral("llama-3-8b"), QStringLiteral("qwen-2.5-7b"), QString()};

// Which synthetic records carry the search word, and where.
bool binary(int i)
{
    return i % 1000 == 999;
}
bool zebraInText(int i)
{
    return i % 97 == 0 && !binary(i);
} // 54,999 is binary
bool zebraInError(int i)
{
    return i % 1000 == 500;
}

/// Record i, built as the reader builds them: bytes and headers, then parseHeaders().
DlqRecord synthetic(int i)
{
    DlqRecord r;
    r.partition = i % 6;
    r.offset = i / 6;
    const QByteArray n = QByteArray::number(i);
    const QByteArray text =
        QByteArray(zebraInText(i) ? "ZeBrA crossing near order " : "refund for order ") + n;
    if (binary(i))
        r.value = QByteArray("\xff\xfe\x00\x01 binary ", 13) + n;
    else
        r.value = R"({"id":"evt-)" + n + R"(","text":")" + text + R"("})";
    const QByteArray error =
        zebraInError(i) ? "upstream zebra-gateway timed out" : "HTTP 500 from provider";
    const int seconds = i % 86400;
    const QByteArray failed_at = QStringLiteral("2025-03-01T%1:%2:%3.000Z")
                                     .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
                                     .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                                     .arg(seconds % 60, 2, 10, QLatin1Char('0'))
                                     .toLatin1();
    // One copy of each header name, shared by every record, as DlqReader hands them out.
    static const QByteArray kNames[] = {
        "herder-error-class", "herder-error",  "herder-http-status", "herder-model",
        "herder-attempts",    "herder-origin", "herder-failed-at",   "herder-cost-usd"};
    r.headers = {{kNames[0], kClasses[i % 4].toUtf8()},
                 {kNames[1], error},
                 {kNames[2], QByteArray::number(i % 4 == 0 ? 500 : 0)},
                 {kNames[3], kModels[i % 5].toUtf8()},
                 {kNames[4], QByteArray::number(1 + i % 5)},
                 {kNames[5], "ai-events/" + QByteArray::number(i % 12) + '/' + n},
                 {kNames[6], failed_at},
                 {kNames[7], "0.0001"}};
    r.parseHeaders();
    return r;
}

QList<DlqRecord> page(int first)
{
    QList<DlqRecord> records;
    records.reserve(kPage);
    for (int i = first; i < first + kPage; ++i)
        records.append(synthetic(i));
    return records;
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : -1;
}

/// Source rows the proxy shows, ascending: the filter result as a set.
QList<int> shown(const DlqFilterProxy &proxy)
{
    return proxy.sourceRows();
}

QList<int> expected(const std::function<bool(int)> &matches, int count = kRecords)
{
    QList<int> rows;
    for (int i = 0; i < count; ++i)
        if (matches(i))
            rows.append(i);
    return rows;
}

} // namespace

class TestDlqModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void appendsPagesCoalescedUnderTheTester();
    void cellsShowTheRecord();
    void filtersGiveExactRows();
    void sortsByTypedValues();
    void proxyPassesTheTesterThroughFilterChanges();
    void timings();

private:
    DlqTableModel m_model;
};

void TestDlqModel::initTestCase()
{
    QCOMPARE(kClasses.size(), 4);
}

void TestDlqModel::appendsPagesCoalescedUnderTheTester()
{
    QAbstractItemModelTester tester(&m_model,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m_model, &QAbstractItemModel::rowsInserted);
    for (int first = 0; first < kRecords; first += kPage) {
        m_model.append(page(first));
        QCOMPARE(m_model.rowCount(), first + kPage);
        // One insert per page, covering exactly that page.
        QCOMPARE(inserted.size(), first / kPage + 1);
        QCOMPARE(inserted.last().at(1).toInt(), first);
        QCOMPARE(inserted.last().at(2).toInt(), first + kPage - 1);
    }
    QCOMPARE(m_model.rowCount(), kRecords);
    QCOMPARE(m_model.columnCount(), int(DlqTableModel::ColumnCount));
    QCOMPARE(inserted.size(), kRecords / kPage);
    QCOMPARE(m_model.errorClasses().size(), 4);
    QCOMPARE(m_model.errorClasses().value(QStringLiteral("invalid_output")), kRecords / 4);
    QCOMPARE(m_model.models().size(), 5);
    QCOMPARE(m_model.models().value(QString()), kRecords / 5);
}

void TestDlqModel::cellsShowTheRecord()
{
    QCOMPARE(m_model.rowCount(), kRecords);
    const auto cell = [this](int row, int column) { return m_model.index(row, column).data(); };
    // Record 12345: partition 3, class 12345 % 4 = 1, model 12345 % 5 = 0, attempts 1 + 0.
    QCOMPARE(cell(12345, DlqTableModel::FailedAt).toString(),
             QStringLiteral("2025-03-01T03:25:45.000Z"));
    QCOMPARE(cell(12345, DlqTableModel::Origin).toString(), QStringLiteral("ai-events/9/12345"));
    QCOMPARE(cell(12345, DlqTableModel::ErrorClass).toString(), QStringLiteral("invalid_payload"));
    QCOMPARE(cell(12345, DlqTableModel::Model).toString(), QStringLiteral("gpt-4o-mini"));
    QVERIFY(!cell(12345, DlqTableModel::HttpStatus).isValid()); // no HTTP answer
    QCOMPARE(cell(12345, DlqTableModel::Attempts).toInt(), 1);
    QCOMPARE(cell(12345, DlqTableModel::Preview).toString(),
             QStringLiteral("refund for order 12345"));
    QCOMPARE(m_model.record(12345).offset, qint64(12345 / 6));
    QCOMPARE(m_model.record(12345).partition, 12345 % 6);
    // Record 97 * 4 = 388: the search word in its text, HTTP 500, model 388 % 5 = 3.
    QCOMPARE(cell(388, DlqTableModel::HttpStatus).toInt(), 500);
    QCOMPARE(cell(388, DlqTableModel::Model).toString(), QStringLiteral("qwen-2.5-7b"));
    QCOMPARE(cell(388, DlqTableModel::Preview).toString(),
             QStringLiteral("ZeBrA crossing near order 388"));
    QCOMPARE(m_model.index(388, DlqTableModel::ErrorClass).data(Qt::ToolTipRole).toString(),
             QStringLiteral("HTTP 500 from provider"));
    // Record 999: bytes that are not UTF-8 get a size note, never mangled text.
    QCOMPARE(cell(999, DlqTableModel::Preview).toString(), QStringLiteral("<16 bytes, not UTF-8>"));
    QCOMPARE(cell(99999, DlqTableModel::Attempts).toInt(), 5);
    // Interned: rows share one string per class instead of one allocation each.
    QVERIFY(m_model.record(1).error_class.constData() == m_model.record(5).error_class.constData());
}

void TestDlqModel::filtersGiveExactRows()
{
    DlqFilterProxy proxy(&m_model);
    QCOMPARE(proxy.rowCount(), kRecords);

    proxy.setErrorClass(QStringLiteral("invalid_output"));
    QCOMPARE(proxy.rowCount(), 25000);
    QCOMPARE(shown(proxy), expected([](int i) { return i % 4 == 2; }));

    proxy.setFilters(std::nullopt, QStringLiteral("claude-3-haiku"), {});
    QCOMPARE(proxy.rowCount(), 20000);
    QCOMPARE(shown(proxy), expected([](int i) { return i % 5 == 1; }));

    // The empty model is a value of its own: records that never reached a model.
    proxy.setModelName(QString());
    QCOMPARE(proxy.rowCount(), 20000);
    QCOMPARE(shown(proxy), expected([](int i) { return i % 5 == 4; }));

    // Text: case-insensitive, in the preview or in the error message.
    proxy.setFilters(std::nullopt, std::nullopt, QStringLiteral("zebra"));
    const QList<int> zebra = expected([](int i) { return zebraInText(i) || zebraInError(i); });
    // 1,031 multiples of 97 less the binary 54,999, plus 100 errors, less 48,500 (has both).
    QCOMPARE(zebra.size(), 1129);
    QCOMPARE(shown(proxy), zebra);
    proxy.setText(QStringLiteral("ZEBRA-GATEWAY"));
    QCOMPARE(shown(proxy), expected(zebraInError));
    proxy.setText(QStringLiteral("not utf-8"));
    QCOMPARE(proxy.rowCount(), 100);

    // Combined: class http_400 (i % 4 == 3), model llama (i % 5 == 2), text zebra.
    proxy.setFilters(QStringLiteral("http_400"), QStringLiteral("llama-3-8b"),
                     QStringLiteral("zebra"));
    const QList<int> combined = expected(
        [](int i) { return i % 4 == 3 && i % 5 == 2 && (zebraInText(i) || zebraInError(i)); });
    QVERIFY(!combined.isEmpty());
    QCOMPARE(shown(proxy), combined);
    proxy.setFilters(QStringLiteral("retries_exhausted"), QStringLiteral("gpt-4o-mini"), {});
    QCOMPARE(proxy.rowCount(), 5000); // i % 20 == 0

    // A value nobody has matches nothing; clearing everything shows everything again.
    proxy.setErrorClass(QStringLiteral("no_such_class"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilters(std::nullopt, std::nullopt, {});
    QCOMPARE(proxy.rowCount(), kRecords);
    QCOMPARE(shown(proxy).size(), kRecords);
}

void TestDlqModel::sortsByTypedValues()
{
    DlqFilterProxy proxy(&m_model);
    proxy.sort(DlqTableModel::Origin, Qt::AscendingOrder);
    // Numeric partition order: ai-events/2/... before ai-events/10/...
    for (int row = 1; row < proxy.rowCount(); row += 997) {
        const QStringList a =
            proxy.index(row - 1, DlqTableModel::Origin).data().toString().split(u'/');
        const QStringList b = proxy.index(row, DlqTableModel::Origin).data().toString().split(u'/');
        QVERIFY2(a[1].toInt() < b[1].toInt() ||
                     (a[1] == b[1] && a[2].toLongLong() <= b[2].toLongLong()),
                 qPrintable(a.join(u'/') + QStringLiteral(" before ") + b.join(u'/')));
    }
    QCOMPARE(proxy.index(0, DlqTableModel::Origin).data().toString(),
             QStringLiteral("ai-events/0/0"));
    proxy.sort(DlqTableModel::FailedAt, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, DlqTableModel::FailedAt).data().toString(),
             QStringLiteral("2025-03-01T23:59:59.000Z"));
    // Filtering keeps the sort.
    proxy.setErrorClass(QStringLiteral("http_400"));
    QCOMPARE(proxy.rowCount(), 25000);
    QString previous = proxy.index(0, DlqTableModel::FailedAt).data().toString();
    for (int row = 1; row < proxy.rowCount(); ++row) {
        const QString current = proxy.index(row, DlqTableModel::FailedAt).data().toString();
        QVERIFY(current <= previous);
        previous = current;
    }
    // A page appended while sorted lands in order once the coalesced re-sort ran.
    DlqTableModel small;
    DlqFilterProxy sorted(&small);
    sorted.sort(DlqTableModel::Attempts, Qt::AscendingOrder);
    small.append(page(0));
    small.append(page(kPage));
    QCOMPARE(sorted.rowCount(), 2 * kPage);
    // Until the re-sort, the second page sits after the first: row 800 has 3 attempts.
    QTRY_COMPARE(sorted.index(2 * kPage / 5, DlqTableModel::Attempts).data().toInt(), 2);
    for (int row = 1; row < sorted.rowCount(); ++row)
        QVERIFY(sorted.index(row - 1, DlqTableModel::Attempts).data().toInt() <=
                sorted.index(row, DlqTableModel::Attempts).data().toInt());
}

void TestDlqModel::proxyPassesTheTesterThroughFilterChanges()
{
    // The tester walks every index on every change; at this size that stays quick.
    DlqTableModel small;
    DlqFilterProxy proxy(&small);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(DlqTableModel::FailedAt, Qt::DescendingOrder);
    small.append(page(0));
    proxy.setErrorClass(QStringLiteral("invalid_payload"));
    QCOMPARE(proxy.rowCount(), kPage / 4);
    small.append(page(kPage)); // appends while filtered are filtered too
    QCOMPARE(proxy.rowCount(), 2 * kPage / 4);
    proxy.setFilters(QStringLiteral("invalid_payload"), QStringLiteral("gpt-4o-mini"), {});
    QCOMPARE(shown(proxy), expected([](int i) { return i % 4 == 1 && i % 5 == 0; }, 2 * kPage));
    proxy.setText(QStringLiteral("zebra"));
    QCOMPARE(
        shown(proxy),
        expected(
            [](int i) { return i % 4 == 1 && i % 5 == 0 && (zebraInText(i) || zebraInError(i)); },
            2 * kPage));
    proxy.setFilters(std::nullopt, std::nullopt, {});
    QCOMPARE(proxy.rowCount(), 2 * kPage);
    small.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestDlqModel::timings()
{
    // Records are made before the clock starts: what is timed is the model, not the fixture.
    const qint64 rss_before = residentBytes();
    QList<QList<DlqRecord>> pages;
    for (int first = 0; first < kRecords; first += kPage)
        pages.append(page(first));
    DlqTableModel model;
    DlqFilterProxy proxy(&model);
    proxy.sort(DlqTableModel::FailedAt, Qt::DescendingOrder);
    QElapsedTimer clock;
    clock.start();
    qint64 slowest_ns = 0;
    for (const QList<DlqRecord> &p : std::as_const(pages)) {
        QElapsedTimer one;
        one.start();
        model.append(p);
        slowest_ns = qMax(slowest_ns, one.nsecsElapsed());
    }
    const double append_ms = double(clock.nsecsElapsed()) / 1e6;
    QCOMPARE(proxy.rowCount(), kRecords);
    clock.restart();
    proxy.sort(DlqTableModel::FailedAt, Qt::DescendingOrder);
    proxy.sort(DlqTableModel::FailedAt, Qt::AscendingOrder);
    const double sort_ms = double(clock.nsecsElapsed()) / 1e6;
    pages.clear(); // the model now holds the only references
    const qint64 rss_after = residentBytes();

    clock.restart();
    proxy.setErrorClass(QStringLiteral("invalid_output"));
    QCOMPARE(proxy.rowCount(), 25000);
    const double class_ms = double(clock.nsecsElapsed()) / 1e6;
    clock.restart();
    proxy.setFilters(std::nullopt, std::nullopt, QStringLiteral("zebra"));
    QCOMPARE(proxy.rowCount(), 1129);
    const double text_ms = double(clock.nsecsElapsed()) / 1e6;
    clock.restart();
    proxy.setFilters(std::nullopt, std::nullopt, {});
    QCOMPARE(proxy.rowCount(), kRecords);
    const double clear_ms = double(clock.nsecsElapsed()) / 1e6;

    qInfo("DLQ MODEL: appended %d records in pages of %d in %.1f ms (slowest page %.1f ms, "
          "proxy sorted by time); re-sort %.1f ms",
          kRecords, kPage, append_ms, double(slowest_ns) / 1e6, sort_ms / 2);
    qInfo("DLQ FILTER at %d: class %.1f ms, text %.1f ms, clear %.1f ms (sorted proxy)", kRecords,
          class_ms, text_ms, clear_ms);
    if (rss_before > 0 && rss_after > 0)
        qInfo("DLQ MEMORY: about %.0f MB resident for %d records (%.0f bytes each, records, "
              "previews and proxy mapping)",
              double(rss_after - rss_before) / 1e6, kRecords,
              double(rss_after - rss_before) / kRecords);
}

QTEST_MAIN(TestDlqModel)
#include "tst_dlqmodel.moc"
