#pragma once

#include "llm/promptbuilder.h"
#include "llm/taskspec.h"
#include "pipeline/llmrequest.h"

#include <QList>

namespace herder::pipeline {

/// The prompt builders of one task set, one per request shape: a single-task builder per task
/// (per-task mode), a combined and a batch builder over every task (combined and batch modes).
/// Combined and batch calls go to the combined model: [limits] combined_model, else the first
/// task's model. Rebuild it when a task's model changes (a fallback).
class PromptSet
{
public:
    PromptSet(const QList<llm::TaskSpec> &tasks, const QString &combined_model);

    /// The model \a r goes to.
    QString model(const LlmRequest &r) const;
    /// The model a call for \a task goes to when it is asked in a call of \a kind.
    QString model(int task, llm::PromptKind kind) const;
    /// The task's version for the response cache (see ResponseCache::taskVersion).
    quint64 taskVersion(int task) const { return m_task_versions[task]; }
    /// The tasks \a r answers, in its order.
    QList<llm::TaskSpec> tasks(const LlmRequest &r) const;
    /// The request body for \a r, built from its works' texts.
    QByteArray body(const LlmRequest &r) const;
    /// The size of \a r's system message: the part a batch's records share.
    qsizetype instructionBytes(const LlmRequest &r) const;
    /// What a provider's token limit will count for \a r before it answers: its prompt (a
    /// token for four bytes, as OpenAI's rule of thumb has it) plus its max_tokens.
    qint64 estimatedTokens(const LlmRequest &r) const;
    /// The task whose model the combined model is (its fallback applies), or -1 when the
    /// combined model was configured on its own.
    int combinedModelOwner() const { return m_combined_model.isEmpty() ? 0 : -1; }

private:
    /// Combined calls over a subset of tasks only happen after a mode switch caught a message
    /// half done: built when needed rather than cached.
    llm::PromptBuilder subset(const LlmRequest &r) const;
    bool coversAll(const LlmRequest &r) const { return r.tasks.size() == m_tasks.size(); }

    QList<llm::TaskSpec> m_tasks;
    QString m_combined_model; ///< as configured; may be empty
    QList<quint64> m_task_versions;
    QList<llm::PromptBuilder> m_single;
    llm::PromptBuilder m_combined;
    llm::PromptBuilder m_batch;
};

} // namespace herder::pipeline
