#include "pipeline/answersplitter.h"

#include "pipeline/llmrequest.h"

#include <algorithm>
#include <numeric>

namespace herder::pipeline {

AnswerSplitter::AnswerSplitter(llm::PromptKind kind, QList<llm::TaskSpec> tasks, QString model,
                               qsizetype instruction_bytes, const llm::PricingTable &pricing)
    : m_kind(kind),
      m_tasks(std::move(tasks)),
      m_model(std::move(model)),
      m_instruction_bytes(instruction_bytes),
      m_pricing(pricing)
{
}

QList<qint64> AnswerSplitter::shares(qint64 total, const QList<qint64> &weights)
{
    const qsizetype n = weights.size();
    QList<qint64> out(n, 0);
    if (n == 0 || total <= 0)
        return out;
    QList<qint64> w(n);
    std::transform(weights.begin(), weights.end(), w.begin(),
                   [](qint64 v) { return std::max<qint64>(0, v); });
    qint64 sum = std::accumulate(w.begin(), w.end(), qint64(0));
    if (sum == 0) {
        w.fill(1);
        sum = n;
    }
    // Integer arithmetic keeps the split exact; token counts (at most 1e9, AnswerParser)
    // times byte weights stay far below 2^63.
    QList<qint64> remainder(n);
    qint64 given = 0;
    for (qsizetype i = 0; i < n; ++i) {
        out[i] = total * w[i] / sum;
        remainder[i] = total * w[i] % sum;
        given += out[i];
    }
    QList<qsizetype> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return remainder[a] > remainder[b]; });
    for (qsizetype k = 0; given < total; ++k, ++given)
        ++out[order[k % n]];
    return out;
}

QList<AnswerSplitter::Part> AnswerSplitter::split(const llm::ChatCompletion &completion,
                                                  const QList<QStringView> &texts,
                                                  double latency_ms) const
{
    const qsizetype n = texts.size();
    QList<Part> parts(n);
    if (n == 0)
        return parts;

    // Who pays what: each record its own text and an equal part of the instructions
    // (n * bytes + instructions is that, scaled by n to stay whole).
    QList<qint64> input_weights;
    input_weights.reserve(n);
    for (QStringView text : texts)
        input_weights.append(qint64(n) * text.toUtf8().size() + m_instruction_bytes);
    const QList<qint64> input = shares(completion.usage.prompt_tokens, input_weights);
    const QList<qint64> output = shares(completion.usage.completion_tokens, QList<qint64>(n, 1));

    // What the model said, per record.
    QList<std::optional<QHash<QString, llm::TaskAnswer>>> answers(n);
    QString error;
    switch (m_kind) {
    case llm::PromptKind::Single:
        if (const auto a = llm::AnswerParser::single(completion.content, m_tasks.first(), &error))
            answers[0] = QHash<QString, llm::TaskAnswer>{{m_tasks.first().name, *a}};
        break;
    case llm::PromptKind::Combined:
        answers[0] = llm::AnswerParser::combined(completion.content, m_tasks, &error);
        break;
    case llm::PromptKind::Batch:
        if (const auto all = llm::AnswerParser::batch(completion.content, m_tasks, &error)) {
            error = QStringLiteral("missing or invalid in the batch answer");
            for (qsizetype i = 0; i < n; ++i) {
                const auto it = all->constFind(LlmRequest::batchId(i));
                if (it != all->constEnd())
                    answers[i] = *it;
            }
        } else {
            error = QStringLiteral("batch answer: ") + error;
        }
        break;
    }

    for (qsizetype i = 0; i < n; ++i) {
        if (answers[i]) {
            fill(parts[i], *answers[i], input[i], output[i], completion.usage.estimated,
                 latency_ms);
        } else {
            parts[i].error = error;
            parts[i].cost_usd = m_pricing.cost_usd(m_model, input[i], output[i]);
        }
    }
    return parts;
}

void AnswerSplitter::fill(Part &part, const QHash<QString, llm::TaskAnswer> &answers,
                          qint64 input_tokens, qint64 output_tokens, bool estimated,
                          double latency_ms) const
{
    const QList<qint64> even(m_tasks.size(), 1);
    const QList<qint64> input = shares(input_tokens, even);
    const QList<qint64> output = shares(output_tokens, even);
    part.answered = true;
    for (qsizetype t = 0; t < m_tasks.size(); ++t) {
        const double cost = m_pricing.cost_usd(m_model, input[t], output[t]);
        part.results.append(TaskResult{true, answers.value(m_tasks[t].name), m_model, latency_ms,
                                       input[t], output[t], estimated, cost});
        part.cost_usd += cost;
    }
}

} // namespace herder::pipeline
