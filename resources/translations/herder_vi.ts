<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>herder::ui::ConcurrencyControl</name>
    <message>
        <source>Maximum LLM requests in flight; applied to the running engine</source>
        <translation>Số yêu cầu LLM tối đa đang chạy cùng lúc; áp dụng ngay cho engine đang chạy</translation>
    </message>
</context>
<context>
    <name>herder::ui::CostChart</name>
    <message>
        <source>Cost by model (USD)</source>
        <translation>Chi phí theo mô hình (USD)</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>chi phí</translation>
    </message>
</context>
<context>
    <name>herder::ui::DashboardPage</name>
    <message>
        <source>LLM requests in flight</source>
        <translation>Yêu cầu LLM đang chạy</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Consumer lag</source>
        <translation>Tin nhắn tồn đọng (lag)</translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqDetailView</name>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Select a dead letter to see its payload and headers.</source>
        <translation>Chọn một thư lỗi để xem nội dung và header của nó.</translation>
    </message>
    <message>
        <source>%1 / partition %2 / offset %3 — %4 bytes, %5</source>
        <translation>%1 / phân vùng %2 / offset %3 — %4 byte, %5</translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqFilterBar</name>
    <message>
        <source>Search text and errors…</source>
        <translation>Tìm trong văn bản và lỗi…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Loại lỗi:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Mô hình:</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Mọi loại lỗi</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Mọi mô hình</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>Đang hiện %1/%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqPage</name>
    <message>
        <source>Replay selected</source>
        <translation>Phát lại mục đã chọn</translation>
    </message>
    <message>
        <source>Replay all matching</source>
        <translation>Phát lại mọi mục khớp</translation>
    </message>
    <message>
        <source>Edit and replay…</source>
        <translation>Sửa và phát lại…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Đang tải %1…</translation>
    </message>
    <message>
        <source>%1 dead letters in %2.</source>
        <translation>%1 thư lỗi trong %2.</translation>
    </message>
    <message>
        <source>Could not load the DLQ: %1</source>
        <translation>Không tải được DLQ: %1</translation>
    </message>
    <message>
        <source>Replay dead letters</source>
        <translation>Phát lại thư lỗi</translation>
    </message>
    <message>
        <source>Replaying %1 to %2…</source>
        <translation>Đang phát lại %1 vào %2…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Phát lại</translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqPayloadFormat</name>
    <message>
        <source>… first %1 of %2 bytes shown</source>
        <translation>… đang hiện %1 byte đầu trong %2 byte</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>text</source>
        <translation>văn bản</translation>
    </message>
    <message>
        <source>binary (not UTF-8)</source>
        <translation>nhị phân (không phải UTF-8)</translation>
    </message>
</context>
<context>
    <name>herder::ui::DlqTableModel</name>
    <message>
        <source>Failed at</source>
        <translation>Lỗi lúc</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Nguồn gốc</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>Loại lỗi</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Số lần thử</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
</context>
<context>
    <name>herder::ui::DrainDialog</name>
    <message>
        <source>Stopping Herder</source>
        <translation>Đang dừng Herder</translation>
    </message>
    <message>
        <source>Stopping the engine: finishing the messages in flight…</source>
        <translation>Đang dừng engine: hoàn tất các tin nhắn đang xử lý…</translation>
    </message>
    <message>
        <source>Quit without waiting</source>
        <translation>Thoát không chờ</translation>
    </message>
    <message numerus="yes">
        <source>Stopping the engine: %n message(s) still in flight…</source>
        <translation>
            <numerusform>Đang dừng engine: còn %n tin nhắn đang xử lý…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>herder::ui::EngineToolBar</name>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Start consuming and enriching</source>
        <translation>Bắt đầu đọc và làm giàu dữ liệu</translation>
    </message>
    <message>
        <source>Stop gracefully: drain in-flight work and commit</source>
        <translation>Dừng an toàn: xử lý xong việc đang chạy rồi commit</translation>
    </message>
    <message>
        <source>Pause consumption; in-flight work finishes</source>
        <translation>Tạm dừng đọc; việc đang chạy vẫn được hoàn tất</translation>
    </message>
    <message>
        <source>Resume consumption</source>
        <translation>Tiếp tục đọc</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Số luồng đồng thời</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>per-task</source>
        <translation>từng tác vụ</translation>
    </message>
    <message>
        <source>combined</source>
        <translation>gộp</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>theo lô</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Chế độ</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lô</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>MÔ PHỎNG</translation>
    </message>
    <message>
        <source>Demo: an in-process mock Kafka cluster, generated events and a simulated LLM server. No real data, no real cost.</source>
        <translation>Demo: cụm Kafka giả lập trong tiến trình, sự kiện được sinh tự động và máy chủ LLM mô phỏng. Không có dữ liệu thật, không tốn chi phí thật.</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Ngắt kết nối</translation>
    </message>
    <message>
        <source>Watch and control the engine at %1 again</source>
        <translation>Theo dõi và điều khiển lại engine tại %1</translation>
    </message>
    <message>
        <source>Stop watching; the engine keeps running</source>
        <translation>Ngừng theo dõi; engine vẫn tiếp tục chạy</translation>
    </message>
    <message>
        <source>Processing mode, applied to the running engine: per-task (one request per task per message), combined (one request per message answering every task) or batch (several messages per request)</source>
        <translation>Chế độ xử lý, áp dụng ngay cho engine đang chạy: per-task (mỗi tác vụ của mỗi tin một yêu cầu), combined (mỗi tin một yêu cầu trả lời mọi tác vụ) hoặc batch (nhiều tin trong một yêu cầu)</translation>
    </message>
    <message>
        <source>Messages per request in batch mode; applied to the running engine</source>
        <translation>Số tin trong mỗi yêu cầu ở chế độ batch; áp dụng ngay cho engine đang chạy</translation>
    </message>
