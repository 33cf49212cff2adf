#include "widgets/job_error.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace mlens {
namespace widgets {

namespace {
bool g_nonBlocking = false;
}

QString JobError::text() const {
    QString s;
    for (const QString& c : context)
        s += c + QStringLiteral(": ");
    return s + message;
}

JobError jobErrorFrom(std::exception_ptr error) {
    JobError e;
    try {
        std::rethrow_exception(error);
    } catch (const Error& err) {
        e.code = err.code();
        e.message = QString::fromStdString(err.message());
        for (const auto& c : err.context())
            e.context << QString::fromStdString(c);
    } catch (const std::exception& err) {
        const std::string s = err.what();
        e.message = QString::fromStdString(s.substr(0, s.find('\n')));
    } catch (...) {
        e.message = QCoreApplication::translate("JobError", "unexpected failure");
    }
    return e;
}

QString errorHeadline(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return QCoreApplication::translate("JobError", "A setting is not valid.");
        case ErrorCode::NotFound:
            return QCoreApplication::translate("JobError", "A file, folder or entry was not found.");
        case ErrorCode::Io:
            return QCoreApplication::translate("JobError", "The system refused to read or write a file.");
        case ErrorCode::Format:
            return QCoreApplication::translate("JobError", "A file is not what it claims to be.");
        case ErrorCode::Unsafe:
            return QCoreApplication::translate("JobError", "A file asks to run code; it was not loaded.");
        case ErrorCode::Unsupported:
            return QCoreApplication::translate("JobError", "This is not supported.");
        case ErrorCode::ShapeMismatch:
            return QCoreApplication::translate("JobError", "The model and the data do not fit together.");
        case ErrorCode::Numerical:
            return QCoreApplication::translate("JobError", "A computation produced invalid numbers.");
        case ErrorCode::Runtime:
            return QCoreApplication::translate("JobError", "Something went wrong while running.");
    }
    return QCoreApplication::translate("JobError", "Something went wrong while running.");
}

void ErrorDisplay::show(QWidget* parent, const QString& title, const JobError& error) {
    if (g_nonBlocking) return;
    QMessageBox box(QMessageBox::Warning, title, errorHeadline(error.code), QMessageBox::Ok, parent);
    box.setInformativeText(error.message);
    if (!error.context.isEmpty()) box.setDetailedText(error.context.join(QStringLiteral("\n")));
    box.exec();
}

void ErrorDisplay::setNonBlocking(bool on) {
    g_nonBlocking = on;
}

bool ErrorDisplay::nonBlocking() {
    return g_nonBlocking;
}

}  // namespace widgets
}  // namespace mlens
