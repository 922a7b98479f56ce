#include "temp_registry.hpp"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace goro::temp_registry {
namespace {

constexpr int kSlots = 32;  // a run has four outputs at most; the window writes one at a time
enum SlotState : int { kFree, kFilling, kInUse };

struct Slot {
    std::atomic<int> state{kFree};  // SlotState
    char path[PATH_MAX];            // valid while state is kInUse
};

Slot g_slots[kSlots];
std::atomic<int> g_holds{0};    // Holds alive
std::atomic<int> g_pending{0};  // a signal that arrived during a Hold, or 0
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these atomics");

// Async-signal-safe: unlink, sigaction and raise only.
void remove_all_and_raise(int sig) {
    for (Slot& s : g_slots) {
        if (s.state.load(std::memory_order_acquire) == kInUse) ::unlink(s.path);
    }
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);  // blocked while the handler runs: delivered, with the default action, on return
}

void on_signal(int sig) {
    if (g_holds.load(std::memory_order_acquire) > 0) {
        g_pending.store(sig, std::memory_order_release);
        return;
    }
    remove_all_and_raise(sig);
}

void install_handlers() {
    for (const int sig : kSignals) {
        struct sigaction old {};
        if (sigaction(sig, nullptr, &old) != 0) continue;
        // An ignored signal stays ignored (nohup, a background job); a program's own handler
        // stays its own.
        if ((old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) continue;
        struct sigaction act {};
        act.sa_handler = on_signal;
        sigemptyset(&act.sa_mask);
        act.sa_flags = SA_RESTART;
        sigaction(sig, &act, nullptr);
    }
}

}  // namespace

int add(const char* path) {
    static std::once_flag installed;
    std::call_once(installed, install_handlers);
    const std::size_t n = std::strlen(path);
    if (n >= PATH_MAX) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = kFree;
        if (!g_slots[i].state.compare_exchange_strong(expected, kFilling,
                                                      std::memory_order_acq_rel))
            continue;
        std::memcpy(g_slots[i].path, path, n + 1);
        g_slots[i].state.store(kInUse, std::memory_order_release);
        return i;
    }
    return -1;
}

void remove(int slot) {
    if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree, std::memory_order_release);
}

Hold::Hold() {
    g_holds.fetch_add(1, std::memory_order_acq_rel);
}

Hold::~Hold() {
    if (g_holds.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (const int sig = g_pending.exchange(0, std::memory_order_acq_rel)) remove_all_and_raise(sig);
}

}  // namespace goro::temp_registry