</context>
<context>
    <name>herder::ui::HeadlineCounters</name>
    <message>
        <source>Consumed</source>
        <translation>Đã đọc</translation>
    </message>
    <message>
        <source>Messages read from the source and retry topics</source>
        <translation>Tin nhắn đọc từ topic nguồn và topic thử lại</translation>
    </message>
    <message>
        <source>Enriched</source>
        <translation>Đã làm giàu</translation>
    </message>
    <message>
        <source>Messages written to the output topic</source>
        <translation>Tin nhắn đã ghi vào topic đầu ra</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Đã thử lại</translation>
    </message>
    <message>
        <source>Messages sent round again after a retryable failure</source>
        <translation>Tin nhắn được gửi xử lý lại sau một lỗi có thể thử lại</translation>
    </message>
    <message>
        <source>DLQ</source>
        <translation>DLQ</translation>
    </message>
    <message>
        <source>Messages written to the dead-letter topic</source>
        <translation>Tin nhắn đã ghi vào topic thư lỗi</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <source>Events that were not valid JSON with a text field (sent to the DLQ)</source>
        <translation>Sự kiện không phải JSON hợp lệ có trường văn bản (đã chuyển vào DLQ)</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>LLM cost so far, USD</source>
        <translation>Chi phí LLM đến nay, USD</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Thông lượng</translation>
    </message>
    <message>
        <source>Enriched messages per second over the last second</source>
        <translation>Số tin nhắn được làm giàu mỗi giây, tính trong giây vừa qua</translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <translation>%1 tin/giây</translation>
    </message>
</context>
<context>
    <name>herder::ui::InflightGauge</name>
    <message>
        <source>LLM requests in flight / concurrency cap</source>
        <translation>Yêu cầu LLM đang chạy / giới hạn đồng thời</translation>
    </message>
</context>
<context>
    <name>herder::ui::KeychainStore</name>
    <message>
        <source>the system keychain did not answer within %1 s</source>
        <translation>kho khóa của hệ thống không trả lời trong %1 giây</translation>
    </message>
</context>
<context>
    <name>herder::ui::LagTableModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Phân vùng</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Đã commit</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>Offset cao nhất</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Tồn đọng</translation>
    </message>
</context>
<context>
    <name>herder::ui::LatencyChart</name>
    <message>
        <source>Latency</source>
        <translation>Độ trễ</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>LLM p50</source>
        <translation>LLM p50</translation>
    </message>
    <message>
        <source>LLM p95</source>
        <translation>LLM p95</translation>
    </message>
    <message>
        <source>LLM p99</source>
        <translation>LLM p99</translation>
    </message>
    <message>
        <source>e2e p50</source>
        <translation>e2e p50</translation>
    </message>
    <message>
        <source>e2e p95</source>
        <translation>e2e p95</translation>
    </message>
    <message>
        <source>e2e p99</source>
        <translation>e2e p99</translation>
    </message>
    <message>
        <source>e2e: from the event&apos;s Kafka timestamp to its output acknowledged by the broker.
LLM: one chat-completions call. Percentiles over the last ~10 s.</source>
        <translation>e2e: từ timestamp Kafka của sự kiện đến khi broker xác nhận bản ghi đầu ra.
LLM: một lần gọi chat-completions. Phân vị trong ~10 s gần nhất.</translation>
    </message>
</context>
<context>
    <name>herder::ui::LogModel</name>
    <message>
        <source>debug</source>
        <translation>gỡ lỗi</translation>
    </message>
    <message>
        <source>info</source>
        <translation>thông tin</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>cảnh báo</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>nghiêm trọng</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Mức</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Nhóm</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Thông điệp</translation>
    </message>
</context>
<context>
    <name>herder::ui::LogPage</name>
    <message>
        <source>Follow new lines</source>
        <translation>Theo dõi dòng mới</translation>
    </message>
    <message>
        <source>Show this level and above</source>
        <translation>Hiện mức này trở lên</translation>
    </message>
    <message>
        <source>Filter messages and categories…</source>
        <translation>Lọc thông điệp và nhóm…</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Mức:</translation>
    </message>
