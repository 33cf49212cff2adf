#pragma once
// Progress on stderr for CLI jobs: a redrawn line on a terminal, a line every few seconds
// otherwise, silent with --quiet. Ctrl-C requests a clean cancel; a second Ctrl-C aborts.
#include <chrono>
#include <string>

#include "engine/api/progress.h"

namespace mlens::cli {

class TerminalProgress final : public ProgressSink {
public:
    explicit TerminalProgress(bool quiet);
    ~TerminalProgress() override;
    void report(int64_t done, int64_t total, const std::string& stage) override;
    bool cancelRequested() const override;
    void finish();                          // ends the progress line
    void message(const std::string& line);  // prints a line of its own, below any progress line

private:
    bool m_quiet, m_tty, m_open = false;
    std::chrono::steady_clock::time_point m_start, m_last;
    std::string m_stage;
    int64_t m_startDone = 0;
};

// `text` as mlens::escapeControl writes it: control characters (C0, DEL, C1) and invalid UTF-8 as
// \xHH, so that a file name holding an escape sequence or a newline can neither drive the terminal
// nor split a one-line message.
std::string forTerminal(const std::string& text);

// Installs the SIGINT handler used by cancelRequested().
void installInterruptHandler();

}  // namespace mlens::cli
