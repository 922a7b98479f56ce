// describe_event: the sentences of the event log, with the names the run gave its goroutines and
// channels, and the same sentence whether names come from a fold or from a NameIndex.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"

using namespace std::chrono_literals;
using goro::EventKind;

namespace {

goro::Task<> producer(goro::Chan<int> jobs, int n) {
    for (int i = 0; i < n; ++i)
        co_await jobs.send(i);
    jobs.close();
}

goro::Task<> consumer(goro::Chan<int> jobs, goro::Chan<int> results) {
    co_await goro::sleep(1s);
    while (auto j = co_await jobs.recv()) {
        // case 0: never ready (nobody sends on jobs while we select); case 1: results has room
        (void)co_await goro::select(jobs.recv_case(), results.send_case(*j));
    }
}

struct SmallRun {
    goro::Recorder rec;
    goro::Runtime rt;
    goro::Chan<int> jobs;
    goro::Chan<int> results;
    SmallRun() : rt(options()) {
        jobs = goro::make_chan<int>(rt, 2, "jobs");
        results = goro::make_chan<int>(rt, 8, "results");
        rt.go(producer(jobs, 3), "producer");
        rt.go(consumer(jobs, results), "consumer");
        rt.run();
    }
    goro::RuntimeOptions options() {
        goro::RuntimeOptions o;
        o.tracer = &rec;
        return o;
    }
    // The first event matching `pred`, with the world folded up to and including it.
    template <class Pred>
    std::string first(Pred pred, bool with_names = true) const {
        goro::WorldState w;
        for (std::uint64_t i = 0; i < rec.published(); ++i) {
            const goro::Event& e = rec.at(i);
            w.apply(e, rec.text(e.text));
            if (pred(e)) return goro::describe_event(e, rec, with_names ? &w : nullptr);
        }
        ADD_FAILURE() << "no such event";
        return {};
    }
};

}  // namespace

TEST(DescribeEvent, ABufferedSendNamesSenderMessageChannelAndBufferFill) {
    SmallRun r;
    std::uint64_t msg = 0;
    const std::string s = r.first([&](const goro::Event& e) {
        msg = e.msg;
        const auto send = goro::as_send(e);
        return send && send->receiver == 0;
    });
    EXPECT_EQ(s, "producer sent #" + std::to_string(msg) + " on jobs (1/2 buffered)");
}

TEST(DescribeEvent, WithoutNamesGoroutinesAndChannelsAreCalledByTheirIds) {
    SmallRun r;
    std::uint64_t msg = 0;
    const std::string s = r.first(
        [&](const goro::Event& e) {
            msg = e.msg;
            const auto send = goro::as_send(e);
            return send && send->receiver == 0;
        },
        false);
    EXPECT_EQ(s, "g1 sent #" + std::to_string(msg) + " on chan " + std::to_string(r.jobs.id()) +
                     " (1 buffered)");
}

TEST(DescribeEvent, ABlockedSenderSaysWhatItWaitsFor) {
    SmallRun r;
    // The buffer holds two; the third send parks the producer until the consumer wakes at 1s.
    EXPECT_EQ(
        r.first([](const goro::Event& e) { return e.kind == EventKind::GoBlock && e.g == 1; }),
        "producer blocked: chan send on jobs");
    EXPECT_EQ(
        r.first([](const goro::Event& e) { return e.kind == EventKind::GoBlock && e.g == 2; }),
        "consumer sleeps");
}

TEST(DescribeEvent, CloseSelectAndTheClosedReceiveReadAsInGo) {
    SmallRun r;
    EXPECT_EQ(r.first([](const goro::Event& e) { return e.kind == EventKind::ChanClose; }),
              "producer closed jobs");
    EXPECT_EQ(r.first([](const goro::Event& e) { return e.kind == EventKind::SelectChosen; }),
              "select in consumer chose case 1 (results)");
    EXPECT_EQ(r.first([](const goro::Event& e) {
        const auto recv = goro::as_recv(e);
        return recv && !recv->ok && recv->sender == 0;
    }),
              "consumer received from closed jobs (ok=false)");
    EXPECT_EQ(r.first([](const goro::Event& e) { return e.kind == EventKind::GoEnd && e.g == 1; }),
              "producer returned");
    EXPECT_EQ(r.first([](const goro::Event& e) { return e.kind == EventKind::GoCreate; }),
              "producer created");
    EXPECT_EQ(r.first([](const goro::Event& e) { return e.kind == EventKind::ChanMake; }),
              "runtime made jobs (buffer 2)");
    EXPECT_EQ(r.first([](const goro::Event& e) {
        return e.kind == EventKind::TimerSet && e.object == 0;
    }),
              "consumer sleeps for 1 s");
}