</context>
<context>
    <name>herder::ui::MainWindow</name>
    <message>
        <source>Herder</source>
        <translation>Herder</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Thư lỗi</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Nhật ký</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About Herder</source>
        <translation>&amp;Giới thiệu Herder</translation>
    </message>
    <message>
        <source>Engine started</source>
        <translation>Engine đã khởi động</translation>
    </message>
    <message>
        <source>Engine stopped; offsets committed</source>
        <translation>Engine đã dừng; offset đã được commit</translation>
    </message>
    <message>
        <source>Engine failed (code %1): %2</source>
        <translation>Engine gặp lỗi (mã %1): %2</translation>
    </message>
    <message>
        <source>Settings not applied</source>
        <translation>Chưa áp dụng cài đặt</translation>
    </message>
    <message>
        <source>The saved configuration has an error and was not applied:
%1</source>
        <translation>Cấu hình đã lưu có lỗi nên chưa được áp dụng:
%1</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>Đã lưu cài đặt</translation>
    </message>
    <message>
        <source>The new settings apply at the next Start (stop the engine, then start it again).</source>
        <translation>Cài đặt mới có hiệu lực ở lần Bắt đầu tiếp theo (dừng engine rồi khởi động lại).</translation>
    </message>
    <message>
        <source>The new settings apply at the next Start.</source>
        <translation>Cài đặt mới có hiệu lực ở lần Bắt đầu tiếp theo.</translation>
    </message>
    <message>
        <source>About Herder</source>
        <translation>Giới thiệu Herder</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Herder %1&lt;/h3&gt;&lt;p&gt;Operator console for AI enrichment of Kafka streams: consumes events, classifies them with an OpenAI-compatible LLM API, writes enriched results, retries and dead letters.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;%3</source>
        <translation>&lt;h3&gt;Herder %1&lt;/h3&gt;&lt;p&gt;Bảng điều khiển vận hành cho việc làm giàu luồng Kafka bằng AI: đọc sự kiện, phân loại chúng bằng API LLM tương thích OpenAI, ghi kết quả đã làm giàu, thử lại và thư lỗi.&lt;/p&gt;&lt;p&gt;Qt %2.&lt;/p&gt;%3</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Simulated:&lt;/b&gt; this session runs on a mock Kafka cluster with generated events and a simulated LLM server.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Mô phỏng:&lt;/b&gt; phiên này chạy trên cụm Kafka giả lập với sự kiện được sinh tự động và máy chủ LLM mô phỏng.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Kafka %1 · LLM %2</source>
        <translation>Kafka %1 · LLM %2</translation>
    </message>
    <message>
        <source>Herder — attached to %1</source>
        <translation>Herder — đã kết nối tới %1</translation>
    </message>
    <message>
        <source>the DLQ of %1</source>
        <translation>DLQ của %1</translation>
    </message>
    <message>
        <source>the source topic of %1</source>
        <translation>topic nguồn của %1</translation>
    </message>
    <message>
        <source>Detached; the engine at %1 keeps running</source>
        <translation>Đã ngắt kết nối; engine tại %1 vẫn tiếp tục chạy</translation>
    </message>
    <message>
        <source>Attached to %1</source>
        <translation>Đã kết nối tới %1</translation>
    </message>
</context>
<context>
    <name>herder::ui::ModelTableModel</name>
    <message numerus="yes">
        <source>%n failed call(s) in all</source>
        <translation>
            <numerusform>Tổng cộng %n lệnh gọi lỗi</numerusform>
        </translation>
    </message>
    <message>
        <source>Some counts are estimated (the provider sent no usage)</source>
        <translation>Một số con số là ước tính (nhà cung cấp không gửi thông tin usage)</translation>
    </message>
    <message>
        <source>This model&apos;s cost per 1,000 enriched messages; the rows add up to the run&apos;s cost per 1,000 messages</source>
        <translation>Chi phí của mô hình này cho mỗi 1.000 tin nhắn được làm giàu; cộng các dòng lại là chi phí của cả lượt chạy cho mỗi 1.000 tin nhắn</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Token đầu vào</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Token đầu ra</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>USD / 1k msgs</source>
        <translation>USD / 1k tin</translation>
    </message>
    <message>
        <source>%1 req</source>
        <translation>%1 yêu cầu</translation>
    </message>
    <message>
        <source>%1 tok</source>
        <translation>%1 token</translation>
    </message>
    <message>
        <source>Left of %1 requests and %2 tokens, as the provider&apos;s latest answer said</source>
        <translation>Còn lại trong %1 yêu cầu và %2 token, theo câu trả lời mới nhất của nhà cung cấp</translation>
    </message>
    <message>
        <source>Requests and tokens the provider had left for the model, from its x-ratelimit-* headers; calls wait rather than go where they would be refused</source>
        <translation>Số yêu cầu và token nhà cung cấp còn cho mô hình, theo các header x-ratelimit-*; lệnh gọi sẽ chờ thay vì gửi đi để bị từ chối</translation>
    </message>
    <message>
        <source>Left: req · tok</source>
        <translation>Còn: yêu cầu · token</translation>
    </message>
</context>
<context>
    <name>herder::ui::RateControl</name>
    <message>
        <source> req/s</source>
        <translation> yêu cầu/giây</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>không giới hạn</translation>
    </message>
    <message>
        <source>LLM requests per second (0: unlimited); applied to the running engine</source>
        <translation>Số yêu cầu LLM mỗi giây (0: không giới hạn); áp dụng ngay cho engine đang chạy</translation>
    </message>
