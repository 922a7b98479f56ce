// What the engine's test suites share: runtimes of either mode, a thread-safe log of what
// goroutines saw, events filtered from a recorder, and a value type that counts its copies.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "goro/goro.hpp"
#include "goro/recorder.hpp"

namespace goro_test {

// Options for a test runtime. Parallel runtimes run at speed 1000: a virtual second takes a
// wall millisecond.
inline goro::RuntimeOptions options(goro::Mode mode, goro::Tracer* tracer = nullptr,
                                    std::uint64_t seed = 1) {
    goro::RuntimeOptions o;
    o.mode = mode;
    o.seed = seed;
    o.tracer = tracer;
    o.speed = 1000.0;
    return o;
}

inline std::unique_ptr<goro::Runtime> make_runtime(goro::Mode mode, goro::Tracer* tracer = nullptr,
                                                   std::uint64_t seed = 1) {
    return std::make_unique<goro::Runtime>(options(mode, tracer, seed));
}

// Names the instances of a test parameterised over the two runtimes.
inline std::string mode_name(const ::testing::TestParamInfo<goro::Mode>& info) {
    return info.param == goro::Mode::Deterministic ? "Deterministic" : "Parallel";
}

// A test parameterised over the two runtimes. Each suite instantiates it once:
//   INSTANTIATE_TEST_SUITE_P(Mutex, BothModes, both_modes(), mode_name);
class BothModes : public ::testing::TestWithParam<goro::Mode> {
  protected:
    bool deterministic() const { return GetParam() == goro::Mode::Deterministic; }
};

inline auto both_modes() {
    return ::testing::Values(goro::Mode::Deterministic, goro::Mode::Parallel);
}

// A test run in both runtimes: one runtime of the mode under test, reporting to a Recorder.
class RuntimeTest : public ::testing::TestWithParam<goro::Mode> {
  protected:
    goro::Runtime& rt() {
        if (!m_rt) m_rt = make_runtime(GetParam(), &m_rec);
        return *m_rt;
    }
    goro::Recorder& rec() { return m_rec; }
    bool deterministic() const { return GetParam() == goro::Mode::Deterministic; }

  private:
    goro::Recorder m_rec;  // declared first: outlives the runtime that reports to it
    std::unique_ptr<goro::Runtime> m_rt;
};

// The clock of the runtime running the current goroutine.
inline goro::Time now() {
    return goro::Runtime::current()->now();
}

// The run ended in a panic with Go's `message`, raised by goroutine `culprit` (by any goroutine
// when `culprit` is empty); a failure shows how the run ended.
inline ::testing::AssertionResult panicked_with(const goro::RunResult& r, std::string_view message,
                                                std::string_view culprit = {}) {
    if (r.status == goro::RunStatus::Panicked && r.message == message &&
        (culprit.empty() || r.culprit_name == culprit)) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the run ended: " << r.describe();
}

// The run ended in a fatal error (not a deadlock) with Go's `message`, hit by goroutine `culprit`;
// a failure shows how the run ended.
inline ::testing::AssertionResult fatal_with(const goro::RunResult& r, std::string_view message,
                                             std::string_view culprit) {
    if (r.status == goro::RunStatus::Fatal && r.message == message && r.culprit_name == culprit)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "the run ended: " << r.describe();
}

// The run ended in a deadlock with `name` the one goroutine stuck, blocked on `reason`; a failure
// shows how the run ended.
inline ::testing::AssertionResult deadlocked_alone(const goro::RunResult& r, std::string_view name,
                                                   goro::BlockReason reason) {
    if (r.status == goro::RunStatus::Deadlock && r.stuck.size() == 1 && r.stuck[0].name == name &&
        r.stuck[0].reason == reason) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "the run ended: " << r.describe();
}

// What goroutines report: (label, clock). Locked, so parallel goroutines may share one.
struct Log {
    std::mutex mu;
    std::vector<std::pair<std::string, goro::Time>> entries;
    void add(std::string label, goro::Time t) {
        std::lock_guard lock(mu);
        entries.emplace_back(std::move(label), t);
    }
    std::size_t size() {
        std::lock_guard lock(mu);
        return entries.size();
    }
};
using LogPtr = std::shared_ptr<Log>;
using Entries = std::vector<std::pair<std::string, goro::Time>>;

// Runs the task `body(log)` (or `body(rt, log)`, for a body that needs the runtime) as goroutine
// `name`, alone in a deterministic runtime reporting to `tracer`; expects the run to complete and
// returns what the goroutine logged. LogT is the suite's log type.
template <class LogT = Log, class Body>
auto logged_run(Body body, std::string name, goro::Tracer* tracer = nullptr) {
    goro::Runtime rt(options(goro::Mode::Deterministic, tracer));
    auto log = std::make_shared<LogT>();
    if constexpr (std::is_invocable_v<Body, goro::Runtime&, std::shared_ptr<LogT>>) {
        rt.go(body(rt, log), std::move(name));
    } else {
        rt.go(body(log), std::move(name));
    }
    EXPECT_EQ(rt.run().status, goro::RunStatus::Completed);
    return log->entries;
}

// A locked list of values, shared by the goroutines of a test.
template <class T>
class Shared {
  public:
    void push(T v) {
        std::lock_guard lock(m_mu);
        m_items.push_back(std::move(v));
    }
    void append(const std::vector<T>& vs) {
        std::lock_guard lock(m_mu);
        m_items.insert(m_items.end(), vs.begin(), vs.end());
    }
    std::vector<T> items() const {
        std::lock_guard lock(m_mu);
        return m_items;
    }

