#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

namespace herder::kafka {

// librdkafka handles owned with unique_ptr and their own destroy functions.
struct ConfDeleter
{
    void operator()(rd_kafka_conf_t *c) const { rd_kafka_conf_destroy(c); }
};
struct HandleDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *q) const { rd_kafka_queue_destroy(q); }
};
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *l) const
    {
        rd_kafka_topic_partition_list_destroy(l);
    }
};
struct MessageDeleter
{
    void operator()(rd_kafka_message_t *m) const { rd_kafka_message_destroy(m); }
};
struct HeadersDeleter
{
    void operator()(rd_kafka_headers_t *h) const { rd_kafka_headers_destroy(h); }
};

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;

} // namespace herder::kafka
