#include "metrics/latencyhistogram.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using herder::metrics::LatencyHistogram;

namespace {

/// Nearest-rank percentile of a sorted sample: what percentile() approximates.
double exactPercentile(const std::vector<double> &sorted, double q)
{
    const auto rank = std::max<size_t>(
        1, static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size()))));
    return sorted[rank - 1];
}

} // namespace

class TestLatencyHistogram : public QObject
{
    Q_OBJECT

private slots:
    void empty();
    void bucketLayout();
    void singleValue();
    void knownDistributions_data();
    void knownDistributions();
    void extremes();
    void merge();
    void reset();
    void cumulativeCounts();
    void timing();
};

void TestLatencyHistogram::empty()
{
    const LatencyHistogram histogram;
    QCOMPARE(histogram.count(), 0u);
    QCOMPARE(histogram.percentile(0.5), 0.0);
    QCOMPARE(histogram.percentile(0.0), 0.0);
    QCOMPARE(histogram.percentile(1.0), 0.0);
    QCOMPARE(histogram.max(), 0.0);
    QCOMPARE(histogram.mean(), 0.0);
    QCOMPARE(histogram.sum_ms(), 0.0);
    QCOMPARE(histogram.cumulativeCounts({0.1, 1.0}), QList<quint64>({0, 0}));
}

void TestLatencyHistogram::bucketLayout()
{
    QCOMPARE(LatencyHistogram::bucketIndex(LatencyHistogram::kMax_ms),
             LatencyHistogram::kBucketCount - 1);
    QVERIFY(LatencyHistogram::bucketUpper_ms(LatencyHistogram::kBucketCount - 1)
            > LatencyHistogram::kMax_ms);
    QCOMPARE(LatencyHistogram::bucketIndex(0.0), 0);
    QCOMPARE(LatencyHistogram::bucketIndex(0.0099), 0);
    QCOMPARE(LatencyHistogram::bucketIndex(0.01), 1);
    // Every value sits inside its bucket, and buckets are narrow enough for 2%.
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> log_ms(std::log(0.01), std::log(3.6e6));
    int previous = 0;
    for (int i = 0; i < 200000; ++i) {
        const double ms = std::exp(log_ms(rng));
        const int index = LatencyHistogram::bucketIndex(ms);
        QVERIFY(index >= 1 && index < LatencyHistogram::kBucketCount);
        const double lower = LatencyHistogram::bucketLower_ms(index);
        const double upper = LatencyHistogram::bucketUpper_ms(index);
        QVERIFY2(lower <= ms * (1 + 1e-12) && ms < upper * (1 + 1e-12),
                 qPrintable(QStringLiteral("%1 in [%2, %3)").arg(ms).arg(lower).arg(upper)));
        QVERIFY((upper - lower) / lower <= 1.0 / LatencyHistogram::kSubBuckets + 1e-12);
    }
    // Buckets tile the range without gaps.
    for (int index = 1; index < LatencyHistogram::kBucketCount; ++index) {
        QCOMPARE(LatencyHistogram::bucketLower_ms(index),
                 LatencyHistogram::bucketUpper_ms(index - 1));
        const double mid = (LatencyHistogram::bucketLower_ms(index)
                            + LatencyHistogram::bucketUpper_ms(index))
                           / 2;
        QVERIFY(LatencyHistogram::bucketIndex(mid) >= previous);
        previous = LatencyHistogram::bucketIndex(mid);
        QCOMPARE(previous, index);
    }
}

void TestLatencyHistogram::singleValue()
{
    LatencyHistogram histogram;
    histogram.record(123.456);
    QCOMPARE(histogram.count(), 1u);
    for (const double q : {0.0, 0.01, 0.5, 0.99, 1.0})
        QCOMPARE(histogram.percentile(q), 123.456); // clamped to the exact min/max
    QCOMPARE(histogram.max(), 123.456);
    QCOMPARE(histogram.mean(), 123.456);
}

void TestLatencyHistogram::knownDistributions_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("uniform 1..10000 ms") << QStringLiteral("uniform");
    QTest::newRow("log-uniform 0.01 ms..1 h") << QStringLiteral("loguniform");
    QTest::newRow("exponential mean 250 ms") << QStringLiteral("exponential");
    QTest::newRow("lognormal (LLM-like)") << QStringLiteral("lognormal");
    QTest::newRow("bimodal cache hits + misses") << QStringLiteral("bimodal");
}

void TestLatencyHistogram::knownDistributions()
{
    QFETCH(QString, kind);
    std::mt19937_64 rng(qHash(kind));
    std::uniform_real_distribution<double> uniform(1, 10000);
    std::uniform_real_distribution<double> log_uniform(std::log(0.01), std::log(3.6e6));
    std::exponential_distribution<double> exponential(1.0 / 250);
    std::lognormal_distribution<double> lognormal(std::log(800), 0.6);
    std::bernoulli_distribution cache_hit(0.3);
    std::normal_distribution<double> hit_ms(2, 0.3);

    std::vector<double> values;
    LatencyHistogram histogram;
    double sum_ms = 0;
    for (int i = 0; i < 200000; ++i) {
        double ms = 0;
        if (kind == u"uniform")
            ms = uniform(rng);
        else if (kind == u"loguniform")
            ms = std::exp(log_uniform(rng));
        else if (kind == u"exponential")
            ms = std::max(0.01, exponential(rng));
        else if (kind == u"lognormal")
            ms = lognormal(rng);
        else
            ms = cache_hit(rng) ? std::max(0.5, hit_ms(rng)) : lognormal(rng);
        values.push_back(ms);
        sum_ms += ms;
        histogram.record(ms);
    }
    std::sort(values.begin(), values.end());
    QCOMPARE(histogram.count(), quint64(values.size()));
    QCOMPARE(histogram.max(), values.back());
    QVERIFY(std::abs(histogram.mean() - sum_ms / 200000) <= 1e-9 * sum_ms);
    for (const double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
        const double exact = exactPercentile(values, q);
        const double estimate = histogram.percentile(q);
        const double error = std::abs(estimate - exact) / exact;
        QVERIFY2(error <= 0.02, qPrintable(QStringLiteral("q=%1: %2 vs exact %3 (%4%)")
                                               .arg(q)
                                               .arg(estimate)
                                               .arg(exact)
                                               .arg(error * 100)));
    }
    QCOMPARE(histogram.percentile(0), values.front());
    QCOMPARE(histogram.percentile(1), values.back());
}

