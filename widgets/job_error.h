#pragma once
// What a failed job hands to the GUI: the engine's error code, its one-line message and the context
// chain ("scoring data" -> "loading backbone X"). The GUI translates the headline by code and shows
// the context as detail; nothing else parses error text.
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <exception>

#include "engine/api/error.h"

class QWidget;

namespace mlens {
namespace widgets {

struct JobError {
    ErrorCode code = ErrorCode::Runtime;
    QString message;      // the engine's message (one line)
    QStringList context;  // outermost first
    // "context: ...: message", as the CLI prints it.
    QString text() const;
};

// From an exception in flight (mlens::Error, or anything else as a Runtime error, first line only).
JobError jobErrorFrom(std::exception_ptr error);

// A translated headline for each code ("A file is not what it claims to be.").
QString errorHeadline(ErrorCode code);

// The one error display: a warning box with the headline and the message, the context chain as
// details. When dialogs must not block (screenshots, tests), only `fallback` is called.
class ErrorDisplay {
public:
    static void show(QWidget* parent, const QString& title, const JobError& error);
    static void setNonBlocking(bool on);  // no modal dialogs (e.g. --screenshot)
    static bool nonBlocking();
};

}  // namespace widgets
}  // namespace mlens

Q_DECLARE_METATYPE(mlens::widgets::JobError)
