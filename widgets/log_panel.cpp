#include "widgets/log_panel.h"

#include <QPointer>
#include <QTime>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace mlens {
namespace widgets {

namespace {

class PanelSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit PanelSink(LogPanel* panel) : m_panel(panel) {}
    void detach() {
        std::lock_guard<std::mutex> lock(mutex_);
        m_panel = nullptr;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (!m_panel) return;
        const QString text = QString::fromUtf8(msg.payload.data(), static_cast<int>(msg.payload.size()));
        const int level = static_cast<int>(msg.level);
        QPointer<LogPanel> panel(m_panel);
        QMetaObject::invokeMethod(
            m_panel,
            [panel, level, text] {
                if (panel) panel->appendLine(level, text);
            },
            Qt::QueuedConnection);
    }
    void flush_() override {}

private:
    LogPanel* m_panel;
};

}  // namespace

LogPanel::LogPanel(QWidget* parent) : QPlainTextEdit(parent) {
    setReadOnly(true);
    setMaximumBlockCount(5000);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont f = font();
    f.setFamily(QStringLiteral("monospace"));
    f.setStyleHint(QFont::Monospace);
    setFont(f);
}

LogPanel::~LogPanel() {
    if (m_sink) {
        std::static_pointer_cast<PanelSink>(m_sink)->detach();
        auto& sinks = spdlog::default_logger()->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), m_sink), sinks.end());
    }
}

void LogPanel::attachToDefaultLogger() {
    m_sink = std::make_shared<PanelSink>(this);
    m_sink->set_level(spdlog::level::info);
    spdlog::default_logger()->sinks().push_back(m_sink);
    if (spdlog::default_logger()->level() > spdlog::level::info)
        spdlog::default_logger()->set_level(spdlog::level::info);
}

void LogPanel::appendLine(int level, const QString& line) {
    static const char* names[] = {"trace", "debug", "info", "warning", "error", "critical", "off"};
    const QString prefix = QTime::currentTime().toString(QStringLiteral("hh:mm:ss")) + QStringLiteral(" [") +
                           QString::fromLatin1(names[std::clamp(level, 0, 6)]) + QStringLiteral("] ");
    appendPlainText(prefix + line);
}

}  // namespace widgets
}  // namespace mlens
