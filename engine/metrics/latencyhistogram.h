#pragma once

#include <QList>
#include <QtGlobal>

#include <array>
#include <limits>

namespace herder::metrics {

/// Log-linear histogram of durations in milliseconds: 32 linear sub-buckets per power of two
/// from 0.01 ms up to 1 hour, so any percentile is within ~1.6% of the true value. Values
/// above 1 hour land in the last bucket (max() keeps the true maximum), values below 0.01 ms
/// (and negatives, NaN) in a zero bucket. Fixed-size storage (~7 KiB): record() never
/// allocates. Not thread-safe: keep one per thread and merge() for reporting.
class LatencyHistogram
{
public:
    /// Records one duration.
    void record(double ms);
    /// Adds all of other's observations to this one.
    void merge(const LatencyHistogram &other);
    /// Forgets everything.
    void reset();

    /// Number of recorded values.
    quint64 count() const { return m_count; }
    /// The q-quantile (q in [0,1]) in ms; 0 when empty. q = 0 gives min(), q = 1 gives max().
    double percentile(double q) const;
    /// The largest recorded value (exact); 0 when empty.
    double max() const { return m_count ? m_max_ms : 0; }
    /// The smallest recorded value (exact); 0 when empty.
    double min() const { return m_count ? m_min_ms : 0; }
    /// The arithmetic mean (exact); 0 when empty.
    double mean() const { return m_count ? m_sum_ms / static_cast<double>(m_count) : 0; }

    /// For Prometheus: cumulative counts at the given upper bounds (seconds), plus sum in
    /// seconds (sum_ms() / 1000). A value in the same bucket as a bound counts as <= it.
    QList<quint64> cumulativeCounts(const QList<double> &upper_bounds_s) const;
    /// The sum of all recorded values (exact, unclamped) in ms.
    double sum_ms() const { return m_sum_ms; }

    static constexpr double kMin_ms = 0.01;
    static constexpr double kMax_ms = 3600.0 * 1000.0;
    static constexpr int kSubBuckets = 32; // per power of two: relative bucket width <= 1/32
    /// The zero bucket, then kSubBuckets per power of two up to the bucket holding kMax_ms.
    static constexpr int kBucketCount = [] {
        double units = kMax_ms / kMin_ms;
        int octave = 0;
        for (; units >= 2; units /= 2)
            ++octave;
        return 1 + octave * kSubBuckets + static_cast<int>((units - 1) * kSubBuckets) + 1;
    }();

    /// The bucket a value falls into (exposed for tests).
    static int bucketIndex(double ms);
    /// The bucket's lower edge in ms.
    static double bucketLower_ms(int index);
    /// The bucket's upper edge in ms (exclusive).
    static double bucketUpper_ms(int index);

private:
    std::array<quint64, kBucketCount> m_buckets{};
    quint64 m_count = 0;
    double m_sum_ms = 0;
    double m_min_ms = std::numeric_limits<double>::infinity();
    double m_max_ms = 0;
};

} // namespace herder::metrics
