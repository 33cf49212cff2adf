#pragma once
// Helpers shared by the Qt Test executables: where ../shared and the built binaries are, temp dirs.
#include <cstdint>
#include <string>

#include "engine/api/progress.h"

namespace mlens::test {

// ../shared beside the source tree (or $MLENS_SHARED_DIR). Throws std::runtime_error with a clear
// message when it is missing, so that every test needing it fails loudly instead of skipping.
std::string sharedDir();
// ../shared/fixtures/<relative>; throws when the file does not exist.
std::string fixture(const std::string& relative);
// tests/data/<relative> in the source tree.
std::string testData(const std::string& relative);
std::string sourceDir();
// Folder of the built executables (minoritylens-cli).
std::string binaryDir();

// How long a test may wait for something that only takes time (a process, a job, a thumbnail):
// `ms` times $MLENS_TEST_TIME_FACTOR (default 1; CTest sets it from -DMLENS_TEST_TIME_FACTOR), so a
// loaded machine makes tests slower, never failing. Tests never limit how long work may take.
int waitMs(int ms);

// Asks to cancel once the job stage `stage` has reported `step` steps: interrupts a job mid-way.
class CancelAtStep final : public ProgressSink {
public:
    CancelAtStep(std::string stage, int64_t step) : m_stage(std::move(stage)), m_step(step) {}
    void report(int64_t done, int64_t, const std::string& stage) override {
        if (stage == m_stage && done >= m_step) m_cancel = true;
    }
    bool cancelRequested() const override { return m_cancel; }

private:
    std::string m_stage;
    int64_t m_step;
    bool m_cancel = false;
};

// Asks to cancel once `n` progress reports have arrived (the first is usually the job's start).
class CancelAfterReports final : public ProgressSink {
public:
    explicit CancelAfterReports(int n) : m_left(n) {}
    void report(int64_t, int64_t, const std::string&) override { --m_left; }
    bool cancelRequested() const override { return m_left <= 0; }

private:
    int m_left;
};

// Relative error ||a - b|| / ||b|| of two float buffers (used where torch is not at hand).
double relativeError(const float* a, const float* b, size_t n);

}  // namespace mlens::test
