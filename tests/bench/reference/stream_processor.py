#!/usr/bin/env python3
# Reference pipeline: a faithful port of the StreamProcessor in the blog post Herder was created
# from (shared/seed/000_496b5eaf99009211.txt). It is BENCHMARK TOOLING ONLY, the baseline
# tests/bench/bench.py compares Herder against; it is not production code and must not be
# "fixed", or the comparison would measure something the blog never shipped.
#
# Changed from the seed, only to point it at our world and to measure it:
# - topic, bootstrap servers, consumer group, base URL, API key and the semaphore's size come
#   from the command line instead of constants;
# - the seed's `while True` loop stops once --stop-after messages are settled or nothing was
#   polled for --idle-s seconds (so a drain ends);
# - it records, per message, the Kafka record timestamp and the moment its batch's offsets are
#   committed (the seed never writes its results anywhere, so commit time is its completion
#   point), and prints one JSON line at the end: processed, failed, messages/s (settled after
#   the first commit over first-to-last commit, as bench.py measures Herder) and the
#   end-to-end latency p50/p95/p99 from record timestamp to commit;
# - with --ready-file it creates that file once the consumer has its partitions, so the paced
#   benchmark starts offering events only when the pipeline is already consuming;
# - the two AI calls of a message go through ConcurrencyController.semaphore, exactly as the
#   seed's own `safe_ai_call` uses it ("Sử dụng trong Stream Processor"), so --concurrency bounds
#   the LLM calls in flight as Herder's `limits/concurrency` does.
#
# Deliberate flaws kept (numbers from shared/seed/README.md):
# 1. offsets are committed after each batch even when messages in it failed;
# 2. a new aiohttp ClientSession (new TCP connection) is opened for every message;
# 3. ConcurrencyController.process_with_control releases the semaphore twice and its rate
#    limiter hard-codes 100 requests/s; like the seed's safe_ai_call we use only its semaphore,
#    so neither is on the measured path (acquire() would cap the run at 100 calls/s);
# 5. intent confidence is hard-coded to 0.95 and the sentiment answer is never validated;
# 6. one $/MTok figure prices all tokens;
# 7. enriched results are never written anywhere;
# 8. gather-then-commit: one slow message holds back its whole batch, and the partitions of one
#    poll are processed one after the other;
# also: kafka-python's poll() blocks the asyncio event loop; tenacity retries (3 attempts,
# exponential wait 1-10 s) wrap analyze_sentiment only, holding a semaphore permit while they
# wait; classify_intent has no status check and no retry; a failed call becomes the string
# "error" and the message still counts as processed; an INFO log line per batch.
# (Flaw 4, in-memory retry counts, lives in the seed's ErrorHandler, which its StreamProcessor
# never calls; it is not ported.)

import argparse
import asyncio
import json
import logging
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

import aiohttp
from kafka import KafkaConsumer
from tenacity import retry, stop_after_attempt, wait_exponential

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)


@dataclass
class AIServiceConfig:
    api_key: str
    base_url: str = "https://api.holysheep.ai/v1"
    timeout: int = 30
    max_retries: int = 3


class HolySheepAIClient:
    """Client for the HolySheep AI API (as in the seed)."""

    def __init__(self, config: AIServiceConfig):
        self.config = config
        self.session: Optional[aiohttp.ClientSession] = None
        self._request_count = 0
        self._total_cost = 0.0

    async def __aenter__(self):
        timeout = aiohttp.ClientTimeout(total=self.config.timeout)
        self.session = aiohttp.ClientSession(timeout=timeout)
        return self

    async def __aexit__(self, *args):
        if self.session:
            await self.session.close()

    @retry(stop=stop_after_attempt(3), wait=wait_exponential(multiplier=1, min=1, max=10))
    async def analyze_sentiment(self, text: str) -> dict:
        headers = {
            "Authorization": f"Bearer {self.config.api_key}",
            "Content-Type": "application/json"
        }
        payload = {
            "model": "deepseek-v3.2",
            "messages": [
                {"role": "system", "content": "Bạn là chuyên gia phân tích sentiment. Trả lời JSON."},
                {"role": "user", "content": f"Phân tích sentiment của: {text}"}
            ],
            "temperature": 0.3,
            "max_tokens": 100
        }
        async with self.session.post(
            f"{self.config.base_url}/chat/completions",
            headers=headers,
            json=payload
        ) as response:
            if response.status != 200:
                raise Exception(f"API Error: {response.status}")
            result = await response.json()
            self._request_count += 1
            tokens_used = result.get('usage', {}).get('total_tokens', 0)
            cost = (tokens_used / 1_000_000) * 0.42  # DeepSeek V3.2 pricing, in and out alike
            self._total_cost += cost
            return {
                "sentiment": result['choices'][0]['message']['content'],
                "tokens": tokens_used,
                "latency_ms": response.headers.get('X-Response-Time', 0)
            }

    async def classify_intent(self, text: str, categories: list) -> dict:
        headers = {
            "Authorization": f"Bearer {self.config.api_key}",
            "Content-Type": "application/json"
        }
        payload = {
            "model": "gemini-2.5-flash",
            "messages": [
                {"role": "user", "content": f"Phân loại intent: {text}\nCategories: {', '.join(categories)}"}
            ],
            "temperature": 0.1,
            "max_tokens": 50
        }
        async with self.session.post(
            f"{self.config.base_url}/chat/completions",
            headers=headers,
            json=payload
        ) as response:
            result = await response.json()
            return {
                "intent": result['choices'][0]['message']['content'],
                "confidence": 0.95,
                "latency_ms": response.headers.get('X-Response-Time', 0)
            }

    def get_cost_summary(self) -> dict:
        return {
            "total_requests": self._request_count,
            "estimated_cost_usd": round(self._total_cost, 4),
            "cost_per_request": round(self._total_cost / max(self._request_count, 1), 6)
        }


