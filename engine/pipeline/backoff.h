#pragma once

#include <QtGlobal>

#include <chrono>
#include <optional>
#include <random>

namespace herder::pipeline {

/// Exponential backoff with full jitter (AWS style): spreads retries of many failed requests
/// uniformly instead of letting them return in synchronised waves.
class Backoff
{
public:
    /// seed 0 draws a random seed; any other value gives a reproducible sequence (tests).
    Backoff(std::chrono::milliseconds base = std::chrono::milliseconds(200),
            std::chrono::milliseconds cap = std::chrono::seconds(60), quint64 seed = 0);

    /// attempt counts from 1. delay = uniform[0, min(cap, base * 2^(attempt-1))], never below
    /// retry_after when given (a server's Retry-After wins even over cap).
    std::chrono::milliseconds delay(int attempt,
                                    std::optional<std::chrono::milliseconds> retry_after = {});

    /// The upper bound of the jitter window for an attempt: min(cap, base * 2^(attempt-1)).
    std::chrono::milliseconds ceiling(int attempt) const;

private:
    qint64 m_base_ms;
    qint64 m_cap_ms;
    std::mt19937_64 m_rng;
};

} // namespace herder::pipeline
