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

class RateLimit final : public Scenario {
  public:
    RateLimit() {
        m_info.name = "rate-limit";
        m_info.title = "Rate limiting (token bucket)";
        m_info.summary =
            "A buffered channel is a bucket of tokens: it starts full, a ticker adds one token "
            "every refill interval and drops it when the bucket is full, and every request "
            "takes one. The bucket's size is the burst a quiet client may spend at once; the "
            "refill interval is the sustained rate.";
        m_info.watch_for =
            "In Allow mode, send requests faster than the refill and watch the denials: after "
            "the first burst only one request per refill gets through. Switch to Wait: nobody "
            "is denied, but requests queue on the bucket and their latency grows without "
            "bound while arrivals outpace the refill.";
        m_info.listing = GoListing::annotated(kGo);
        m_info.params = {
            {"refill_interval",
             "Refill interval",
             ParamKind::Duration,
             "",
             1,
             10000,
             100,
             true,
             {},
             "Time between two tokens: the sustained rate; a change resets the ticker."},
            {"burst",
             "Burst",
             ParamKind::Int,
             "tokens",
             1,
             100,
             5,
             false,
             {},
             "Capacity of the bucket: how many requests may pass at once after a quiet spell."},
            {"pattern",
             "Arrivals",
             ParamKind::Choice,
             "",
             0,
             2,
             kSteady,
             true,
             {"steady", "bursty", "random"},
             "How requests arrive: evenly spaced, in groups of five, or at random (Poisson)."},
            {"arrival_interval",
             "Arrival interval",
             ParamKind::Duration,
             "",
             1,
             10000,
             50,
             true,
             {},
             "Mean time between two requests; shorter than the refill interval overloads."},
            {"mode",
             "Mode",
             ParamKind::Choice,
             "",
             0,
             1,
             kAllow,
             true,
             {"allow", "wait"},
             "Allow denies a request when the bucket is empty; Wait makes it queue for a token."},
            {"requests",
             "Requests",
             ParamKind::Int,
             "",
             0,
             1000000,
             0,
             false,
             {},
             "Requests to send before stopping cleanly; 0 sends until stopped."},
        };
        const GoListing& l = m_info.listing;
        s_stop_ticker = l.site("stop ticker");
        s_refill_select = l.site("refill select");
        s_refill_done = l.site("refill done");
        s_add_token = l.site("add token");
        s_drop_token = l.site("drop token");
        s_settings = l.site("settings");
        s_reset_ticker = l.site("reset ticker");
        s_allow = l.site("allow");
        s_deny = l.site("deny");
        s_wait_token = l.site("wait token");
        s_serve = l.site("serve");
        s_make_bucket = l.site("make bucket");
        s_prefill = l.site("prefill");
        s_spawn_refill = l.site("spawn refill");
        s_arrive = l.site("arrive");
        s_spawn_request = l.site("spawn request");
        s_wait_requests = l.site("wait requests");
        s_close_done = l.site("close done");
        s_wait_refill = l.site("wait refill");
    }

    const ScenarioInfo& info() const override { return m_info; }

    void start(goro::Runtime& rt, std::shared_ptr<const Params> params) const override {
        rt.go_main(run_main(params), "main");
    }

  private:
    goro::Task<> refill(goro::Chan<goro::Unit> bucket, goro::Chan<goro::Unit> done,
                        std::shared_ptr<const Params> p) const {
        goro::Duration interval = p->get_duration("refill_interval");
        goro::Ticker ticker(interval);
        goro::Ticker settings(kSettingsPeriod);
        for (;;) {
            goro::at(s_refill_select);
            const int which = co_await goro::select(done.recv_case(), ticker.c().recv_case(),
                                                    settings.c().recv_case());
            if (which == 0) {
                goro::at(s_refill_done);
                break;
            }
            if (which == 1) {
                goro::at(s_add_token);
                if (bucket.try_send(goro::Unit{})) {
                    goro::count("refilled");
                } else {
                    goro::at(s_drop_token);
                    goro::count("tokens_dropped");
                }
                continue;
            }
            goro::at(s_settings);
            const goro::Duration want = p->get_duration("refill_interval");
            if (want != interval) {
                interval = want;
                goro::at(s_reset_ticker);
                ticker.reset(interval);
            }
        }
        goro::at(s_stop_ticker);
        ticker.stop();
        settings.stop();
    }

    goro::Task<> refill_then_done(goro::Chan<goro::Unit> bucket, goro::Chan<goro::Unit> done,
                                  goro::WaitGroup wg, std::shared_ptr<const Params> p) const {
        co_await refill(bucket, done, p);
        wg.done();
    }

    goro::Task<> handle(goro::Time arrived, goro::Chan<goro::Unit> bucket, goro::WaitGroup wg,
                        std::shared_ptr<const Params> p) const {
        if (p->get_choice("mode") == kAllow) {
            goro::at(s_allow);
            if (!bucket.try_recv().received()) {
                goro::at(s_deny);
                goro::count("denied");
                wg.done();
                co_return;
            }
            goro::count("admitted");
        } else {
            goro::at(s_wait_token);
            auto token = co_await bucket.recv();  // the bucket is never closed
            (void)token;
            goro::count("admitted");
            goro::observe("latency", (sim::now() - arrived).count());
        }
        goro::at(s_serve);
        goro::count("completed");
        wg.done();
    }

    static goro::Duration next_gap(int id, const Params& p) {
        const goro::Duration interval = p.get_duration("arrival_interval");
        switch (p.get_choice("pattern")) {
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

    goro::Task<> run_main(std::shared_ptr<const Params> p) const {
        const int burst = p->get_int("burst");
        const int n = p->get_int("requests");
        goro::at(s_make_bucket);
        auto bucket = goro::make_chan<goro::Unit>(static_cast<std::size_t>(burst), "bucket");
        for (int i = 0; i < burst; ++i) {
            goro::at(s_prefill);
            co_await bucket.send(goro::Unit{});
        }
        auto done = goro::make_chan<goro::Unit>(0, "done");
        goro::WaitGroup refiller("refiller");
        refiller.add(1);
        goro::at(s_spawn_refill);
        goro::go(refill_then_done(bucket, done, refiller, p), "refill");

        goro::WaitGroup handlers("handlers");
        for (int id = 1; n == 0 || id <= n; ++id) {
            goro::at(s_arrive);
            co_await goro::sleep(next_gap(id, *p));
            handlers.add(1);
            goro::at(s_spawn_request);
            goro::go(handle(sim::now(), bucket, handlers, p), "request " + std::to_string(id));
        }
        goro::at(s_wait_requests);
        co_await handlers.wait();
        goro::at(s_close_done);
        done.close();
        goro::at(s_wait_refill);
        co_await refiller.wait();
    }

    ScenarioInfo m_info;
    goro::SiteId s_stop_ticker, s_refill_select, s_refill_done, s_add_token, s_drop_token,
        s_settings, s_reset_ticker, s_allow, s_deny, s_wait_token, s_serve, s_make_bucket,
        s_prefill, s_spawn_refill, s_arrive, s_spawn_request, s_wait_requests, s_close_done,
        s_wait_refill;
};

}  // namespace

const Scenario& rate_limit_scenario() {
    static const RateLimit scenario;
    return scenario;
}

}  // namespace gorama
