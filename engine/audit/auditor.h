#pragma once

#include "audit/auditreport.h"
#include "audit/sourceledger.h"
#include "config/enginesettings.h"

#include <variant>

namespace herder::audit {

/// Why an audit could not finish, and herder-audit's exit code for it.
struct AuditFailure
{
    int exit_code = 3; ///< 2: a topic or setting is wrong; 3: Kafka unreachable or stalled
    QString message;
};

/// Matches every source record (topic, partition, offset) to its outcomes: outputs by their
/// `source` object, dead letters and retries by their `herder-origin` header.
class Auditor
{
public:
    /// The settings' topics are audited; the retry topic only when `use_retry`.
    Auditor(config::EngineSettings settings, QByteArray isolation, bool use_retry);

    std::variant<AuditReport, AuditFailure> run();

    static constexpr int kTimeout_ms = 10000;

private:
    void countOutput(const QByteArray &value, AuditReport &report);
    /// Splits "topic/partition/offset"; false when it is not one of ours.
    bool parseOrigin(const QByteArray &origin, qint32 *partition, qint64 *offset) const;
    void summarise(AuditReport &report) const;

    config::EngineSettings m_settings;
    QByteArray m_isolation;
    bool m_use_retry;
    SourceLedger m_ledger;
};

} // namespace herder::audit
