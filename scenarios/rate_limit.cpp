// rate-limit: a token bucket. A buffered channel holds up to `burst` tokens, a ticker adds one
// every refill interval, and each request takes one: at once or not at all (Allow), or waiting
// for the next (Wait).
#include <cmath>
#include <memory>
#include <string>

#include "goro/goro.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/sim.hpp"

namespace gorama {
namespace {

using namespace std::chrono_literals;

const char* const kGo = R"GO(
package main

type Request struct {
	ID      int
	Arrived time.Time
}

// refill adds a token every refillInterval. A full bucket cannot take it: the token is lost,
// so an idle client saves up at most `burst` requests.
func refill(bucket chan<- struct{}, done <-chan struct{}) {
	interval := refillInterval
	ticker := time.NewTicker(interval)
	defer ticker.Stop() //@ stop ticker
	settings := time.NewTicker(100 * time.Millisecond)
	defer settings.Stop()
	for {
		select { //@ refill select
		case <-done:
			return //@ refill done
		case <-ticker.C:
			select {
			case bucket <- struct{}{}: //@ add token
			default: //@ drop token
				// the bucket is full: this token is dropped
			}
		case <-settings.C: //@ settings
			if refillInterval != interval {
				interval = refillInterval
				ticker.Reset(interval) //@ reset ticker
			}
		}
	}
}

func handle(r Request, bucket <-chan struct{}) {
	switch mode {
	case "allow": // like rate.Limiter.Allow: a token now, or no
		select {
		case <-bucket: //@ allow
			admitted++
		default:
			denied++ //@ deny
			return // 429 Too Many Requests
		}
	case "wait": // like rate.Limiter.Wait: queue for the next token
		<-bucket //@ wait token
		admitted++
		observe("latency", time.Since(r.Arrived))
	}
	serve(r) //@ serve
}

// nextGap is the pause before request id arrives.
func nextGap(id int) time.Duration {
	switch pattern {
	case "bursty": // groups of 5 at once, at the same mean rate
		if (id-1)%5 == 0 {
			return 5 * arrivalInterval
		}
		return 0
	case "random": // a Poisson process
		return time.Duration(rand.ExpFloat64() * float64(arrivalInterval))
	default: // "steady"
		return arrivalInterval
	}
}

func main() {
	bucket := make(chan struct{}, burst) //@ make bucket
	for i := 0; i < burst; i++ {
		bucket <- struct{}{} //@ prefill
	}
	done := make(chan struct{})
	var refiller sync.WaitGroup
	refiller.Add(1)
	go func() { defer refiller.Done(); refill(bucket, done) }() //@ spawn refill

	var handlers sync.WaitGroup
	for id := 1; requests == 0 || id <= requests; id++ {
		time.Sleep(nextGap(id)) //@ arrive
		r := Request{ID: id, Arrived: time.Now()}
		handlers.Add(1)
		go func() { defer handlers.Done(); handle(r, bucket) }() //@ spawn request
	}
	handlers.Wait() //@ wait requests
	close(done)     //@ close done
	refiller.Wait() //@ wait refill
}
)GO";

constexpr int kBurstGroup = 5;
constexpr auto kSettingsPeriod = 100ms;

enum Pattern : std::size_t { kSteady, kBursty, kRandom };
enum LimitMode : std::size_t { kAllow, kWait };

KnobList knobs;
const DurationKnob refill_interval(
    knobs, "refill_interval", "Refill interval", "", {1, 10000, 100}, Apply::Live,
    "Time between two tokens: the sustained rate; a change resets the ticker.");
const IntKnob burst_size(
    knobs, "burst", "Burst", "tokens", {1, 100, 5}, Apply::Restart,
    "Capacity of the bucket: how many requests may pass at once after a quiet spell.");
const ChoiceKnob pattern(
    knobs, "pattern", "Arrivals", {"steady", "bursty", "random"}, 0, Apply::Live,
    "How requests arrive: evenly spaced, in groups of five, or at random (Poisson).");
const DurationKnob arrival_interval(
    knobs, "arrival_interval", "Arrival interval", "", {1, 10000, 50}, Apply::Live,
    "Mean time between two requests; shorter than the refill interval overloads.");
const ChoiceKnob mode(
    knobs, "mode", "Mode", {"allow", "wait"}, 0, Apply::Live,
    "Allow denies a request when the bucket is empty; Wait makes it queue for a token.");
const IntKnob requests(knobs, "requests", "Requests", "", {0, 1000000, 0}, Apply::Restart,
                       "Requests to send before stopping cleanly; 0 sends until stopped.");

SiteList sites;
Site stop_ticker{sites, "stop ticker"}, refill_select{sites, "refill select"},
    refill_done{sites, "refill done"}, add_token{sites, "add token"},
    drop_token{sites, "drop token"}, settings_tick{sites, "settings"},
    reset_ticker{sites, "reset ticker"}, allow{sites, "allow"}, deny{sites, "deny"},
    wait_token{sites, "wait token"}, serve{sites, "serve"}, make_bucket{sites, "make bucket"},
    prefill{sites, "prefill"}, spawn_refill{sites, "spawn refill"}, arrive{sites, "arrive"},
    spawn_request{sites, "spawn request"}, wait_requests{sites, "wait requests"},
    close_done{sites, "close done"}, wait_refill{sites, "wait refill"};

goro::Task<> refill(goro::Chan<goro::Unit> bucket, goro::Chan<goro::Unit> done,
                    std::shared_ptr<const Params> p) {
    goro::Duration interval = refill_interval(p);
    goro::Ticker ticker(interval);
    goro::Ticker settings(kSettingsPeriod);
    for (;;) {
        goro::at(refill_select);
        const int which = co_await goro::select(done.recv_case(), ticker.c().recv_case(),
                                                settings.c().recv_case());
        if (which == 0) {
            goro::at(refill_done);
            break;
        }
        if (which == 1) {
            goro::at(add_token);
            if (bucket.try_send(goro::Unit{})) {
                goro::count("refilled");
            } else {
                goro::at(drop_token);
                goro::count("tokens_dropped");
            }
            continue;
        }
        goro::at(settings_tick);
        const goro::Duration want = refill_interval(p);
        if (want != interval) {
            interval = want;
            goro::at(reset_ticker);
            ticker.reset(interval);
        }
    }
    goro::at(stop_ticker);
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
    if (mode(p) == kAllow) {
        goro::at(allow);
        if (!bucket.try_recv().received()) {
            goro::at(deny);
            goro::count("denied");
            wg.done();
            co_return;
        }
        goro::count("admitted");
    } else {
        goro::at(wait_token);
        auto token = co_await bucket.recv();  // the bucket is never closed
        (void)token;
        goro::count("admitted");
        goro::observe("latency", (sim::now() - arrived).count());
    }
    goro::at(serve);
    goro::count("completed");
    wg.done();
}

goro::Duration next_gap(int id, const Params& p) {
    const goro::Duration interval = arrival_interval(p);
    switch (pattern(p)) {
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

class RateLimit final : public ScenarioBase {
  public:
    RateLimit()
        : ScenarioBase(
              {.name = "rate-limit",
               .title = "Rate limiting (token bucket)",
               .summary =
                   "A buffered channel is a bucket of tokens: it starts full, a ticker adds one "
                   "token every refill interval and drops it when the bucket is full, and every "
                   "request takes one. The bucket's size is the burst a quiet client may spend "
                   "at once; the refill interval is the sustained rate.",
               .watch_for =
                   "In Allow mode, send requests faster than the refill and watch the denials: "
                   "after the first burst only one request per refill gets through. Switch to "
                   "Wait: nobody is denied, but requests queue on the bucket and their latency "
                   "grows without bound while arrivals outpace the refill."},
              knobs, kGo, sites) {}

  private:
    goro::Task<> main(std::shared_ptr<const Params> p) const override {
        const int burst = burst_size(p);
        const int n = requests(p);
        goro::at(make_bucket);
        auto bucket = goro::make_chan<goro::Unit>(static_cast<std::size_t>(burst), "bucket");
        for (int i = 0; i < burst; ++i) {
            goro::at(prefill);
            co_await bucket.send(goro::Unit{});
        }
        auto done = goro::make_chan<goro::Unit>(0, "done");
        goro::WaitGroup refiller("refiller");
        refiller.add(1);
        goro::at(spawn_refill);
        goro::go(refill_then_done(bucket, done, refiller, p), "refill");

        goro::WaitGroup handlers("handlers");
        for (int id = 1; n == 0 || id <= n; ++id) {
            goro::at(arrive);
            co_await goro::sleep(next_gap(id, *p));
            handlers.add(1);
            goro::at(spawn_request);
            goro::go(handle(sim::now(), bucket, handlers, p), "request " + std::to_string(id));
        }
        goro::at(wait_requests);
        co_await handlers.wait();
        goro::at(close_done);
        done.close();
        goro::at(wait_refill);
        co_await refiller.wait();
    }
};

}  // namespace

GORAMA_SCENARIO(rate_limit_scenario, RateLimit)

}  // namespace gorama
