// rate-limit: a token bucket. A buffered channel holds up to `burst` tokens, a ticker adds one
// every refill interval, and each request takes one: at once or not at all (Allow), or waiting
// for the next (Wait).
#include <cmath>
#include <memory>
#include <string>

#include "scenarios/rate_limit.described.hpp"

namespace gorama {
namespace {

using namespace described::rate_limit;

using namespace std::chrono_literals;

constexpr int kBurstGroup = 5;
constexpr auto kSettingsPeriod = 100ms;

enum Pattern : std::size_t { kSteady, kBursty, kRandom };
enum LimitMode : std::size_t { kAllow, kWait };

goro::Task<> refill(goro::Chan<goro::Unit> bucket, goro::Chan<goro::Unit> done,
                    std::shared_ptr<const Params> p) {
    goro::Duration interval = knob::refill_interval(p);
    goro::Ticker ticker(interval);
    goro::Ticker settings(kSettingsPeriod, "settings.C");
    for (;;) {
        goro::at(site::refill_select);
        const int which = co_await goro::select(done.recv_case(), ticker.c().recv_case(),
                                                settings.c().recv_case());
        if (which == 0) {
            goro::at(site::refill_done);
            break;
        }
        if (which == 1) {
            goro::at(site::add_token);
            if (bucket.try_send(goro::Unit{})) {
                goro::count("refilled");
            } else {
                goro::at(site::drop_token);
                goro::count("tokens_dropped");
            }
            continue;
        }
        // Plumbing for the live knob, absent from the listing (whose flag cannot change): its
        // events stay on the refill select's line.
        const goro::Duration want = knob::refill_interval(p);
        if (want != interval) {
            interval = want;
            ticker.reset(interval);
        }
    }
    goro::at(site::stop_ticker);
    ticker.stop();
    settings.stop();
}

goro::Task<> refill_then_done(goro::Chan<goro::Unit> bucket, goro::Chan<goro::Unit> done,
                              goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    co_await refill(bucket, done, p);
    wg.done();
}

goro::Task<> handle(goro::Time arrived, goro::Chan<goro::Unit> bucket, goro::WaitGroup wg,
                    std::shared_ptr<const Params> p) {
    if (knob::mode(p) == kAllow) {
        goro::at(site::allow);
        if (!bucket.try_recv().received()) {
            goro::at(site::deny);
            goro::count("denied");
            wg.done();
            co_return;
        }
        goro::count("admitted");
    } else {
        goro::at(site::wait_token);
        auto token = co_await bucket.recv();  // the bucket is never closed
        (void)token;
        goro::count("admitted");
        goro::observe("latency", (sim::now() - arrived).count());
    }
    goro::at(site::serve);
    goro::count("completed");
    wg.done();
}

goro::Duration next_gap(int id, const Params& p) {
    const goro::Duration interval = knob::arrival_interval(p);
    switch (knob::pattern(p)) {
        case kBursty:
            return (id - 1) % kBurstGroup == 0 ? kBurstGroup * interval : goro::Duration(0);
        case kRandom: {
            const double draw = -std::log(1.0 - sim::uniform01());
            return goro::Duration(
                static_cast<std::int64_t>(draw * static_cast<double>(interval.count())));
        }
        default:
            return interval;
    }
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int burst = knob::burst(p);
    const int n = knob::requests(p);
    goro::at(site::make_bucket);
    auto bucket = goro::make_chan<goro::Unit>(static_cast<std::size_t>(burst), "bucket");
    for (int i = 0; i < burst; ++i) {
        goro::at(site::prefill);
        co_await bucket.send(goro::Unit{});
    }
    auto done = goro::make_chan<goro::Unit>(0, "done");
    goro::WaitGroup refiller("refiller");
    refiller.add(1);
    goro::at(site::spawn_refill);
    goro::go(refill_then_done(bucket, done, refiller, p), "refill");

    goro::WaitGroup handlers("handlers");
    for (int id = 1; n == 0 || id <= n; ++id) {
        goro::at(site::arrive);
        co_await goro::sleep(next_gap(id, *p));
        handlers.add(1);
        goro::at(site::spawn_request);
        goro::go(handle(sim::now(), bucket, handlers, p), "request " + std::to_string(id));
    }
    goro::at(site::wait_requests);
    co_await handlers.wait();
    goro::at(site::close_done);
    done.close();
    goro::at(site::wait_refill);
    co_await refiller.wait();
}

}  // namespace

GORAMA_SCENARIO(rate_limit_scenario, program)

}  // namespace gorama
