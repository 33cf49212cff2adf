#include "app/cli/terminal_progress.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "engine/api/text.h"

namespace mlens::cli {

namespace {

std::atomic<int> g_interrupts{0};

void onInterrupt(int) {
    if (g_interrupts.fetch_add(1) >= 1) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}

std::string duration(double s) {
    char buf[32];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
    else
        std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600,
                      (static_cast<int>(s) / 60) % 60);
    return buf;
}

}  // namespace

void installInterruptHandler() {
    std::signal(SIGINT, onInterrupt);
}

TerminalProgress::TerminalProgress(bool quiet)
    : m_quiet(quiet),
      m_tty(::isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

TerminalProgress::~TerminalProgress() {
    finish();
}

bool TerminalProgress::cancelRequested() const {
    return g_interrupts.load() > 0;
}

void TerminalProgress::report(int64_t done, int64_t total, const std::string& stage) {
    if (m_quiet) return;
    const auto now = std::chrono::steady_clock::now();
    if (stage != m_stage) {
        m_stage = stage;
        m_start = now;
        m_startDone = done;  // a resumed job starts part-way: its rate counts from here
    }
    const double sinceLast = std::chrono::duration<double>(now - m_last).count();
    const bool last = done >= total;
    if (!last && sinceLast < (m_tty ? 0.1 : 5.0)) return;
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
    const double doneHere = static_cast<double>(done - m_startDone);
    std::string eta;  // the rate of this run (a resumed job's earlier part aside) and what is left
    if (doneHere > 0 && elapsed > 0) {
        char rate[32];
        std::snprintf(rate, sizeof rate, ", %.3g/s", doneHere / elapsed);
        eta = rate;
        if (!last) eta += ", eta " + duration(elapsed / doneHere * static_cast<double>(total - done));
    }
    std::fprintf(stderr, "%s%s %lld/%lld (%.0f%%), %s%s%s", m_tty ? "\r\033[K" : "",
                 forTerminal(stage).c_str(), static_cast<long long>(done), static_cast<long long>(total),
                 100.0 * frac, duration(elapsed).c_str(), eta.c_str(), m_tty ? "" : "\n");
    m_open = m_tty;
    if (last && m_tty) {
        std::fputc('\n', stderr);
        m_open = false;
    }
    std::fflush(stderr);
}

std::string forTerminal(const std::string& text) {
    return escapeControl(text);
}

void TerminalProgress::message(const std::string& line) {
    if (m_quiet) return;
    if (m_open) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "%s\n", forTerminal(line).c_str());
    m_open = false;
    m_last = std::chrono::steady_clock::time_point{};  // redraw the progress line at once
    std::fflush(stderr);
}

void TerminalProgress::finish() {
    if (m_open) std::fputc('\n', stderr);
    m_open = false;
}

}  // namespace mlens::cli
