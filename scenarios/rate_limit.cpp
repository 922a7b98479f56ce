// rate-limit: a token bucket. The tutorial's RateLimiter: a buffered channel holds up to `burst`
// tokens, a ticker adds one every refill interval, and each request takes one, at once or not at
// all (Allow), or queueing for the next until its context is done (Wait).
#include <cmath>
#include <memory>
#include <string>
#include <tuple>

#include "scenarios/rate_limit.described.hpp"

namespace gorama {
namespace {

using namespace described::rate_limit;

using namespace std::chrono_literals;

constexpr int kBurstGroup = 5;
constexpr auto kSettingsPeriod = 100ms;

enum Pattern : std::size_t { kSteady, kBursty, kRandom };
enum LimitMode : std::size_t { kAllow, kWait };

// The listing's RateLimiter. Copies share the channels and the wait group.
struct RateLimiter {
    goro::Chan<goro::Unit> tokens;
    goro::Chan<goro::Unit> done;  // closed by stop(): the refill goroutine returns
    goro::WaitGroup refill{"refill"};
};

// The refill goroutine. Its ticker's period follows the live knob through a second ticker, the
// app's plumbing (absent from the listing, whose flag cannot change): those events stay on the
// refill select's line.
goro::Task<> refiller(RateLimiter rl, std::shared_ptr<const Params> p) {
    goro::Duration interval = knob::refill_interval(p);
    goro::Ticker ticker(interval);
    goro::Ticker settings(kSettingsPeriod, "settings.C");
    for (;;) {
        goro::at(site::refill_select);
        const int which = co_await goro::select(rl.done.recv_case(), ticker.c().recv_case(),
                                                settings.c().recv_case());
        if (which == 0) {
            goro::at(site::refill_done);
            break;
        }
        if (which == 1) {
            goro::at(site::add_token);
            if (rl.tokens.try_send(goro::Unit{})) {
                goro::count("refilled");
            } else {
                goro::at(site::drop_token);
                goro::count("tokens_dropped");
            }
            continue;
        }
        const goro::Duration want = knob::refill_interval(p);
        if (want != interval) {
            interval = want;
            ticker.reset(interval);
        }
    }
    goro::at(site::stop_ticker);
    ticker.stop();
    settings.stop();
    rl.refill.done();
}

// NewRateLimiter: a full bucket, and the goroutine that refills it.
goro::Task<RateLimiter> new_rate_limiter(int burst, std::shared_ptr<const Params> p) {
    goro::at(site::make_bucket);
    RateLimiter rl{goro::make_chan<goro::Unit>(static_cast<std::size_t>(burst), "bucket"),
                   goro::make_chan<goro::Unit>(0, "done")};
    for (int i = 0; i < burst; ++i) {
        goro::at(site::prefill);
        co_await rl.tokens.send(goro::Unit{});
    }
    rl.refill.add(1);
    goro::at(site::spawn_refill);
    goro::go(refiller(rl, p), "refill");
    co_return rl;
}

bool allow(const RateLimiter& rl) {
    goro::at(site::allow);
    return rl.tokens.try_recv().received();
}

// Wait: a token, or ctx's error once it is done.
goro::Task<goro::ContextError> wait(const RateLimiter& rl, goro::Context ctx) {
    goro::at(site::wait_token);
    const int which = co_await goro::select(rl.tokens.recv_case(), ctx.done().recv_case());
    if (which == 0) co_return goro::ContextError::None;
    goro::at(site::wait_gave_up);
    co_return ctx.err();
}

goro::Task<> stop(RateLimiter rl) {
    goro::at(site::close_done);
    rl.done.close();
    goro::at(site::wait_refill);
    co_await rl.refill.wait();
}

goro::Task<> handle(int id, goro::Time arrived, RateLimiter limiter, goro::WaitGroup handlers,
                    std::shared_ptr<const Params> p) {
    if (knob::mode(p) == kAllow) {
        if (!allow(limiter)) {
            goro::at(site::deny);
            goro::count("denied");
            handlers.done();
            co_return;
        }
    } else {
        goro::Context ctx = goro::background();
        goro::CancelFunc cancel;
        const goro::Duration max_wait = knob::max_wait(p);
        if (max_wait.count() > 0) {
            goro::at(site::wait_ctx);
            std::tie(ctx, cancel) =
                goro::with_timeout(ctx, max_wait, "request " + std::to_string(id));
        }
        const goro::ContextError err = co_await wait(limiter, ctx);
        if (max_wait.count() > 0) cancel();
        if (err != goro::ContextError::None) {
            goro::at(site::wait_denied);
            goro::count("denied");
            handlers.done();
            co_return;
        }
        goro::observe("latency", (sim::now() - arrived).count());
    }
    goro::count("admitted");
    goro::at(site::serve);
    goro::count("completed");
    handlers.done();
}

// The pause between request `id` and the next one.
goro::Duration pause_after(int id, const Params& p) {
    const goro::Duration interval = knob::arrival_interval(p);
    switch (knob::pattern(p)) {
        case kBursty:
            return id % kBurstGroup == 0 ? kBurstGroup * interval : goro::Duration(0);
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
    const int n = knob::requests(p);
    RateLimiter limiter = co_await new_rate_limiter(knob::burst(p), p);
    goro::WaitGroup handlers("handlers");
    for (int id = 1; n == 0 || id <= n; ++id) {
        handlers.add(1);
        goro::at(site::spawn_request);
        goro::go(handle(id, sim::now(), limiter, handlers, p), "request " + std::to_string(id));
        goro::at(site::arrive);
        co_await goro::sleep(pause_after(id, *p));
    }
    goro::at(site::wait_requests);
    co_await handlers.wait();
    co_await stop(limiter);
}

}  // namespace

GORAMA_SCENARIO(rate_limit_scenario, program)

}  // namespace gorama