  private:
    mutable std::mutex m_mu;
    std::vector<T> m_items;
};

// A locked list of ints that the goroutines of a test push what they saw to.
using IntLog = std::shared_ptr<Shared<int>>;
inline IntLog int_log() {
    return std::make_shared<Shared<int>>();
}

inline std::vector<int> iota_vector(int n) {
    std::vector<int> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}

// The recorded events of one kind, about `object` (0: any object).
inline std::vector<goro::Event> events_of(const goro::Recorder& rec, goro::EventKind kind,
                                          goro::ObjectId object = 0) {
    std::vector<goro::Event> out;
    for (const goro::Event& e : rec.events()) {
        if (e.kind == kind && (object == 0 || e.object == object)) out.push_back(e);
    }
    return out;
}

// A value that counts its live instances and copies (after cppcoro's `counted`).
struct Counted {
    static inline std::atomic<int> live{0};
    static inline std::atomic<int> copies{0};
    static void reset() {
        live = 0;
        copies = 0;
    }

    explicit Counted(int v) : value(v) { ++live; }
    Counted(const Counted& other) : value(other.value) {
        ++live;
        ++copies;
    }
    Counted(Counted&& other) noexcept : value(std::exchange(other.value, -1)) { ++live; }
    Counted& operator=(const Counted& other) {
        value = other.value;
        ++copies;
        return *this;
    }
    Counted& operator=(Counted&& other) noexcept {
        value = std::exchange(other.value, -1);
        return *this;
    }
    ~Counted() { --live; }

    int value;
};

// Every Counted made since Counted::reset() has been destroyed, and none was copied.
inline ::testing::AssertionResult no_counted_left() {
    if (Counted::live == 0 && Counted::copies == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << Counted::live << " Counted still alive, " << Counted::copies << " copied";
}

// Receives `n` signals on `signals`, then closes `ch`: closes a channel once each of its `n`
// senders has said it is done.
template <class T>
goro::Task<> close_after_signals(goro::Chan<T> ch, goro::Chan<goro::Unit> signals, int n) {
    for (int i = 0; i < n; ++i)
        (void)co_await signals.recv();
    ch.close();
}

// Sends Counted(5) on `ch` and returns: hands a parked receiver a value it may never take.
inline goro::Task<> send_counted_then_return(goro::Chan<Counted> ch) {
    co_await ch.send(Counted(5));
}

}  // namespace goro_test
