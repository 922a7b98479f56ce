// The temporary files of OutputSet that a signal must not leave behind. SIGINT, SIGTERM and
// SIGHUP get a handler (where their action was the default) that unlinks every registered path
// with async-signal-safe calls only, restores the default action and raises the signal again,
// so the process ends as it would have, minus the temporaries.
//
// Invariants: a slot's path is complete before its state says "in use" (release store, read
// with acquire by the handler); a handler that finds a Hold in force only records the signal,
// and the last Hold to end acts on it.
#pragma once

namespace goro::temp_registry {

// Registers `path` (installing the handlers on first use). Returns its slot, or -1 when the
// path is too long or every slot is taken (then a signal would leave this one behind).
int add(const char* path);
// Forgets a slot (the file was renamed or removed). -1 is ignored.
void remove(int slot);

// While any Hold lives, a signal's cleanup waits: used around creating a temporary and
// registering it, and around renaming temporaries, so that neither is cut in half.
class Hold {
  public:
    Hold();
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
};

}  // namespace goro::temp_registry
