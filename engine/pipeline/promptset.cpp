#include "pipeline/promptset.h"

#include "llm/responsecache.h"
#include "pipeline/work.h"

namespace herder::pipeline {

namespace {

QString combinedModel(const QList<llm::TaskSpec> &tasks, const QString &configured)
{
    if (!configured.isEmpty() || tasks.isEmpty())
        return configured;
    return tasks.first().model;
}

} // namespace

PromptSet::PromptSet(const QList<llm::TaskSpec> &tasks, const QString &combined_model)
    : m_tasks(tasks),
      m_combined_model(combined_model),
      m_combined(llm::PromptKind::Combined, tasks, combinedModel(tasks, combined_model)),
      m_batch(llm::PromptKind::Batch, tasks, combinedModel(tasks, combined_model))
{
    for (const llm::TaskSpec &task : tasks) {
        m_single.append(llm::PromptBuilder(task));
        m_task_versions.append(llm::ResponseCache::taskVersion(task));
    }
}

QString PromptSet::model(int task, llm::PromptKind kind) const
{
    if (kind == llm::PromptKind::Single)
        return m_tasks[task].model;
    return combinedModel(m_tasks, m_combined_model);
}

QString PromptSet::model(const LlmRequest &r) const
{
    if (r.kind == llm::PromptKind::Single)
        return m_tasks[r.tasks.constFirst()].model;
    return combinedModel(m_tasks, m_combined_model);
}

QList<llm::TaskSpec> PromptSet::tasks(const LlmRequest &r) const
{
    QList<llm::TaskSpec> out;
    out.reserve(r.tasks.size());
    for (int i : r.tasks)
        out.append(m_tasks[i]);
    return out;
}

llm::PromptBuilder PromptSet::subset(const LlmRequest &r) const
{
    return llm::PromptBuilder(llm::PromptKind::Combined, tasks(r), model(r));
}

QByteArray PromptSet::body(const LlmRequest &r) const
{
    switch (r.kind) {
    case llm::PromptKind::Single:
        return m_single[r.tasks.constFirst()].body(r.works.constFirst()->event.text);
    case llm::PromptKind::Combined: {
        const QStringView text = r.works.constFirst()->event.text;
        return coversAll(r) ? m_combined.body(text) : subset(r).body(text);
    }
    case llm::PromptKind::Batch: {
        QList<llm::BatchItem> items;
        items.reserve(r.works.size());
        for (qsizetype i = 0; i < r.works.size(); ++i)
            items.append({LlmRequest::batchId(i), r.works[i]->event.text});
        return m_batch.body(items);
    }
    }
    return {};
}

qsizetype PromptSet::instructionBytes(const LlmRequest &r) const
{
    switch (r.kind) {
    case llm::PromptKind::Single:
        return m_single[r.tasks.constFirst()].system().size();
    case llm::PromptKind::Combined:
        return coversAll(r) ? m_combined.system().size() : subset(r).system().size();
    case llm::PromptKind::Batch:
        return m_batch.system().size();
    }
    return 0;
}

qint64 PromptSet::estimatedTokens(const LlmRequest &r) const
{
    qint64 bytes = instructionBytes(r);
    for (const Work *w : r.works)
        bytes += w->event.text.size(); // UTF-16 units: close enough to bytes for a limit
    int max_tokens = 0;
    switch (r.kind) {
    case llm::PromptKind::Single:
        max_tokens = m_single[r.tasks.constFirst()].maxTokens();
        break;
    case llm::PromptKind::Combined:
        max_tokens = coversAll(r) ? m_combined.maxTokens() : subset(r).maxTokens();
        break;
    case llm::PromptKind::Batch:
        max_tokens = m_batch.maxTokens(r.works.size());
        break;
    }
    return (bytes + 3) / 4 + max_tokens;
}

} // namespace herder::pipeline