class ConcurrencyController:
    """The seed's semaphore and rate limiter, flaws included (see flaw 3 above)."""

    def __init__(self, max_concurrent: int = 50, rate_limit_per_sec: int = 100):
        self.semaphore = asyncio.Semaphore(max_concurrent)
        self.rate_limiter = asyncio.Semaphore(rate_limit_per_sec)
        self._request_times: List[float] = []
        self._lock = asyncio.Lock()

    async def acquire(self):
        await self.semaphore.acquire()
        await self._check_rate_limit()

    def release(self):
        self.semaphore.release()

    async def _check_rate_limit(self):
        async with self._lock:
            now = asyncio.get_event_loop().time()
            self._request_times = [t for t in self._request_times if now - t < 1.0]
            if len(self._request_times) >= 100:
                wait_time = 1.0 - (now - self._request_times[0])
                if wait_time > 0:
                    await asyncio.sleep(wait_time)
            self._request_times.append(now)

    async def process_with_control(self, coro):
        async with self.semaphore:
            try:
                return await asyncio.wait_for(coro, timeout=30)
            except asyncio.TimeoutError:
                raise Exception("Request timeout after 30s")
            finally:
                self.semaphore.release()


class StreamProcessor:
    """The seed's StreamProcessor; the additions are the stop condition and the measurements."""

    def __init__(self, kafka_brokers: list, ai_config: AIServiceConfig, topic: str,
                 group_id: str, controller: ConcurrencyController, stop_after: int,
                 idle_s: float, ready_file: Optional[str] = None):
        self.consumer = KafkaConsumer(
            topic,
            bootstrap_servers=kafka_brokers,
            group_id=group_id,
            auto_offset_reset='earliest',
            enable_auto_commit=False,
            max_poll_records=100,
            max_poll_interval_ms=300000,
            session_timeout_ms=30000,
            heartbeat_interval_ms=10000
        )
        self.ai_config = ai_config
        self.controller = controller
        self.batch_size = 50
        self.processing_stats = {
            "total_processed": 0,
            "total_failed": 0,
            "avg_latency_ms": 0
        }
        # Measurement only: the seed has none of this.
        self.stop_after = stop_after
        self.idle_s = idle_s
        self.ready_file = ready_file
        self.e2e_latency_ms: List[float] = []
        self.llm_errors = 0
        self.first_poll_s: Optional[float] = None
        self.first_commit_s: Optional[float] = None
        self.first_commit_count = 0
        self.last_commit_s: Optional[float] = None

    async def process_batch(self, messages: list) -> list:
        tasks = []
        for msg in messages:
            data = json.loads(msg.value)
            text = data.get('text', '')
            if len(text) > 1000:
                text = text[:1000]
            tasks.append(self._process_single(data, text))

        results = await asyncio.gather(*tasks, return_exceptions=True)

        processed = []
        for msg, result in zip(messages, results):
            if isinstance(result, Exception):
                logger.error(f"Processing failed: {result}")
                self.processing_stats["total_failed"] += 1
            else:
                processed.append({
                    "original": json.loads(msg.value),
                    "ai_result": result
                })
                self.processing_stats["total_processed"] += 1
                if result["sentiment"] == "error" or result["intent"] == "error":
                    self.llm_errors += 1
        return processed

    async def _guarded(self, coro):
        # The seed's safe_ai_call: one permit of the controller's semaphore per AI call.
        async with self.controller.semaphore:
            return await coro

    async def _process_single(self, data: dict, text: str) -> dict:
        async with HolySheepAIClient(self.ai_config) as ai_client:
            sentiment_task = asyncio.create_task(
                self._guarded(ai_client.analyze_sentiment(text)))
            intent_task = asyncio.create_task(self._guarded(
                ai_client.classify_intent(text, ["mua_hang", "ho_tro", "phan_hoi", "khac"])
            ))
            sentiment_result, intent_result = await asyncio.gather(
                sentiment_task, intent_task, return_exceptions=True
            )
            return {
                "timestamp": datetime.utcnow().isoformat(),
                "sentiment": sentiment_result if not isinstance(sentiment_result, Exception) else "error",
                "intent": intent_result if not isinstance(intent_result, Exception) else "error",
                "enriched": True
            }

    def _settled(self) -> int:
        return self.processing_stats["total_processed"] + self.processing_stats["total_failed"]

    async def run(self):
        logger.info("Stream Processor started...")
        last_records_s = time.time()
        try:
            while self._settled() < self.stop_after:
                messages = self.consumer.poll(timeout_ms=1000, max_records=self.batch_size)
                if self.ready_file and self.consumer.assignment():
                    # Measurement only: tell the paced benchmark the group has been joined.
                    with open(self.ready_file, "w") as ready:
                        ready.write(f"{len(self.consumer.assignment())}\n")
                    self.ready_file = None
                if not messages:
                    if time.time() - last_records_s >= self.idle_s:
                        logger.info("idle, stopping")
                        break
                    continue
                last_records_s = time.time()
                if self.first_poll_s is None:
                    self.first_poll_s = last_records_s

                for topic_partition, records in messages.items():
                    logger.info(f"Processing {len(records)} messages from {topic_partition}")
                    start_time = asyncio.get_event_loop().time()

                    results = await self.process_batch(records)

                    elapsed = (asyncio.get_event_loop().time() - start_time) * 1000
                    self.processing_stats["avg_latency_ms"] = (
                        (self.processing_stats["avg_latency_ms"] *
                         (self.processing_stats["total_processed"] - len(results))) +
                        elapsed
                    ) / max(self.processing_stats["total_processed"], 1)

                    self.consumer.commit()
                    # Completion point: the seed writes no output, so a message is done when
                    # the offsets of its batch are committed.
                    done_s = time.time()
                    self.last_commit_s = done_s
                    if self.first_commit_s is None:
                        self.first_commit_s = done_s
                        self.first_commit_count = self._settled()
                    self.e2e_latency_ms.extend(done_s * 1000 - r.timestamp for r in records)
                    logger.info(f"Processed {len(results)} messages in {elapsed:.2f}ms")
        except KeyboardInterrupt:
            logger.info("Shutting down gracefully...")
        finally:
            self.consumer.close()
            logger.info(f"Final stats: {self.processing_stats}")


