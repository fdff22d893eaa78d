#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/handles.h"
#include "kafka/message.h"

#include <QElapsedTimer>
#include <QList>

#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace herder::kafka {

/// Reads partitions of one topic from given start offsets up to given end offsets with an
/// assign-only consumer: no group membership, nothing ever committed, so reading moves nobody's
/// offsets. The caller drives it in turns (read()), blocking for at most one turn each.
class RangeReader
{
public:
    struct Range
    {
        qint64 low = 0;
        qint64 high = 0; ///< the end offset: reading stops before it
    };
    /// How long one read() may go on.
    struct Turn
    {
        int max_records = INT_MAX;
        qint64 max_ms = -1;        ///< -1: until done or stalled
        int poll_ms = 200;         ///< the longest single wait for a record
        int idle_timeout_ms = 10000; ///< no record and no end of partition for this long: stalled
    };
    enum class Step { More, Done, Stalled, Failed };
    using Handler = std::function<void(const Message &)>;

    /// `group_suffix` names the (never joined) group after the settings' own; `isolation` is
    /// librdkafka's isolation.level, empty to keep what the settings say.
    static std::variant<std::unique_ptr<RangeReader>, config::ConfigError>
    create(const config::EngineSettings &settings, const QByteArray &group_suffix,
           const QByteArray &isolation = {});
    ~RangeReader();
    RangeReader(const RangeReader &) = delete;
    RangeReader &operator=(const RangeReader &) = delete;

    bool waitReachable(int timeout_ms, QString *error);
    /// The topic's partition count, -1 when it does not exist or Kafka did not answer.
    int partitionCount(const QByteArray &topic, int timeout_ms);
    /// Low and high watermarks of partitions 0..partitions-1 from the brokers. Right after a
    /// leader change the cached leader can be stale: asks again (refreshing the metadata)
    /// until `timeout_ms` has passed. nullopt with the failing partition and reason otherwise.
    std::optional<QList<Range>> watermarks(const QByteArray &topic, int partitions, int timeout_ms,
                                           qint32 *failed_partition, QString *reason);

    /// Starts reading `topic`, partition p from ranges[p].low to before ranges[p].high.
    void start(const QByteArray &topic, const QList<Range> &ranges);
    /// Hands each record within the ranges to `handle` until every partition is done (Done),
    /// the turn is used up (More), nothing came for the idle timeout (Stalled) or the client
    /// failed for good (Failed, *error set). A partition is done at its end offset or when
    /// the broker says there is nothing more (transaction markers can hold the last offsets).
    Step read(const Handler &handle, const Turn &turn, QString *error);
    bool done() const;
    /// Where partition p's reading stands: a later start() can begin there.
    qint64 next(qint32 p) const;
    /// Stops fetching (an idle long-poll fetch would delay the next watermark queries).
    void stop();

private:
    RangeReader() = default;
    struct Partition
    {
        qint64 next = 0;
        qint64 end = 0;
        bool done = true;
    };
    void settle(const Message &m, const Handler &handle);

    HandlePtr m_rk;
    QList<Partition> m_partitions;
    qsizetype m_remaining = 0;
    QElapsedTimer m_since_progress;
};

} // namespace herder::kafka
