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

}  // namespace goro
