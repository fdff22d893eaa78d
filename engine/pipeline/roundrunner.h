#pragma once

#include "metrics/enginesnapshot.h"
#include "config/enginesettings.h"
#include "llm/chatclient.h"
#include "llm/responsecache.h"
#include "metrics/enginemetrics.h"
#include "pipeline/answersplitter.h"
#include "pipeline/backoff.h"
#include "pipeline/llmrequest.h"
#include "pipeline/promptset.h"
#include "pipeline/providergate.h"
#include "pipeline/requestplanner.h"
#include "pipeline/work.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace herder::pipeline {

/// Takes a decoded message through its rounds of LLM calls until it ends: answers from the
/// response cache, calls planned per task, combined or in batches and sent through the
/// provider gate, answers split back per message and kept in the cache, failures classified
/// and retried in process with backoff, a fallback model when the provider lost one. The
/// message then ends in one of End's ways, told to the `ended` callback. Engine-thread only.
class RoundRunner : public QObject
{
    Q_OBJECT
public:
    enum class End {
        Output = 1, ///< every task answered
        Retry,      ///< to the retry topic: w->failure says why and how long to wait
        DeadLetter, ///< to the DLQ with w->failure
        Drop,       ///< cancelled: it ends unwritten
    };
    using Ended = std::function<void(Work *w, End end)>;

    RoundRunner(const config::EngineSettings &settings, ProviderGate &gate,
                metrics::EngineMetrics &metrics, Ended ended, QObject *parent = nullptr);
    ~RoundRunner() override;

    /// Creates the HTTP client; calls go out only after this.
    void start();
    /// Aborts what is still on the wire without answers (the engine goes away).
    void abortCalls();

    /// Runs \a w's first round (its event decoded).
    void run(Work *w);
    /// Takes \a w out of the batch it waits for; false when it waits for none.
    bool unplan(Work *w) { return m_planner.drop(w); }
    /// From now on a message that would start a new round ends instead (the engine stops).
    void setStopping() { m_stopping = true; }
    /// How long \a w waits before its retry is due.
    std::chrono::milliseconds retryDelay(const Work &w);

    /// Concurrency, mode and batch size, where `limits` sets them. Rounds that start from now
    /// on use a new mode; calls already queued or on the wire finish in the shape they were
    /// built. Messages gathered for a batch go out at once.
    void applyLimits(const config::Limits &limits);
    void setApiKey(const QString &api_key);

    config::ProcessingMode mode() const { return m_planner.mode(); }
    int batchSize() const { return m_planner.batchSize(); }
    int cacheEntries() const { return m_cache.size(); }

    /// Its share of the engine snapshot: calls on the wire, cache, mode and batch size.
    void fill(metrics::EngineSnapshot &s) const;
private:
    /// Fills \a w's tasks the response cache answers; true when it answers them all.
    bool takeCached(Work *w);
    /// Keeps a paid answer in the response cache.
    void remember(const QString &model, int task, const Work &w, const TaskResult &result);
    void startRound(Work *w);
    void send(llm::PromptKind kind, QList<Work *> works, QList<int> tasks);
    /// Back to the head of the queue, for a call that did not fail its messages.
    void requeue(const std::shared_ptr<LlmRequest> &r);
    /// Queues \a r in its model's lane; a fallback may have changed the model since.
    void enqueue(const std::shared_ptr<LlmRequest> &r, bool front);
    bool windowOver(const Work &w, qint64 now_ms) const;
    /// It carries a record whose answers were unusable before: no half-open probe.
    static bool suspect(const LlmRequest &r);
    void call(const std::shared_ptr<LlmRequest> &r);
    void onCallDone(const std::shared_ptr<LlmRequest> &r, llm::ChatResult &&result);
    /// Hands each message of \a r its part of a 2xx answer.
    void takeAnswer(const LlmRequest &r, int http_status, metrics::EngineMetrics::Model &model,
                    const QList<AnswerSplitter::Part> &parts);
    /// Keeps the failure that decides the message's round.
    void keepFailure(Work *w, const llm::Failure &failure, const QString &model);
    /// One of the message's calls is over; the last one ends the round.
    void callSettled(Work *w);
    void roundComplete(Work *w);
    /// The provider lost the model of \a r: use the configured fallback from now on.
    bool switchToFallback(const LlmRequest &r);

    config::EngineSettings m_settings; ///< its own: a fallback changes the tasks' models
    ProviderGate &m_gate;
    metrics::EngineMetrics &m_metrics;
    Ended m_ended;
    Backoff m_backoff;
    PromptSet m_prompts;
    llm::ResponseCache m_cache;
    std::unique_ptr<llm::ChatClient> m_client;
    RequestPlanner m_planner; // parented: it moves with the runner's owner to the engine thread
    bool m_stopping = false;
};

} // namespace herder::pipeline
