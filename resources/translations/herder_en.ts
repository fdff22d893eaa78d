<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>herder::ui::ConcurrencyControl</name>
    <message>
        <source>Maximum LLM requests in flight; applied to the running engine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::CostChart</name>
    <message>
        <source>Cost by model (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DashboardPage</name>
    <message>
        <source>LLM requests in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer lag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqDetailView</name>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dead letter to see its payload and headers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / partition %2 / offset %3 — %4 bytes, %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqFilterBar</name>
    <message>
        <source>Search text and errors…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqPage</name>
    <message>
        <source>Replay selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay all matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and replay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dead letters in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the DLQ: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying %1 to %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqPayloadFormat</name>
    <message>
        <source>… first %1 of %2 bytes shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>binary (not UTF-8)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqTableModel</name>
    <message>
        <source>Failed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::DrainDialog</name>
    <message>
        <source>Stopping Herder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping the engine: finishing the messages in flight…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopping the engine: %n message(s) still in flight…</source>
        <translation>
            <numerusform>Stopping the engine: %n message still in flight…</numerusform>
            <numerusform>Stopping the engine: %n messages still in flight…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>herder::ui::EngineToolBar</name>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start consuming and enriching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop gracefully: drain in-flight work and commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause consumption; in-flight work finishes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume consumption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per-task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>combined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: an in-process mock Kafka cluster, generated events and a simulated LLM server. No real data, no real cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch and control the engine at %1 again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop watching; the engine keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing mode, applied to the running engine: per-task (one request per task per message), combined (one request per message answering every task) or batch (several messages per request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per request in batch mode; applied to the running engine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::HeadlineCounters</name>
    <message>
        <source>Consumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages read from the source and retry topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enriched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages written to the output topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent round again after a retryable failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DLQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages written to the dead-letter topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events that were not valid JSON with a text field (sent to the DLQ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM cost so far, USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enriched messages per second over the last second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::InflightGauge</name>
    <message>
        <source>LLM requests in flight / concurrency cap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::KeychainStore</name>
    <message>
        <source>the system keychain did not answer within %1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::LagTableModel</name>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::LatencyChart</name>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e2e p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e2e p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e2e p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e2e: from the event&apos;s Kafka timestamp to its output acknowledged by the broker.
LLM: one chat-completions call. Percentiles over the last ~10 s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::LogModel</name>
    <message>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::LogPage</name>
    <message>
        <source>Follow new lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this level and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter messages and categories…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::MainWindow</name>
    <message>
        <source>Herder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Herder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine stopped; offsets committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine failed (code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved configuration has an error and was not applied:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new settings apply at the next Start (stop the engine, then start it again).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new settings apply at the next Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Herder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Herder %1&lt;/h3&gt;&lt;p&gt;Operator console for AI enrichment of Kafka streams: consumes events, classifies them with an OpenAI-compatible LLM API, writes enriched results, retries and dead letters.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Simulated:&lt;/b&gt; this session runs on a mock Kafka cluster with generated events and a simulated LLM server.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka %1 · LLM %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herder — attached to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DLQ of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source topic of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detached; the engine at %1 keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::ModelTableModel</name>
    <message numerus="yes">
        <source>%n failed call(s) in all</source>
        <translation>
            <numerusform>%n failed call in all</numerusform>
            <numerusform>%n failed calls in all</numerusform>
        </translation>
    </message>
    <message>
        <source>Some counts are estimated (the provider sent no usage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model&apos;s cost per 1,000 enriched messages; the rows add up to the run&apos;s cost per 1,000 messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD / 1k msgs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 req</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left of %1 requests and %2 tokens, as the provider&apos;s latest answer said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests and tokens the provider had left for the model, from its x-ratelimit-* headers; calls wait rather than go where they would be refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left: req · tok</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::RateControl</name>
    <message>
        <source> req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM requests per second (0: unlimited); applied to the running engine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::RemoteDlqSource</name>
    <message>
        <source>the ops API replays original bytes only; edit and produce the record with the engine&apos;s Kafka tools instead</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::RemoteEngineLink</name>
    <message>
        <source>%1%2 answered HTTP %3 without an engine status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach the engine at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered HTTP %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; check --ops-token or HERDER_OPS_TOKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not attached to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not applied: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate %1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayEditDialog</name>
    <message>
        <source>Edit and replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (UTF-8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / partition %2 / offset %3 → %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown origin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These bytes are not UTF-8: they can only be edited as hex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the hex first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid hex: two hex digits per byte, spaces allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid JSON, %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes, not a JSON document: the engine will dead-letter it again as invalid_payload.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayPlan</name>
    <message>
        <source>Replay %1 to topic “%2”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 dead letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated LLM cost: $%1 (what one attempt of each cost so far).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 more will be refused by the loop guard: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of them were replayed from this window already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay 1 record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay %1 records</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayReport</name>
    <message>
        <source>Replayed %1 of %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2/%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused by the loop guard: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::RollingLineChart</name>
    <message>
        <source>−%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — last %n min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — last %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsBudgetPage</name>
    <message>
        <source>Reaching a cap pauses consumption until the hour or day rolls over or you raise the cap; nothing goes to the dead-letter queue for it. 0 means no cap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per hour (USD):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 means no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per day (USD):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsChecks</name>
    <message>
        <source>&apos;%1&apos; is not allowed: enter a whole number from %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: enter a number from %2 to %3 (with a &apos;.&apos; for decimals).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a topic name: use 1 to 249 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: enter an http:// or https:// URL with a host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: this must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: use letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name at least two labels, separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a JSON pointer: it starts with &apos;/&apos;, such as /text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a readable file of PEM certificates.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsConsolePage</name>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time the console starts. System follows the desktop&apos;s language: Vietnamese, else English.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models &amp;&amp; prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving writes %1, which herder-engine reads too. Comments in that file are not kept. The API key is never written to it: it goes to the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist yet: Save creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has a problem the engine would refuse: %1. The fields show what could be read; Save replaces the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keychain available (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing the API key in the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved to %1, but the API key was not stored: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsKafkaPage</name>
    <message>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bootstrap servers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host:port, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect timeout (s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long to wait for the brokers at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set (plaintext)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security protocol:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SASL mechanism:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required for SASL %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SASL user name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SASL password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the INI file, as librdkafka reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates (file):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a librdkafka property name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the group in the Consumer group field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; has its own field above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All clients [kafka]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer [kafka.consumer]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producer [kafka.producer]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other librdkafka properties (passed on verbatim)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsLimitsPage</name>
    <message>
        <source>LLM calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests in flight at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate (requests/s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 means unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One request per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tasks in one request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several events per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size (events):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used in batch mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts in all:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then the message goes to the dead-letter queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick retries in process:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before the retry topic; fewer than the attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First backoff (ms):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest backoff (ms):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages in flight at most:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Above this, consumption pauses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit cool-down (s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait before one probe request after systemic failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drain timeout (s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a stop waits for work in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model for combined and batch requests:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the first task&apos;s model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsLlmPage</name>
    <message>
        <source>Provider (OpenAI-compatible)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://host/v1 (requests go to /chat/completions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout per request (s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read by herder-engine, and by the console when there is no keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key stored yet: the key you enter is stored in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain available: set %1 instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available without a keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain refused access: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificates (file):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates. Verification is always on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsPricesPage</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input (USD per million tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output (USD per million tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: give the model id without a vendor/ prefix, spaces or commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Costs on the dashboard and the budget caps use these prices. A model missing here costs 0.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTable</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A default of the engine: change its value, it cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: give a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is listed twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A default of the engine cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTasksPage</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another task is already called &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used when the provider does not know the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>positive, negative, neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event text goes only in the user message; the prompt is the system instruction. An answer counts only if its label is one of the labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one task.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTopicsPage</name>
    <message>
        <source>Topics (four different names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events to enrich</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enriched results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages waiting for another attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead-letter queue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages that could not be enriched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text at (JSON pointer):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id at (JSON pointer):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: topic/partition/offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest text (characters):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longer texts are cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest event (bytes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger events go to the dead-letter queue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::StateBanner</name>
    <message>
        <source>Starting: connecting to Kafka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused by the operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circuit open — consumption paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget reached — consumption paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping: draining in-flight work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detached from %1; the engine there keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider storming — calls and consumption held, no attempts spent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herder::ui::ThroughputChart</name>
    <message>
        <source>Throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>msg/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enriched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DLQ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
