#pragma once

#include "llm/answerparser.h"
#include "llm/pricing.h"
#include "llm/promptbuilder.h"
#include "pipeline/work.h"

#include <QList>
#include <QStringView>

namespace herder::pipeline {

/// Reads one successful chat completion back into per-message, per-task results and splits the
/// call's tokens and cost among them. Every result names the model that answered and carries
/// its share, so per-model sums over the outputs equal what the provider billed.
///
/// The split is exact (shares are whole tokens and add up to the call's counts):
/// - between the records of a batch, prompt tokens in proportion to each record's text bytes
///   plus an equal part of the instructions; completion tokens equally;
/// - between the tasks of one message, both counts equally;
/// - a remainder goes to the first records and tasks (largest remainder first).
/// Records missing from a batch answer or invalid there still pay their share: their cost is
/// real, it is just not in any output.
class AnswerSplitter
{
public:
    /// One message's part of the answer.
    struct Part
    {
        bool answered = false;
        QString error;                          ///< why not, when not answered
        QVarLengthArray<TaskResult, 4> results; ///< parallel to the call's tasks when answered
        double cost_usd = 0;                    ///< its share of the call, answered or not
    };

    /// \a tasks are the tasks the call answers; \a instruction_bytes the size of its system
    /// message (the part a batch's records share).
    AnswerSplitter(llm::PromptKind kind, QList<llm::TaskSpec> tasks, QString model,
                   qsizetype instruction_bytes, const llm::PricingTable &pricing);

    /// One part per text, in order (one text unless Batch).
    QList<Part> split(const llm::ChatCompletion &completion, const QList<QStringView> &texts,
                      double latency_ms) const;

    /// \a total split in proportion to \a weights (all zero: equally), whole numbers that add
    /// up to \a total; a remainder goes to the largest fractional parts, earlier ones first.
    static QList<qint64> shares(qint64 total, const QList<qint64> &weights);

private:
    void fill(Part &part, const QHash<QString, llm::TaskAnswer> &answers, qint64 input_tokens,
              qint64 output_tokens, bool estimated, double latency_ms) const;

    llm::PromptKind m_kind;
    QList<llm::TaskSpec> m_tasks;
    QString m_model;
    qsizetype m_instruction_bytes;
    const llm::PricingTable &m_pricing;
};

} // namespace herder::pipeline