void TestLatencyHistogram::extremes()
{
    LatencyHistogram histogram;
    histogram.record(5e6);  // beyond 1 h
    histogram.record(1e9);
    histogram.record(1e300);
    QCOMPARE(histogram.count(), 3u);
    QCOMPARE(histogram.max(), 1e300);
    QVERIFY(histogram.percentile(0.5) <= histogram.max());
    QVERIFY(histogram.percentile(0.5) >= LatencyHistogram::kMax_ms * 0.98);

    LatencyHistogram odd;
    odd.record(0);
    odd.record(-3);  // a clock step backwards
    odd.record(std::numeric_limits<double>::quiet_NaN());
    odd.record(0.001);
    QCOMPARE(odd.count(), 4u);
    QCOMPARE(odd.sum_ms(), 0.001);
    QCOMPARE(odd.max(), 0.001);
    QVERIFY(!std::isnan(odd.mean()));
    QVERIFY(odd.percentile(0.5) >= 0 && odd.percentile(0.5) <= 0.001);

    LatencyHistogram infinite;
    infinite.record(std::numeric_limits<double>::infinity());
    QCOMPARE(infinite.count(), 1u);
    QCOMPARE(infinite.cumulativeCounts({3600.0}), QList<quint64>({1}));
}

void TestLatencyHistogram::merge()
{
    std::mt19937_64 rng(99);
    std::lognormal_distribution<double> lognormal(std::log(300), 1.0);
    LatencyHistogram a;
    LatencyHistogram b;
    LatencyHistogram all;
    for (int i = 0; i < 50000; ++i) {
        const double ms = lognormal(rng);
        (i % 3 == 0 ? a : b).record(ms);
        all.record(ms);
    }
    LatencyHistogram merged = a;
    merged.merge(b);
    QCOMPARE(merged.count(), all.count());
    QCOMPARE(merged.max(), all.max());
    QVERIFY(std::abs(merged.sum_ms() - all.sum_ms()) <= 1e-9 * all.sum_ms());
    for (const double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0})
        QCOMPARE(merged.percentile(q), all.percentile(q));
    const QList<double> bounds = {0.05, 0.1, 0.5, 1, 5, 30};
    QCOMPARE(merged.cumulativeCounts(bounds), all.cumulativeCounts(bounds));

    LatencyHistogram empty;
    merged.merge(empty);
    QCOMPARE(merged.count(), all.count());
    empty.merge(all);
    QCOMPARE(empty.percentile(0.5), all.percentile(0.5));
    QCOMPARE(empty.percentile(0), all.percentile(0));
}

void TestLatencyHistogram::reset()
{
    LatencyHistogram histogram;
    for (int i = 1; i <= 100; ++i)
        histogram.record(i);
    histogram.reset();
    QCOMPARE(histogram.count(), 0u);
    QCOMPARE(histogram.percentile(0.5), 0.0);
    QCOMPARE(histogram.max(), 0.0);
    QCOMPARE(histogram.sum_ms(), 0.0);
    histogram.record(7);
    QCOMPARE(histogram.percentile(0), 7.0); // min was forgotten too
    QCOMPARE(histogram.percentile(1), 7.0);
}

void TestLatencyHistogram::cumulativeCounts()
{
    LatencyHistogram histogram;
    for (int i = 0; i < 10; ++i) {
        histogram.record(1);
        histogram.record(50);
        histogram.record(200);
        histogram.record(2000);
    }
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(histogram.cumulativeCounts({0.0005, 0.005, 0.05, 0.1, 0.25, 1, 5, inf}),
             QList<quint64>({0, 10, 20, 20, 30, 30, 40, 40}));
    // Values exactly on a bound count as <= it (Prometheus "le").
    QCOMPARE(histogram.cumulativeCounts({0.001, 0.2, 2}), QList<quint64>({10, 30, 40}));
    // Unsorted bounds still work.
    QCOMPARE(histogram.cumulativeCounts({5, 0.005, 0.25}), QList<quint64>({40, 10, 30}));
    QCOMPARE(histogram.cumulativeCounts({}), QList<quint64>());
    QCOMPARE(histogram.cumulativeCounts({-1}), QList<quint64>({0}));
    QCOMPARE(histogram.sum_ms(), 10.0 * (1 + 50 + 200 + 2000));
}

void TestLatencyHistogram::timing()
{
    std::vector<double> values(1 << 16);
    std::mt19937_64 rng(5);
    std::lognormal_distribution<double> lognormal(std::log(300), 1.0);
    for (double &value : values)
        value = lognormal(rng);
    LatencyHistogram histogram;
    constexpr int kRounds = 50;
    QElapsedTimer timer;
    timer.start();
    for (int round = 0; round < kRounds; ++round) {
        for (const double value : values)
            histogram.record(value);
    }
    const double ns = static_cast<double>(timer.nsecsElapsed())
                      / (kRounds * static_cast<double>(values.size()));
    QCOMPARE(histogram.count(), quint64(kRounds) * values.size());
    qInfo("LatencyHistogram::record: %.1f ns", ns);
}

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
