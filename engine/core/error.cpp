#include "engine/api/error.h"

#include <new>
#include <utility>

#include "engine/api/progress.h"

namespace mlens {

namespace {

std::string firstLine(const std::string& text) {
    const auto end = text.find('\n');
    std::string line = end == std::string::npos ? text : text.substr(0, end);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
        line.pop_back();
    return line.empty() ? std::string("unknown error") : line;
}

}  // namespace

const char* toString(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::InvalidArgument:
            return "invalid argument";
        case ErrorCode::NotFound:
            return "not found";
        case ErrorCode::Io:
            return "i/o error";
        case ErrorCode::Format:
            return "format error";
        case ErrorCode::Unsafe:
            return "unsafe content";
        case ErrorCode::Unsupported:
            return "unsupported";
        case ErrorCode::ShapeMismatch:
            return "shape mismatch";
        case ErrorCode::Numerical:
            return "numerical error";
        case ErrorCode::Runtime:
            return "runtime error";
    }
    return "error";
}

Error::Error(ErrorCode code, std::string message) : m_code(code), m_message(firstLine(message)) {
    rebuildWhat();
}

void Error::addContext(std::string context) {
    m_context.insert(m_context.begin(), std::move(context));
    rebuildWhat();
}

void Error::rebuildWhat() {
    m_what.clear();
    for (const auto& c : m_context)
        m_what += c + ": ";
    m_what += m_message;
}

void rethrowWithContext(const std::string& context) {
    try {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (Error& e) {
        e.addContext(context);
        throw;
    } catch (const std::bad_alloc&) {
        Error err(ErrorCode::Runtime, "out of memory");
        err.addContext(context);
        throw err;
    } catch (const std::exception& e) {
        // LibTorch and OpenCV exceptions: their first line is the message, the rest a backtrace.
        Error err(ErrorCode::Runtime, e.what());
        err.addContext(context);
        throw err;
    } catch (...) {
        Error err(ErrorCode::Runtime, "unknown exception");
        err.addContext(context);
        throw err;
    }
}

void throwIfCancelled(const ProgressSink& progress) {
    if (progress.cancelRequested()) throw Cancelled();
}

}  // namespace mlens