</context>
<context>
    <name>herder::ui::RemoteDlqSource</name>
    <message>
        <source>the ops API replays original bytes only; edit and produce the record with the engine&apos;s Kafka tools instead</source>
        <translation>API vận hành chỉ phát lại byte gốc; muốn sửa, hãy sửa và gửi bản ghi bằng công cụ Kafka của engine</translation>
    </message>
</context>
<context>
    <name>herder::ui::RemoteEngineLink</name>
    <message>
        <source>%1%2 answered HTTP %3 without an engine status</source>
        <translation>%1%2 trả về HTTP %3 mà không có trạng thái engine</translation>
    </message>
    <message>
        <source>cannot reach the engine at %1: %2</source>
        <translation>không kết nối được engine tại %1: %2</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2</source>
        <translation>%1 trả về HTTP %2</translation>
    </message>
    <message>
        <source>; check --ops-token or HERDER_OPS_TOKEN</source>
        <translation>; hãy kiểm tra --ops-token hoặc HERDER_OPS_TOKEN</translation>
    </message>
    <message>
        <source>%1: not attached to %2</source>
        <translation>%1: chưa kết nối tới %2</translation>
    </message>
    <message>
        <source>%1 was not applied: %2</source>
        <translation>%1 chưa được áp dụng: %2</translation>
    </message>
    <message>
        <source>Concurrency %1</source>
        <translation>Đồng thời %1</translation>
    </message>
    <message>
        <source>Rate %1/s</source>
        <translation>Tốc độ %1/s</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Mode %1</source>
        <translation>Chế độ %1</translation>
    </message>
    <message>
        <source>Batch size %1</source>
        <translation>Cỡ lô %1</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Ngân sách</translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayEditDialog</name>
    <message>
        <source>Edit and replay</source>
        <translation>Sửa và phát lại</translation>
    </message>
    <message>
        <source>Text (UTF-8)</source>
        <translation>Văn bản (UTF-8)</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>Phát lại…</translation>
    </message>
    <message>
        <source>%1 / partition %2 / offset %3 → %4</source>
        <translation>%1 / phân vùng %2 / offset %3 → %4</translation>
    </message>
    <message>
        <source>(unknown origin)</source>
        <translation>(không rõ nguồn gốc)</translation>
    </message>
    <message>
        <source>Dead letter:</source>
        <translation>Thư lỗi:</translation>
    </message>
    <message>
        <source>Edit as:</source>
        <translation>Sửa dưới dạng:</translation>
    </message>
    <message>
        <source>These bytes are not UTF-8: they can only be edited as hex.</source>
        <translation>Các byte này không phải UTF-8: chỉ sửa được dưới dạng hex.</translation>
    </message>
    <message>
        <source>Fix the hex first.</source>
        <translation>Hãy sửa phần hex trước.</translation>
    </message>
    <message>
        <source>Not valid hex: two hex digits per byte, spaces allowed.</source>
        <translation>Hex không hợp lệ: mỗi byte hai chữ số hex, được phép có dấu cách.</translation>
    </message>
    <message>
        <source>Valid JSON, %1 bytes.</source>
        <translation>JSON hợp lệ, %1 byte.</translation>
    </message>
    <message>
        <source>%1 bytes, not a JSON document: the engine will dead-letter it again as invalid_payload.</source>
        <translation>%1 byte, không phải tài liệu JSON: engine sẽ lại chuyển nó vào thư lỗi với loại invalid_payload.</translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayPlan</name>
    <message>
        <source>Replay %1 to topic “%2”?</source>
        <translation>Phát lại %1 vào topic “%2”?</translation>
    </message>
    <message>
        <source>1 dead letter</source>
        <translation>1 thư lỗi</translation>
    </message>
    <message>
        <source>%1 dead letters</source>
        <translation>%1 thư lỗi</translation>
    </message>
    <message>
        <source>Estimated LLM cost: $%1 (what one attempt of each cost so far).</source>
        <translation>Chi phí LLM ước tính: $%1 (bằng chi phí một lần thử của mỗi thư cho đến nay).</translation>
    </message>
    <message>
        <source>%1 more will be refused by the loop guard: %2.</source>
        <translation>%1 thư nữa sẽ bị chặn bởi cơ chế chống lặp: %2.</translation>
    </message>
    <message>
        <source>%1 of them were replayed from this window already.</source>
        <translation>%1 thư trong số đó đã được phát lại từ cửa sổ này.</translation>
    </message>
    <message>
        <source>Replay 1 record</source>
        <translation>Phát lại 1 bản ghi</translation>
    </message>
    <message>
        <source>Replay %1 records</source>
        <translation>Phát lại %1 bản ghi</translation>
    </message>
