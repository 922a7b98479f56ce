// Panic: a Go panic inside a goroutine. It unwinds the goroutine's frames like an exception;
// at the goroutine's root the runtime records a GoPanic event and ends the run with the
// message. It never escapes into the host program.
#pragma once

#include <stdexcept>
#include <string>

namespace goro {

class Panic : public std::runtime_error {
  public:
    explicit Panic(const std::string& message) : std::runtime_error(message) {}
};

// Go's panic(message).
[[noreturn]] void panic(const std::string& message);

// A fatal error: an error on which Go's runtime ends the whole program at once ("fatal error:
// sync: unlock of unlocked mutex"), and that no recover() can catch. The runtime has ended the
// run (RunStatus::Fatal) and stopped recording events before it throws this, so the exception
// only unwinds the goroutine: one that catches it (catch (...) does) runs on until it next
// parks or yields, and nothing it does meanwhile is recorded or changes how the run ended. Not
// a Panic: code that recovers panics does not catch it.
class FatalError : public std::runtime_error {
  public:
    explicit FatalError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace goro
