#pragma once

#include "kafka/topicpartition.h"
#include "llm/answerparser.h"
#include "llm/failure.h"
#include "llm/responsecache.h"
#include "pipeline/eventdecoder.h"

#include <QByteArray>
#include <QVarLengthArray>

#include <optional>

namespace herder::pipeline {

/// One task's outcome for one message.
struct TaskResult
{
    bool done = false;
    llm::TaskAnswer answer;
    QString model;
    double latency_ms = 0;
    qint64 input_tokens = 0;
    qint64 output_tokens = 0;
    bool estimated = false;
    double cost_usd = 0;
    bool cached = false; ///< taken from the response cache: no call, no cost this time
};

/// A consumed message on its way through the engine, from poll to the delivery report of the
/// record that settles it (output, retry or DLQ). Owned by the Pipeline.
struct Work
{
    enum class Stage { Held = 1, Collecting, Calling, BackingOff, Writing };
    enum class Outcome { None = 0, Enriched, Retried, DeadLettered };

    kafka::TopicPartition tp;
    qint64 offset = -1;
    qint64 timestamp_ms = -1;
    quint64 tracker_generation = 0;
    QByteArray key;
    QByteArray value;
    kafka::Headers headers; ///< the record's own headers, herder-* ones included

    bool from_retry = false;
    int attempts = 0;        ///< failed attempts before and during this delivery
    /// Of those, transient ones (429, 5xx, timeouts, connection errors): they spend time from
    /// the retry window, counted from the first of them, instead of attempts.
    int transient_attempts = 0;
    qint64 transient_since_ms = 0; ///< the first transient failure; 0: none yet
    int rounds_here = 0;     ///< failed rounds in this process
    /// Answers for it that could not be used, before and during this delivery: from the
    /// first one on, its failures are its own and no longer the provider's.
    int unusable_answers = 0;
    qint64 not_before_ms = 0;
    QByteArray origin;       ///< source topic/partition/offset this message stands for

    DecodedEvent event;
    llm::ResponseCache::Digest text_digest; ///< of event.text, when the cache is on
    QVarLengthArray<TaskResult, 4> results;
    int calls_pending = 0;   ///< calls of this round not answered yet (queued or on the wire)
    int calls_on_wire = 0;
    std::optional<llm::Failure> failure; ///< the worst failure of the current round
    QString failed_model;
    double cost_usd = 0;

    Stage stage = Stage::Calling;
    Outcome outcome = Outcome::None;
    bool hard_truncated = false; ///< the provider said the text was too long; retried shorter
    /// A batch answer lacked it or answered it wrongly: from then on its calls go out alone, so
    /// whatever trips the model over this record cannot fail its neighbours again.
    bool solo = false;
    bool retry_alone = false; ///< this round ends in a call of its own, not in a failed attempt
    bool cancelled = false; ///< its partition was revoked or the engine is stopping
    bool written = false; ///< exactly-once mode: its record is queued in the transaction
};

} // namespace herder::pipeline
