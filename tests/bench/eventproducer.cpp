// Produces N events of herder::sim::EventGenerator into a topic, as fast as the broker takes
// them (preload) or at a steady offered rate (the paced benchmark). Pacing is per event against
// an absolute schedule, not bursts: event i is produced at start + i / rate, so the record
// timestamps (CreateTime, set by librdkafka at produce time) are the moments the events were
// offered. Built by bench.py outside CMake because the bench is not part of the build or ctest.
//
//   eventproducer BOOTSTRAP TOPIC COUNT SEED RATE_PER_S
//
// RATE_PER_S 0 means as fast as possible. COUNT 0 only makes sure the topic exists (the broker
// auto-creates it on the metadata request) and has partitions, so a consumer can join it before
// anything is offered. Prints one JSON line: produced, delivered, failed, elapsed_s, rate_per_s
// and how far behind its schedule the pacer fell (lag_p99_ms, lag_max_ms).
#include "sim/eventgenerator.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Delivery
{
    long delivered = 0;
    long failed = 0;
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *m, void *opaque)
{
    auto *d = static_cast<Delivery *>(opaque);
    if (m->err)
        ++d->failed;
    else
        ++d->delivered;
}

bool set(rd_kafka_conf_t *conf, const char *name, const std::string &value)
{
    char error[256];
    if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) == RD_KAFKA_CONF_OK)
        return true;
    std::fprintf(stderr, "eventproducer: %s: %s\n", name, error);
    return false;
}

// Partitions of the topic as the broker reports them; the request auto-creates the topic.
int partitionCount(rd_kafka_t *rk, rd_kafka_topic_t *topic)
{
    const rd_kafka_metadata_t *md = nullptr;
    if (rd_kafka_metadata(rk, 0, topic, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return 0;
    const int count = (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
                          ? md->topics[0].partition_cnt
                          : 0;
    rd_kafka_metadata_destroy(md);
    return count;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: eventproducer BOOTSTRAP TOPIC COUNT SEED RATE_PER_S\n");
        return 2;
    }
    const std::string topicName = argv[2];
    const long count = std::strtol(argv[3], nullptr, 10);
    const double rate_per_s = std::strtod(argv[5], nullptr);
    const bool paced = rate_per_s > 0;

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    Delivery delivery;
    // Paced: ship each event at once, so its wait is the pipeline's and not the producer's.
    // Preload: big lz4 batches, as the drain benchmark always preloaded with kcat.
    if (!set(conf, "bootstrap.servers", argv[1]) || !set(conf, "compression.codec", "lz4")
        || !set(conf, "linger.ms", paced ? "0" : "20")
        || !set(conf, "batch.size", paced ? "65536" : "1000000")
        || !set(conf, "queue.buffering.max.messages", "500000"))
        return 2;
    rd_kafka_conf_set_opaque(conf, &delivery);
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    char error[256];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!rk) {
        std::fprintf(stderr, "eventproducer: %s\n", error);
        return 1;
    }
    rd_kafka_topic_t *topic = rd_kafka_topic_new(rk, topicName.c_str(), nullptr);

    int partitions = 0;
    for (int attempt = 0; attempt < 60 && partitions == 0; ++attempt) {
        partitions = partitionCount(rk, topic);
        if (partitions == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (partitions == 0) {
        std::fprintf(stderr, "eventproducer: topic %s has no partitions\n", topicName.c_str());
        return 1;
    }

    herder::sim::EventGenerator generator(std::strtoull(argv[4], nullptr, 10));
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
        const herder::sim::EventGenerator::Event e = generator.next();
        for (;;) {
            const rd_kafka_resp_err_t err = rd_kafka_producev(
                rk, RD_KAFKA_V_RKT(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_KEY(const_cast<char *>(e.key.constData()), size_t(e.key.size())),
                RD_KAFKA_V_VALUE(const_cast<char *>(e.value.constData()), size_t(e.value.size())),
                RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                std::fprintf(stderr, "eventproducer: %s\n", rd_kafka_err2str(err));
                return 1;
            }
            rd_kafka_poll(rk, 10);
        }
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 120000);
    const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();

    std::sort(lag_ms.begin(), lag_ms.end());
    const double lag_p99 = lag_ms.empty() ? 0 : lag_ms[size_t(double(lag_ms.size() - 1) * 0.99)];
    const double lag_max = lag_ms.empty() ? 0 : lag_ms.back();
    std::printf("{\"produced\": %ld, \"delivered\": %ld, \"failed\": %ld, \"partitions\": %d, "
                "\"elapsed_s\": %.3f, \"rate_per_s\": %.1f, \"lag_p99_ms\": %.2f, "
                "\"lag_max_ms\": %.2f}\n",
                count, delivery.delivered, delivery.failed, partitions, elapsed_s,
                elapsed_s > 0 ? double(count) / elapsed_s : 0.0, lag_p99, lag_max);
    rd_kafka_topic_destroy(topic);
    rd_kafka_destroy(rk);
    return delivery.failed == 0 && delivery.delivered == count ? 0 : 1;
}