def percentile(sorted_values: List[float], fraction: float) -> Optional[float]:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return round(sorted_values[int(rank) - 1], 1)


def main():
    p = argparse.ArgumentParser(description="The seed's StreamProcessor, as a benchmark baseline.")
    p.add_argument("--bootstrap", required=True, help="bootstrap servers, comma-separated")
    p.add_argument("--topic", default="ai-events")
    p.add_argument("--group", default="ai-stream-processor")
    p.add_argument("--base-url", required=True, help="OpenAI-compatible base URL ending in /v1")
    p.add_argument("--api-key", default="YOUR_HOLYSHEEP_API_KEY")
    p.add_argument("--concurrency", type=int, default=50,
                   help="ConcurrencyController max_concurrent (the seed's 50)")
    p.add_argument("--stop-after", type=int, default=sys.maxsize,
                   help="stop once this many messages are settled")
    p.add_argument("--idle-s", type=float, default=10.0,
                   help="stop after this long without a record (from start, too)")
    p.add_argument("--ready-file", help="create this file once partitions are assigned")
    args = p.parse_args()

    ai_config = AIServiceConfig(api_key=args.api_key, base_url=args.base_url)

    async def run():
        # The controller's asyncio primitives are made inside the running loop.
        controller = ConcurrencyController(max_concurrent=args.concurrency, rate_limit_per_sec=100)
        processor = StreamProcessor(kafka_brokers=args.bootstrap.split(","), ai_config=ai_config,
                                    topic=args.topic, group_id=args.group, controller=controller,
                                    stop_after=args.stop_after, idle_s=args.idle_s,
                                    ready_file=args.ready_file)
        started_s = time.time()
        await processor.run()
        return processor, time.time() - started_s

    processor, wall_s = asyncio.run(run())
    settled = processor._settled()
    # As bench.py measures Herder, from its output timestamps ((count - 1) / (last - first)):
    # messages completed after the first completion, over the time from first to last.
    elapsed_s = ((processor.last_commit_s - processor.first_commit_s)
                 if processor.first_commit_s else 0.0)
    after_first = settled - processor.first_commit_count
    latencies = sorted(processor.e2e_latency_ms)
    print(json.dumps({
        "pipeline": "reference",
        "concurrency": args.concurrency,
        "processed": processor.processing_stats["total_processed"],
        "failed": processor.processing_stats["total_failed"],
        "with_llm_error": processor.llm_errors,
        "elapsed_s": round(elapsed_s, 2),
        "messages_per_s": round(after_first / elapsed_s, 1) if elapsed_s > 0 else None,
        "e2e_p50_ms": percentile(latencies, 0.50),
        "e2e_p95_ms": percentile(latencies, 0.95),
        "e2e_p99_ms": percentile(latencies, 0.99),
        "first_poll_to_last_commit_s": (round(processor.last_commit_s - processor.first_poll_s, 2)
                                        if processor.first_poll_s and processor.last_commit_s
                                        else None),
        "wall_s": round(wall_s, 2),
    }), flush=True)


if __name__ == "__main__":
    main()