// Whether a sentence names something by number ("g7", "chan 3") instead of by its name. (Not
// std::regex: GCC 12 warns falsely inside <regex> at -O2 with sanitizers, and -Werror stops.)
bool names_by_number(const std::string& s) {
    if (s.find("chan ") != std::string::npos) {
        const std::size_t at = s.find("chan ") + 5;
        if (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) return true;
    }
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const bool word_start = i == 0 || std::isspace(static_cast<unsigned char>(s[i - 1]));
        if (!word_start || s[i] != 'g') continue;
        std::size_t j = i + 1;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
            ++j;
        if (j > i + 1 && (j == s.size() || !std::isalnum(static_cast<unsigned char>(s[j]))))
            return true;
    }
    return false;
}

TEST(DescribeEvent, NamesByNumberAreRecognised) {
    EXPECT_TRUE(names_by_number("g7 sent #1"));
    EXPECT_TRUE(names_by_number("main closed chan 3"));
    EXPECT_FALSE(names_by_number("worker 2 sent #7 on jobs"));
    EXPECT_FALSE(names_by_number("go7 ran"));
}

TEST(DescribeEvent, ANameIndexGivesTheSameSentencesAsTheFold) {
    SmallRun r;
    goro::NameIndex index;
    goro::WorldState w;
    ASSERT_GT(r.rec.published(), 20U);
    for (std::uint64_t i = 0; i < r.rec.published(); ++i) {
        const goro::Event& e = r.rec.at(i);
        index.note(e, r.rec.text(e.text));
        w.apply(e, r.rec.text(e.text));
        const std::string by_fold = goro::describe_event(e, r.rec, &w);
        EXPECT_EQ(goro::describe_event(e, r.rec, index), by_fold) << i;
        EXPECT_FALSE(names_by_number(by_fold)) << by_fold;
        EXPECT_FALSE(by_fold.empty());
    }
    EXPECT_EQ(index.goroutine(99), "");
    EXPECT_EQ(index.goroutine(1), "producer");
    ASSERT_NE(index.object(r.jobs.id()), nullptr);
    EXPECT_EQ(index.object(r.jobs.id())->cap, 2);
    index.clear();
    EXPECT_EQ(index.goroutine(1), "");
    EXPECT_EQ(index.object(r.jobs.id()), nullptr);
}

// A deterministic runtime reporting to its own recorder.
struct Traced {
    goro::Recorder rec;
    goro::Runtime rt{options(&rec)};
    static goro::RuntimeOptions options(goro::Recorder* rec) {
        goro::RuntimeOptions o;
        o.tracer = rec;
        return o;
    }
};

// The sentences of the recorded events of `kinds`, in order, named through the fold; each is
// also checked against the one a NameIndex gives.
std::vector<std::string> sentences_of(const goro::Recorder& rec,
                                      std::initializer_list<EventKind> kinds) {
    std::vector<std::string> sentences;
    goro::WorldState w;
    goro::NameIndex index;
    for (std::uint64_t i = 0; i < rec.published(); ++i) {
        const goro::Event& e = rec.at(i);
        w.apply(e, rec.text(e.text));
        index.note(e, rec.text(e.text));
        if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end()) continue;
        sentences.push_back(goro::describe_event(e, rec, &w));
        EXPECT_EQ(goro::describe_event(e, rec, index), sentences.back());
    }
    return sentences;
}

goro::Task<> read_write_signal(goro::RWMutex rw, goro::Cond c) {
    co_await rw.rlock();
    rw.runlock();
    co_await rw.lock();
    rw.unlock();
    c.broadcast();
    c.signal();
    goro::goexit();
}

TEST(DescribeEvent, SyncEventsSayWhoReadsWritesSignalsAndExits) {
    Traced t;
    auto& [rec, rt] = t;
    goro::RWMutex rw(rt, "rw");
    goro::Mutex mu(rt, "mu");
    goro::Cond c(rt, mu, "c");
    rt.go(read_write_signal(rw, c), "cache");
    rt.run();
    const std::vector<std::string> sentences =
        sentences_of(rec, {EventKind::RWMutexRLock, EventKind::RWMutexRUnlock, EventKind::MutexLock,
                           EventKind::MutexUnlock, EventKind::CondSignal, EventKind::GoEnd});
    // An RWMutex's writer side reports MutexLock and MutexUnlock under the RWMutex's name.
    EXPECT_EQ(sentences, (std::vector<std::string>{
                             "cache read-locked rw (readers 1)",
                             "cache read-unlocked rw (readers 0)",
                             "cache locked rw",
                             "cache unlocked rw",
                             "cache broadcast on c (woke 0)",
                             "cache signalled c (woke 0)",
                             "cache ended: runtime.Goexit",
                         }));
}

goro::Task<> lock_then_acquire(goro::Mutex mu, goro::Semaphore slots) {
    co_await mu.lock();
    mu.unlock();
    const goro::ContextError err = co_await slots.acquire(goro::background(), 2);
    if (err == goro::ContextError::None) slots.release(2);
}