</context>
<context>
    <name>herder::ui::ReplayReport</name>
    <message>
        <source>Replayed %1 of %2 to %3.</source>
        <translation>Đã phát lại %1/%2 vào %3.</translation>
    </message>
    <message>
        <source>%1/%2/%3: %4</source>
        <translation>%1/%2/%3: %4</translation>
    </message>
    <message>
        <source>%1 refused by the loop guard: %2.</source>
        <translation>%1 thư bị cơ chế chống lặp từ chối: %2.</translation>
    </message>
    <message>
        <source>Kafka error: %1</source>
        <translation>Lỗi Kafka: %1</translation>
    </message>
</context>
<context>
    <name>herder::ui::RollingLineChart</name>
    <message>
        <source>−%1 min</source>
        <translation>−%1 phút</translation>
    </message>
    <message>
        <source>−%1 s</source>
        <translation>−%1 s</translation>
    </message>
    <message>
        <source>now</source>
        <translation>bây giờ</translation>
    </message>
    <message numerus="yes">
        <source>%1 — last %n min</source>
        <translation>
            <numerusform>%1 — %n phút gần nhất</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — last %n s</source>
        <translation>
            <numerusform>%1 — %n s gần nhất</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsBudgetPage</name>
    <message>
        <source>Reaching a cap pauses consumption until the hour or day rolls over or you raise the cap; nothing goes to the dead-letter queue for it. 0 means no cap.</source>
        <translation>Khi chạm mức trần, việc đọc tạm dừng cho đến khi sang giờ hoặc sang ngày mới, hoặc khi bạn nâng mức trần; không tin nhắn nào bị chuyển vào hàng đợi thư lỗi vì lý do này. 0 nghĩa là không giới hạn.</translation>
    </message>
    <message>
        <source>Per hour (USD):</source>
        <translation>Mỗi giờ (USD):</translation>
    </message>
    <message>
        <source>0 means no cap</source>
        <translation>0 nghĩa là không giới hạn</translation>
    </message>
    <message>
        <source>Per day (USD):</source>
        <translation>Mỗi ngày (USD):</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsChecks</name>
    <message>
        <source>&apos;%1&apos; is not allowed: enter a whole number from %2 to %3.</source>
        <translation>Không chấp nhận &apos;%1&apos;: hãy nhập một số nguyên từ %2 đến %3.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: enter a number from %2 to %3 (with a &apos;.&apos; for decimals).</source>
        <translation>Không chấp nhận &apos;%1&apos;: hãy nhập một số từ %2 đến %3 (dùng dấu &apos;.&apos; cho phần thập phân).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a topic name: use 1 to 249 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>&apos;%1&apos; không phải tên topic: hãy dùng từ 1 đến 249 ký tự gồm chữ cái, chữ số, &apos;.&apos;, &apos;_&apos; hoặc &apos;-&apos;.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: enter an http:// or https:// URL with a host.</source>
        <translation>Không chấp nhận &apos;%1&apos;: hãy nhập một URL http:// hoặc https:// có tên máy chủ.</translation>
    </message>
    <message>
        <source>Required: this must not be empty.</source>
        <translation>Bắt buộc: không được để trống.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: use letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; only.</source>
        <translation>Không chấp nhận &apos;%1&apos;: chỉ dùng chữ cái, chữ số, &apos;.&apos;, &apos;_&apos; hoặc &apos;-&apos;.</translation>
    </message>
    <message>
        <source>Name at least two labels, separated by commas.</source>
        <translation>Hãy nêu ít nhất hai nhãn, cách nhau bằng dấu phẩy.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a JSON pointer: it starts with &apos;/&apos;, such as /text.</source>
        <translation>&apos;%1&apos; không phải JSON pointer: nó phải bắt đầu bằng &apos;/&apos;, ví dụ /text.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a readable file of PEM certificates.</source>
        <translation>&apos;%1&apos; không phải tệp chứng chỉ PEM đọc được.</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsConsolePage</name>
    <message>
        <source>System</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>The language changes the next time the console starts. System follows the desktop&apos;s language: Vietnamese, else English.</source>
        <translation>Ngôn ngữ sẽ đổi ở lần khởi động bảng điều khiển tiếp theo. Theo hệ thống nghĩa là dùng ngôn ngữ của màn hình làm việc: tiếng Việt nếu có, nếu không thì tiếng Anh.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Ngôn ngữ:</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation>Kafka</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>LLM</source>
        <translation>LLM</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tác vụ</translation>
    </message>
    <message>
        <source>Models &amp;&amp; prices</source>
        <translation>Mô hình &amp;&amp; giá</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Giới hạn</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Ngân sách</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Bảng điều khiển</translation>
    </message>
    <message>
        <source>Saving writes %1, which herder-engine reads too. Comments in that file are not kept. The API key is never written to it: it goes to the system keychain.</source>
        <translation>Khi lưu, cài đặt được ghi vào %1, tệp mà herder-engine cũng đọc. Các chú thích trong tệp đó sẽ không được giữ lại. Khóa API không bao giờ được ghi vào tệp: nó được cất trong kho khóa của hệ thống.</translation>
    </message>
    <message>
        <source>%1 does not exist yet: Save creates it.</source>
        <translation>%1 chưa tồn tại: bấm Lưu để tạo.</translation>
    </message>
    <message>
        <source>The file has a problem the engine would refuse: %1. The fields show what could be read; Save replaces the file.</source>
        <translation>Tệp có lỗi mà engine sẽ từ chối: %1. Các trường hiện những gì đọc được; bấm Lưu sẽ thay thế tệp.</translation>
    </message>
    <message>
        <source>no keychain available (%1)</source>
        <translation>không có kho khóa (%1)</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Chưa lưu: %1</translation>
    </message>
    <message>
        <source>Storing the API key in the system keychain…</source>
        <translation>Đang cất khóa API vào kho khóa của hệ thống…</translation>
    </message>
    <message>
        <source>Settings saved to %1, but the API key was not stored: %2</source>
        <translation>Đã lưu cài đặt vào %1, nhưng chưa cất được khóa API: %2</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsKafkaPage</name>
    <message>
        <source>Cluster</source>
        <translation>Cụm</translation>
    </message>
    <message>
        <source>Bootstrap servers:</source>
        <translation>Máy chủ bootstrap:</translation>
    </message>
    <message>
        <source>host:port, separated by commas</source>
        <translation>host:port, cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Consumer group:</source>
        <translation>Nhóm consumer:</translation>
    </message>
    <message>
        <source>Connect timeout (s):</source>
        <translation>Thời gian chờ kết nối (giây):</translation>
    </message>
    <message>
        <source>How long to wait for the brokers at start</source>
        <translation>Thời gian chờ các broker khi khởi động</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Bảo mật</translation>
    </message>
    <message>
        <source>Not set (plaintext)</source>
        <translation>Không đặt (plaintext)</translation>
    </message>
    <message>
        <source>Security protocol:</source>
        <translation>Giao thức bảo mật:</translation>
    </message>
    <message>
        <source>SASL mechanism:</source>
        <translation>Cơ chế SASL:</translation>
    </message>
    <message>
        <source>Required for SASL %1.</source>
        <translation>Bắt buộc với SASL %1.</translation>
    </message>
    <message>
        <source>SASL user name:</source>
        <translation>Tên người dùng SASL:</translation>
    </message>
    <message>
        <source>SASL password:</source>
        <translation>Mật khẩu SASL:</translation>
    </message>
    <message>
        <source>Stored in the INI file, as librdkafka reads it</source>
        <translation>Được lưu trong tệp INI, đúng như librdkafka đọc</translation>
    </message>
    <message>
        <source>CA certificates (file):</source>
        <translation>Chứng chỉ CA (tệp):</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates</source>
        <translation>Để trống: dùng chứng chỉ của hệ thống</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Thuộc tính</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a librdkafka property name.</source>
        <translation>&apos;%1&apos; không phải tên thuộc tính librdkafka.</translation>
    </message>
    <message>
        <source>Set the group in the Consumer group field.</source>
        <translation>Hãy đặt nhóm ở trường Nhóm consumer.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has its own field above.</source>
        <translation>&apos;%1&apos; đã có trường riêng ở phía trên.</translation>
    </message>
    <message>
        <source>All clients [kafka]</source>
        <translation>Mọi client [kafka]</translation>
    </message>
    <message>
        <source>Consumer [kafka.consumer]</source>
        <translation>Consumer [kafka.consumer]</translation>
    </message>
    <message>
        <source>Producer [kafka.producer]</source>
        <translation>Producer [kafka.producer]</translation>
    </message>
    <message>
        <source>Other librdkafka properties (passed on verbatim)</source>
        <translation>Thuộc tính librdkafka khác (chuyển nguyên văn)</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsLimitsPage</name>
    <message>
        <source>LLM calls</source>
        <translation>Lệnh gọi LLM</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>Số yêu cầu đồng thời:</translation>
    </message>
    <message>
        <source>Requests in flight at once</source>
        <translation>Số yêu cầu chạy cùng lúc</translation>
    </message>
    <message>
        <source>Rate (requests/s):</source>
        <translation>Tốc độ (yêu cầu/giây):</translation>
    </message>
    <message>
        <source>0 means unlimited</source>
        <translation>0 nghĩa là không giới hạn</translation>
    </message>
    <message>
        <source>One request per task</source>
        <translation>Mỗi tác vụ một yêu cầu</translation>
    </message>
    <message>
        <source>All tasks in one request</source>
        <translation>Mọi tác vụ trong một yêu cầu</translation>
    </message>
    <message>
        <source>Several events per request</source>
        <translation>Nhiều sự kiện trong một yêu cầu</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>Chế độ:</translation>
    </message>
    <message>
        <source>Batch size (events):</source>
        <translation>Kích thước lô (sự kiện):</translation>
    </message>
    <message>
        <source>Used in batch mode</source>
        <translation>Dùng ở chế độ theo lô</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Attempts in all:</source>
        <translation>Tổng số lần thử:</translation>
    </message>
    <message>
        <source>Then the message goes to the dead-letter queue</source>
        <translation>Sau đó tin nhắn được chuyển vào hàng đợi thư lỗi</translation>
    </message>
    <message>
        <source>Quick retries in process:</source>
        <translation>Số lần thử lại nhanh trong tiến trình:</translation>
    </message>
    <message>
        <source>Before the retry topic; fewer than the attempts</source>
        <translation>Trước khi chuyển sang topic thử lại; phải ít hơn tổng số lần thử</translation>
    </message>
    <message>
        <source>First backoff (ms):</source>
        <translation>Thời gian chờ đầu tiên (ms):</translation>
    </message>
    <message>
        <source>Longest backoff (ms):</source>
        <translation>Thời gian chờ dài nhất (ms):</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>Luồng xử lý</translation>
    </message>
    <message>
        <source>Messages in flight at most:</source>
        <translation>Số tin nhắn đang xử lý tối đa:</translation>
    </message>
    <message>
        <source>Above this, consumption pauses</source>
        <translation>Vượt quá mức này, việc đọc tạm dừng</translation>
    </message>
    <message>
        <source>Circuit cool-down (s):</source>
        <translation>Thời gian nghỉ của cầu dao (giây):</translation>
    </message>
    <message>
        <source>Wait before one probe request after systemic failures</source>
        <translation>Thời gian chờ trước khi gửi một yêu cầu thăm dò sau các lỗi hệ thống</translation>
    </message>
    <message>
        <source>Drain timeout (s):</source>
        <translation>Thời gian chờ xử lý nốt (giây):</translation>
    </message>
    <message>
        <source>How long a stop waits for work in flight</source>
        <translation>Khi dừng, thời gian chờ các việc đang chạy hoàn tất</translation>
    </message>
    <message>
        <source>Model for combined and batch requests:</source>
        <translation>Mô hình cho yêu cầu gộp và theo lô:</translation>
    </message>
    <message>
        <source>Empty: the first task&apos;s model</source>
        <translation>Để trống: dùng mô hình của tác vụ đầu tiên</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsLlmPage</name>
    <message>
        <source>Provider (OpenAI-compatible)</source>
        <translation>Nhà cung cấp (tương thích OpenAI)</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>URL gốc:</translation>
    </message>
    <message>
        <source>https://host/v1 (requests go to /chat/completions)</source>
        <translation>https://host/v1 (yêu cầu được gửi tới /chat/completions)</translation>
    </message>
    <message>
        <source>Timeout per request (s):</source>
        <translation>Thời gian chờ mỗi yêu cầu (giây):</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Khóa API</translation>
    </message>
    <message>
        <source>Environment variable:</source>
        <translation>Biến môi trường:</translation>
    </message>
    <message>
        <source>Read by herder-engine, and by the console when there is no keychain</source>
        <translation>herder-engine đọc biến này; bảng điều khiển cũng đọc khi không có kho khóa</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>Khóa API:</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>Đang kiểm tra kho khóa của hệ thống…</translation>
    </message>
    <message>
        <source>Stored in the system keychain</source>
        <translation>Đã cất trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored key</source>
        <translation>Để trống để giữ khóa đã cất</translation>
    </message>
    <message>
        <source>No key stored yet: the key you enter is stored in the system keychain</source>
        <translation>Chưa có khóa nào được cất: khóa bạn nhập sẽ được cất trong kho khóa của hệ thống</translation>
    </message>
    <message>
        <source>No keychain available: set %1 instead</source>
        <translation>Không có kho khóa: hãy đặt biến %1 thay thế</translation>
    </message>
    <message>
        <source>Not available without a keychain</source>
        <translation>Không dùng được khi không có kho khóa</translation>
    </message>
    <message>
        <source>The system keychain refused access: %1</source>
        <translation>Kho khóa của hệ thống từ chối truy cập: %1</translation>
    </message>
    <message>
        <source>CA certificates (file):</source>
        <translation>Chứng chỉ CA (tệp):</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates. Verification is always on.</source>
        <translation>Để trống: dùng chứng chỉ của hệ thống. Việc xác minh luôn bật.</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsPricesPage</name>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Input (USD per million tokens)</source>
        <translation>Đầu vào (USD mỗi triệu token)</translation>
    </message>
    <message>
        <source>Output (USD per million tokens)</source>
        <translation>Đầu ra (USD mỗi triệu token)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: give the model id without a vendor/ prefix, spaces or commas.</source>
        <translation>Không chấp nhận &apos;%1&apos;: hãy nhập mã mô hình không có tiền tố vendor/, dấu cách hay dấu phẩy.</translation>
    </message>
    <message>
        <source>Costs on the dashboard and the budget caps use these prices. A model missing here costs 0.</source>
        <translation>Chi phí trên trang tổng quan và mức trần ngân sách dùng các giá này. Mô hình không có ở đây được tính chi phí 0.</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTable</name>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>A default of the engine: change its value, it cannot be removed.</source>
        <translation>Giá trị mặc định của engine: có thể đổi giá trị nhưng không thể xóa.</translation>
    </message>
    <message>
        <source>Required: give a name.</source>
        <translation>Bắt buộc: hãy nhập tên.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is listed twice.</source>
        <translation>&apos;%1&apos; bị liệt kê hai lần.</translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation>Dòng %1, %2: %3</translation>
    </message>
    <message>
        <source>A default of the engine cannot be removed.</source>
        <translation>Không thể xóa giá trị mặc định của engine.</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTasksPage</name>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Another task is already called &apos;%1&apos;.</source>
        <translation>Đã có một tác vụ khác tên là &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Used when the provider does not know the model</source>
        <translation>Dùng khi nhà cung cấp không có mô hình trên</translation>
    </message>
    <message>
        <source>positive, negative, neutral</source>
        <translation>positive, negative, neutral</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Mô hình:</translation>
    </message>
    <message>
        <source>Fallback model:</source>
        <translation>Mô hình dự phòng:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Nhãn:</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Số token tối đa:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperature:</translation>
    </message>
    <message>
        <source>The event text goes only in the user message; the prompt is the system instruction. An answer counts only if its label is one of the labels.</source>
        <translation>Văn bản của sự kiện chỉ nằm trong tin nhắn của người dùng; prompt là chỉ dẫn hệ thống. Một câu trả lời chỉ được chấp nhận khi nhãn của nó nằm trong danh sách nhãn.</translation>
    </message>
    <message>
        <source>Add at least one task.</source>
        <translation>Hãy thêm ít nhất một tác vụ.</translation>
    </message>
