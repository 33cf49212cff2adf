#pragma once
// Error types shared by every layer. No torch or Qt types: app/ and widgets/ include this.
#include <exception>
#include <string>
#include <vector>

namespace mlens {

enum class ErrorCode {
    InvalidArgument,  // a bad flag, parameter or request value
    NotFound,         // a file, key or class that does not exist
    Io,               // the operating system refused a read or write
    Format,           // a file that is not what it claims to be (truncated, corrupt, wrong kind)
    Unsafe,           // a checkpoint that asks to run code or build objects off the allow-list
    Unsupported,      // well-formed but outside what MinorityLens supports
    ShapeMismatch,    // weights or tensors whose shapes do not fit
    Numerical,        // NaN or Inf where finite numbers are required
    Runtime,          // anything else raised inside the engine (LibTorch, OpenCV, out of memory)
};

const char* toString(ErrorCode code) noexcept;

// An engine error: a code, a one-line message, and context added while unwinding
// ("loading classifier X" -> "shape mismatch for out.2.weight ..."). what() joins them outermost first.
class Error : public std::exception {
public:
    Error(ErrorCode code, std::string message);

    ErrorCode code() const noexcept { return m_code; }
    const std::string& message() const noexcept { return m_message; }
    const std::vector<std::string>& context() const noexcept { return m_context; }
    void addContext(std::string context);
    const char* what() const noexcept override { return m_what.c_str(); }

private:
    void rebuildWhat();

    ErrorCode m_code;
    std::string m_message;
    std::vector<std::string> m_context;  // outermost first
    std::string m_what;
};

// Thrown when a ProgressSink asks to cancel. Not an error: callers treat it as a normal stop.
class Cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

// Rethrows the exception in flight as mlens::Error with `context` added. Cancelled passes through;
// other exceptions (LibTorch, OpenCV, the standard library) become Error(Runtime) with the first line
// of their message only, never a backtrace. Call only from inside a catch handler.
[[noreturn]] void rethrowWithContext(const std::string& context);

// Runs fn(); any exception leaves as mlens::Error carrying `context` (see rethrowWithContext).
template <class F>
decltype(auto) withContext(const std::string& context, F&& fn) {
    try {
        return fn();
    } catch (...) {
        rethrowWithContext(context);
    }
}

}  // namespace mlens
