// share-memory: workers add to one count, shared three ways: through a goroutine that owns it
// (share memory by communicating), under a mutex, or with nothing. Every update reads the count,
// sleeps, then writes: unguarded, workers that read the same value write the same value and
// increments are lost, on the deterministic runtime as on real threads.
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/share_memory.described.hpp"

namespace gorama {
namespace {

using namespace described::share_memory;

enum Way : std::size_t { kChannel, kMutex, kNone };

// The count the workers share (the unguarded and mutex ways). Atomic only so that this C++ has
// no data race of its own: the unguarded way reads it and writes it in two separate steps, as
// the Go listing does, so it loses the same updates. Its exchange tells how many updates a write
// erased (the value it replaced, less the value read; below zero when a stale write had set the
// count back): summed, exactly expected - final.
using SharedCount = std::shared_ptr<std::atomic<int>>;

// What every worker reaches: made by main, on its runtime.
struct Shared {
    Way way;
    int increments;
    SharedCount count;              // the mutex and unguarded ways
    std::optional<goro::Mutex> mu;  // the mutex way only (the canvas draws every mutex made)
    goro::Chan<int> adds;           // the channel way: to the owner
    goro::WaitGroup wg;
};

// One increment, the way the run shares the count.
goro::Task<> increment(std::shared_ptr<Shared> shared, std::shared_ptr<const Params> p) {
    const Shared& s = *shared;
    switch (s.way) {
        case kChannel:
            goro::at(site::send_increment);
            co_await s.adds.send(1);
            break;
        case kMutex: {
            goro::at(site::lock);
            co_await s.mu->lock();
            const int v = s.count->load();
            goro::at(site::locked_update);
            co_await goro::sleep(knob::update_time(p));
            s.count->store(v + 1);
            goro::count("completed");
            goro::at(site::unlock);
            s.mu->unlock();
            break;
        }
        case kNone: {
            goro::at(site::read);
            const int v = s.count->load();
            goro::at(site::unguarded_update);
            co_await goro::sleep(knob::update_time(p));
            goro::at(site::write);
            const int replaced = s.count->exchange(v + 1);
            goro::count("completed");
            // Summed, replaced - v is exactly expected - final. It is below zero when an earlier
            // stale write had set the count back below v: this write brings those back.
            if (const int erased = replaced - v; erased != 0) {
                goro::count("lost", erased);
                goro::annotate("wrote " + std::to_string(v + 1) + " over " +
                               std::to_string(replaced) + ": " +
                               (erased > 0 ? std::to_string(erased) + " lost"
                                           : std::to_string(-erased) + " lost come back"));
            }
            break;
        }
    }
}

goro::Task<> worker(std::shared_ptr<Shared> s, std::shared_ptr<const Params> p) {
    for (int i = 0; i < s->increments; ++i)
        co_await increment(s, p);
    goro::at(site::worker_done);
    s->wg.done();
}

// spawn(): starts the workers and waits for all of them.
goro::Task<> spawn(std::shared_ptr<Shared> s, int workers, std::shared_ptr<const Params> p) {
    for (int w = 1; w <= workers; ++w) {
        s->wg.add(1);
        goro::at(site::spawn_worker);
        goro::go(worker(s, p), "worker " + std::to_string(w));
    }
    goro::at(site::wait);
    co_await s->wg.wait();
}

// The goroutine that owns the count in the channel way: the only one to read or write it.
goro::Task<> owner(goro::Chan<int> adds, goro::Chan<int> total, std::shared_ptr<const Params> p) {
    int count = 0;
    for (;;) {
        goro::at(site::owner_receives);
        std::optional<int> d = co_await adds.recv();
        if (!d) break;
        const int v = count;
        goro::at(site::owner_updates);
        co_await goro::sleep(knob::update_time(p));
        count = v + *d;
        goro::count("completed");
    }
    goro::at(site::owner_reports);
    co_await total.send(count);
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const auto way = static_cast<Way>(knob::way(p));
    auto s = std::make_shared<Shared>(
        Shared{way, knob::increments(p), std::make_shared<std::atomic<int>>(0),
               way == kMutex ? std::optional<goro::Mutex>(goro::Mutex("mu")) : std::nullopt,
               way == kChannel ? goro::make_chan<int>(0, "adds") : goro::Chan<int>(),
               goro::WaitGroup("wg")});
    const int workers = knob::workers(p);
    const int expected = workers * s->increments;
    goro::count("expected", expected);
    int final_count = 0;
    if (s->way == kChannel) {
        auto total = goro::make_chan<int>(0, "total");
        goro::at(site::spawn_owner);
        goro::go(owner(s->adds, total, p), "owner");
        co_await spawn(s, workers, p);
        goro::at(site::close_adds);
        s->adds.close();
        goro::at(site::receive_total);
        final_count = (co_await total.recv()).value_or(0);
    } else {
        co_await spawn(s, workers, p);
        final_count = s->count->load();
    }
    goro::at(site::report);
    goro::count("final", final_count);
    goro::annotate("final count " + std::to_string(final_count) + " of " +
                   std::to_string(expected));
}

}  // namespace

GORAMA_SCENARIO(share_memory_scenario, program)

}  // namespace gorama