</context>
<context>
    <name>herder::ui::SettingsTopicsPage</name>
    <message>
        <source>Topics (four different names)</source>
        <translation>Topic (bốn tên khác nhau)</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Nguồn:</translation>
    </message>
    <message>
        <source>Events to enrich</source>
        <translation>Sự kiện cần làm giàu</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Đầu ra:</translation>
    </message>
    <message>
        <source>Enriched results</source>
        <translation>Kết quả đã làm giàu</translation>
    </message>
    <message>
        <source>Retry:</source>
        <translation>Thử lại:</translation>
    </message>
    <message>
        <source>Messages waiting for another attempt</source>
        <translation>Tin nhắn đang chờ lần thử tiếp theo</translation>
    </message>
    <message>
        <source>Dead-letter queue:</source>
        <translation>Hàng đợi thư lỗi:</translation>
    </message>
    <message>
        <source>Messages that could not be enriched</source>
        <translation>Tin nhắn không thể làm giàu</translation>
    </message>
    <message>
        <source>Event format</source>
        <translation>Định dạng sự kiện</translation>
    </message>
    <message>
        <source>Text at (JSON pointer):</source>
        <translation>Vị trí văn bản (JSON pointer):</translation>
    </message>
    <message>
        <source>Id at (JSON pointer):</source>
        <translation>Vị trí id (JSON pointer):</translation>
    </message>
    <message>
        <source>Empty: topic/partition/offset</source>
        <translation>Để trống: dùng topic/phân vùng/offset</translation>
    </message>
    <message>
        <source>Longest text (characters):</source>
        <translation>Văn bản dài nhất (ký tự):</translation>
    </message>
    <message>
        <source>Longer texts are cut</source>
        <translation>Văn bản dài hơn sẽ bị cắt bớt</translation>
    </message>
    <message>
        <source>Largest event (bytes):</source>
        <translation>Sự kiện lớn nhất (byte):</translation>
    </message>
    <message>
        <source>Larger events go to the dead-letter queue</source>
        <translation>Sự kiện lớn hơn sẽ vào hàng đợi thư lỗi</translation>
    </message>
