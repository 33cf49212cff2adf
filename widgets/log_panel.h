#pragma once
// The engine's log (spdlog) in a panel. The sink may be called from any thread; lines are appended on
// the GUI thread.
#include <QPlainTextEdit>

#include <memory>

namespace spdlog::sinks {
class sink;
}

namespace mlens {
namespace widgets {

class LogPanel final : public QPlainTextEdit {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)

public:
    explicit LogPanel(QWidget* parent = nullptr);
    ~LogPanel() override;
    // Adds a sink for this panel to spdlog's default logger (info and above).
    void attachToDefaultLogger();
    void appendLine(int level, const QString& line);

private:
    std::shared_ptr<spdlog::sinks::sink> m_sink;
};

}  // namespace widgets
}  // namespace mlens
