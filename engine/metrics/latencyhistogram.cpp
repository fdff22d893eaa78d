#include "metrics/latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace herder::metrics {

namespace {
constexpr double kMaxUnits = LatencyHistogram::kMax_ms / LatencyHistogram::kMin_ms;
} // namespace

int LatencyHistogram::bucketIndex(double ms)
{
    const double units = ms * (1.0 / kMin_ms); // multiples of kMin_ms; NaN compares false below
    if (!(units >= 1.0))
        return 0;
    if (units >= kMaxUnits) // also keeps infinity away from frexp()
        return kBucketCount - 1;
    int exponent = 0;
    const double mantissa = std::frexp(units, &exponent); // units = mantissa * 2^exponent
    const int octave = exponent - 1;                      // mantissa in [0.5, 1)
    const int sub = static_cast<int>((mantissa * 2.0 - 1.0) * kSubBuckets);
    return 1 + octave * kSubBuckets + sub;
}

double LatencyHistogram::bucketLower_ms(int index)
{
    if (index <= 0)
        return 0;
    const int octave = (index - 1) / kSubBuckets;
    const int sub = (index - 1) % kSubBuckets;
    return std::ldexp(kMin_ms * (1.0 + static_cast<double>(sub) / kSubBuckets), octave);
}

double LatencyHistogram::bucketUpper_ms(int index)
{
    if (index <= 0)
        return kMin_ms;
    const int octave = (index - 1) / kSubBuckets;
    const int sub = (index - 1) % kSubBuckets;
    return std::ldexp(kMin_ms * (1.0 + static_cast<double>(sub + 1) / kSubBuckets), octave);
}

void LatencyHistogram::record(double ms)
{
    if (!(ms > 0))
        ms = 0; // negatives and NaN: a clock hiccup, not a reason to poison sum and max
    ++m_buckets[static_cast<size_t>(bucketIndex(ms))];
    ++m_count;
    m_sum_ms += ms;
    m_min_ms = std::min(m_min_ms, ms);
    m_max_ms = std::max(m_max_ms, ms);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sum_ms += other.m_sum_ms;
    m_min_ms = std::min(m_min_ms, other.m_min_ms);
    m_max_ms = std::max(m_max_ms, other.m_max_ms);
}

void LatencyHistogram::reset()
{
    *this = LatencyHistogram();
}

double LatencyHistogram::percentile(double q) const
{
    if (m_count == 0)
        return 0;
    if (!(q > 0))
        return m_min_ms;
    if (q >= 1)
        return m_max_ms;
    // Nearest rank: the smallest value with at least q * count values at or below it.
    const auto rank = std::max<quint64>(
        1, static_cast<quint64>(std::ceil(q * static_cast<double>(m_count))));
    quint64 seen = 0;
    for (int i = 0; i < kBucketCount; ++i) {
        seen += m_buckets[static_cast<size_t>(i)];
        if (seen >= rank) {
            const double mid_ms = (bucketLower_ms(i) + bucketUpper_ms(i)) / 2;
            // The exact extremes beat a bucket midpoint (and tame the overflow bucket).
            return std::clamp(mid_ms, m_min_ms, m_max_ms);
        }
    }
    return m_max_ms;
}

QList<quint64> LatencyHistogram::cumulativeCounts(const QList<double> &upper_bounds_s) const
{
    QList<quint64> counts;
    counts.reserve(upper_bounds_s.size());
    // Bounds are normally ascending: carry the running sum forward, restart when they are not.
    int next_bucket = 0;
    quint64 running = 0;
    for (const double bound_s : upper_bounds_s) {
        if (std::isnan(bound_s) || bound_s < 0) {
            counts.append(0);
            continue;
        }
        const int last = bucketIndex(bound_s * 1000.0);
        if (last + 1 < next_bucket) {
            next_bucket = 0;
            running = 0;
        }
        for (; next_bucket <= last; ++next_bucket)
            running += m_buckets[static_cast<size_t>(next_bucket)];
        counts.append(running);
    }
    return counts;
}

} // namespace herder::metrics