</context>
<context>
    <name>herder::ui::StateBanner</name>
    <message>
        <source>Starting: connecting to Kafka</source>
        <translation>Đang khởi động: đang kết nối Kafka</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Đang chạy</translation>
    </message>
    <message>
        <source>Paused by the operator</source>
        <translation>Người vận hành đã tạm dừng</translation>
    </message>
    <message>
        <source>Circuit open — consumption paused</source>
        <translation>Cầu dao đã ngắt — tạm dừng đọc</translation>
    </message>
    <message>
        <source>Budget reached — consumption paused</source>
        <translation>Đã chạm ngân sách — tạm dừng đọc</translation>
    </message>
    <message>
        <source>Stopping: draining in-flight work</source>
        <translation>Đang dừng: xử lý nốt các việc đang chạy</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Đã dừng</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message>
        <source>Detached from %1; the engine there keeps running</source>
        <translation>Đã ngắt kết nối khỏi %1; engine ở đó vẫn tiếp tục chạy</translation>
    </message>
    <message>
        <source>Provider storming — calls and consumption held, no attempts spent</source>
        <translation>Nhà cung cấp đang quá tải — tạm giữ lệnh gọi và việc đọc, không tính lượt thử</translation>
    </message>
</context>
<context>
    <name>herder::ui::ThroughputChart</name>
    <message>
        <source>Throughput</source>
        <translation>Thông lượng</translation>
    </message>
    <message>
        <source>msg/s</source>
        <translation>tin/giây</translation>
    </message>
    <message>
        <source>consumed</source>
        <translation>đã đọc</translation>
    </message>
    <message>
        <source>enriched</source>
        <translation>đã làm giàu</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>đã thử lại</translation>
    </message>
    <message>
        <source>DLQ</source>
        <translation>DLQ</translation>
    </message>
</context>
</TS>
