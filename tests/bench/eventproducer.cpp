// Produces N events of herder::sim::EventGenerator into a topic, as fast as the broker takes
// them (preload) or at a steady offered rate (the paced benchmark). Pacing is per event against
// an absolute schedule, not bursts: event i is produced at start + i / rate, so the record
// timestamps (CreateTime, set by librdkafka at produce time) are the moments the events were
// offered. Built with the rest (tests/bench/CMakeLists.txt) on the engine's kafka::Producer; the
// bench itself is not part of ctest.
//
//   eventproducer BOOTSTRAP TOPIC COUNT SEED RATE_PER_S
//
// RATE_PER_S 0 means as fast as possible. COUNT 0 only makes sure the topic exists (the broker
// auto-creates it on the metadata request) and has partitions, so a consumer can join it before
// anything is offered. Prints one JSON line: produced, delivered, failed, elapsed_s, rate_per_s
// and how far behind its schedule the pacer fell (lag_p99_ms, lag_max_ms).
#include "kafka/admin.h"
#include "kafka/producer.h"
#include "sim/eventgenerator.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace herder;

namespace {

using Clock = std::chrono::steady_clock;

struct Delivery
{
    long delivered = 0;
    long failed = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    // kafka::Producer is a QObject (its queue wake-ups); here it is polled by hand.
    QCoreApplication app(argc, argv);
    if (argc != 6) {
        std::fprintf(stderr, "usage: eventproducer BOOTSTRAP TOPIC COUNT SEED RATE_PER_S\n");
        return 2;
    }
    const QByteArray topic = argv[2];
    const long count = std::strtol(argv[3], nullptr, 10);
    const double rate_per_s = std::strtod(argv[5], nullptr);
    const bool paced = rate_per_s > 0;

    config::EngineSettings settings;
    settings.kafka_common = {{"bootstrap.servers", argv[1]}, {"log_level", "3"}};
    // Paced: ship each event at once, so its wait is the pipeline's and not the producer's.
    // Preload: big lz4 batches, as the drain benchmark always preloaded with kcat.
    settings.kafka_producer = {{"compression.codec", "lz4"},
                               {"linger.ms", paced ? "0" : "20"},
                               {"batch.size", paced ? "65536" : "1000000"},
                               {"queue.buffering.max.messages", "500000"}};
    Delivery delivery;
    auto made = kafka::Producer::create(settings, [&delivery](void *, rd_kafka_resp_err_t err) {
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            ++delivery.failed;
        else
            ++delivery.delivered;
    });
    if (auto *e = std::get_if<config::ConfigError>(&made)) {
        std::fprintf(stderr, "eventproducer: %s\n", qPrintable(e->toString()));
        return 2;
    }
    const auto producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(made));

    // The metadata request auto-creates the topic; a fresh one takes a moment to get leaders.
    int partitions = -1;
    for (int attempt = 0; attempt < 60 && partitions <= 0; ++attempt) {
        partitions = kafka::Admin(producer->handle()).partitionCount(topic, 5000);
        if (partitions <= 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (partitions <= 0) {
        std::fprintf(stderr, "eventproducer: topic %s has no partitions\n", topic.constData());
        return 1;
    }

    sim::EventGenerator generator(std::strtoull(argv[4], nullptr, 10));
    generator.setStartTime(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
    std::vector<double> lag_ms;
    lag_ms.reserve(paced ? size_t(count) : 0);
    const Clock::time_point start = Clock::now();
    for (long i = 0; i < count; ++i) {
        if (paced) {
            const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(double(i) / rate_per_s));
            std::this_thread::sleep_until(due);
            lag_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
        }
        const sim::EventGenerator::Event e = generator.next();
        for (;;) {
            const rd_kafka_resp_err_t err = producer->produce(topic, e.key, e.value, {}, nullptr);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                std::fprintf(stderr, "eventproducer: %s\n", rd_kafka_err2str(err));
                return 1;
            }
            producer->pollFor(10);
        }
        producer->poll();
    }
    producer->flush(120000);
    const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();

    std::sort(lag_ms.begin(), lag_ms.end());
    const double lag_p99 = lag_ms.empty() ? 0 : lag_ms[size_t(double(lag_ms.size() - 1) * 0.99)];
    const double lag_max = lag_ms.empty() ? 0 : lag_ms.back();
    std::printf("{\"produced\": %ld, \"delivered\": %ld, \"failed\": %ld, \"partitions\": %d, "
                "\"elapsed_s\": %.3f, \"rate_per_s\": %.1f, \"lag_p99_ms\": %.2f, "
                "\"lag_max_ms\": %.2f}\n",
                count, delivery.delivered, delivery.failed, partitions, elapsed_s,
                elapsed_s > 0 ? double(count) / elapsed_s : 0.0, lag_p99, lag_max);
    return delivery.failed == 0 && delivery.delivered == count ? 0 : 1;
}