// Sync objects go by the names they were made with, through the fold and through a NameIndex
// alike; the engine names one made without a name by its kind and number ("mutex 3").
TEST(DescribeEvent, SyncObjectsGoByTheirNames) {
    Traced t;
    auto& [rec, rt] = t;
    goro::Mutex mu(rt, "mu");
    goro::Semaphore slots(rt, 3, "slots");
    goro::Mutex unnamed(rt);
    rt.go(lock_then_acquire(mu, slots), "worker");
    rt.run();
    const std::vector<std::string> sentences =
        sentences_of(rec, {EventKind::SyncMake, EventKind::MutexLock, EventKind::MutexUnlock,
                           EventKind::SemAcquire, EventKind::SemRelease});
    EXPECT_EQ(sentences, (std::vector<std::string>{
                             "runtime made mutex mu",
                             "runtime made semaphore slots (size 3)",
                             "runtime made mutex " + std::to_string(unnamed.id()),
                             "worker locked mu",
                             "worker unlocked mu",
                             "worker acquired 2 of slots (2 in use)",
                             "worker released 2 of slots (0 in use)",
                         }));
}

goro::Task<> wait_for(goro::WaitGroup wg) {
    co_await wg.wait();
}
goro::Task<> done_later(goro::WaitGroup wg) {
    co_await goro::sleep(1s);
    wg.done();
}

// A WaitGroup goes by its name too, where it was "wg 5" whatever its name: "worker called Done on
// workers". One made without a name is "wg" and its number.
TEST(DescribeEvent, AWaitGroupGoesByItsName) {
    Traced t;
    auto& [rec, rt] = t;
    goro::WaitGroup workers(rt, "workers");
    goro::WaitGroup unnamed(rt);
    workers.add(1);
    rt.go(wait_for(workers), "main");
    rt.go(done_later(workers), "worker");
    rt.go(wait_for(unnamed), "idle");
    rt.run();
    const std::vector<std::string> sentences = sentences_of(
        rec, {EventKind::SyncMake, EventKind::WgAdd, EventKind::WgWait, EventKind::GoBlock});
    const std::string wg = "wg " + std::to_string(unnamed.id());
    EXPECT_EQ(sentences, (std::vector<std::string>{
                             "runtime made wg workers",
                             "runtime made " + wg,
                             "runtime added 1 to workers (counter 1)",
                             "main waits on workers (counter 1)",
                             "main blocked: WaitGroup.Wait on workers",
                             "worker sleeps",
                             "idle waits on " + wg + " (counter 0)",
                             "worker called Done on workers (counter 0)",
                         }));
}

TEST(FormatDuration, ThreeSignificantDigitsInTheLargestUnit) {
    EXPECT_EQ(goro::format_duration(0), "0 ns");
    EXPECT_EQ(goro::format_duration(800), "800 ns");
    EXPECT_EQ(goro::format_duration(12'000), "12 µs");
    EXPECT_EQ(goro::format_duration(250'000'000), "250 ms");
    EXPECT_EQ(goro::format_duration(414'209'043), "414 ms");
    EXPECT_EQ(goro::format_duration(1'500'000'000), "1.5 s");
    EXPECT_EQ(goro::format_duration(1'234'567), "1.23 ms");
    EXPECT_EQ(goro::format_duration(-2'000'000'000), "-2 s");
}

namespace {

// A server that makes a goroutine and a channel per request, for a long time: the index keeps
// the names a retained event can use, not every name the run ever made.
TEST(DescribeEvent, ANameIndexForgetsWhatEndedBeforeTheOldestRetainedEvent) {
    goro::NameIndex index;
    std::uint64_t seq = 0;
    auto note = [&](goro::EventKind kind, goro::GoroutineId g, goro::ObjectId object,
                    std::string_view text = {}) {
        goro::Event e;
        e.kind = kind;
        e.g = g;
        e.object = object;
        e.text = text.empty() ? 0 : 1;
        index.note(e, text, seq++);
    };
    note(goro::EventKind::GoCreate, 1, 0, "server");
    std::uint64_t half = 0;
    for (goro::GoroutineId g = 2; g < 10'002; ++g) {
        note(goro::EventKind::GoCreate, g, 0, "request");
        note(goro::EventKind::ChanMake, g, g, "reply");
        note(goro::EventKind::ChanUnreachable, g, g);
        note(goro::EventKind::GoEnd, g, 0);
        if (g == 5'001) half = seq;
    }
    EXPECT_EQ(index.size(), 1U + 2 * 10'000);
    index.forget_gone_before(half);
    EXPECT_EQ(index.size(), 1U + 2 * 5'000);
    EXPECT_EQ(index.goroutine(1), "server");  // alive: kept
    EXPECT_EQ(index.goroutine(5'001), "");    // ended before: forgotten
    EXPECT_EQ(index.goroutine(5'002), "request");
    EXPECT_EQ(index.object(5'001), nullptr);
    ASSERT_NE(index.object(5'002), nullptr);
    index.forget_gone_before(seq);
    EXPECT_EQ(index.size(), 1U);
}

}  // namespace
