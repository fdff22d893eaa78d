#pragma once

#include "control/modelquotas.h"
#include "llm/promptbuilder.h"

#include <QList>
#include <QString>

namespace herder::pipeline {

struct Work;

/// One chat-completions call and what it answers: one task of one message (per-task mode),
/// the pending tasks of one message (combined mode, and a batch's record retried alone), or
/// every task of several messages (batch mode). Owned by a shared pointer while it waits for
/// the limiter and while it is on the wire.
struct LlmRequest
{
    llm::PromptKind kind = llm::PromptKind::Single;
    QList<Work *> works;   ///< one, or up to batch_size for Batch
    QList<int> tasks;      ///< indexes into the settings' tasks, ascending
    QString model;         ///< set when the call goes out: a fallback may change it before
    qsizetype body_bytes = 0;
    quint64 gate_epoch = 0; ///< ProviderGate::callEpoch() when it went out
    int lane = -1;          ///< ProviderGate::lane() of its model when it was queued
    qint64 estimated_tokens = 0; ///< what the provider's token limit counts for it
    control::ModelQuotas::Mark lane_mark; ///< what its lane had sent when it went out

    /// The id record \a index carries in a batch body and its answer: short, so it costs few
    /// tokens, and unique within the call even when two events share an id.
    static QString batchId(qsizetype index) { return QString::number(index + 1); }
};

} // namespace herder::pipeline
