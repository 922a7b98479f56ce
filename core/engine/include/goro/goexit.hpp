// goexit(): Go's runtime.Goexit. Ends the calling goroutine; others run on.
//
// It throws goro::GoexitUnwind, which unwinds the goroutine's frames: every destructor runs on
// the way (the C++ form of Go's deferred calls), and so does every catch (...) that rethrows
// (Once's, for one). At the goroutine's root the runtime records GoEnd (with its goexit flag
// set), not a panic. Like Go's Goexit, it is not a panic: `catch (const goro::Panic&)` (recover)
// does not stop it. A catch (...) that swallows it keeps the goroutine alive, which Go cannot
// do: rethrow it.
//
// When the main goroutine calls it, the run goes on without main (main returning ends a run;
// main's goexit does not). Once every other goroutine has returned, the run ends as Go's does:
// a fatal error, "no goroutines (main called runtime.Goexit) - deadlock!" (RunStatus::Deadlock).
// If the others all block instead, it is the usual "all goroutines are asleep - deadlock!".
//
// Outside a goroutine it throws std::logic_error.
#pragma once

namespace goro {

// Not a std::exception, so that a catch of std::exception does not take it for an error.
class GoexitUnwind {};

[[noreturn]] void goexit();

}  // namespace goro
