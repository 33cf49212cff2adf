#pragma once
// Progress and cancellation for long engine jobs. Implementations must make report() cheap: the
// engine calls it once per step or batch. Thread-safety: called from the job's thread only.
#include <cstdint>
#include <string>

namespace mlens {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // done of total units of the current stage ("scoring", "sampling 3/10", ...).
    virtual void report(int64_t done, int64_t total, const std::string& stage) = 0;
    // Polled between steps/batches; returning true makes the engine throw Cancelled.
    virtual bool cancelRequested() const = 0;
};

class NullProgress final : public ProgressSink {
public:
    void report(int64_t, int64_t, const std::string&) override {}
    bool cancelRequested() const override { return false; }
};

// Throws Cancelled when the sink asks for it.
void throwIfCancelled(const ProgressSink& progress);

}  // namespace mlens
