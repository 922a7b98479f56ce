// fan-out-fan-in: a generator feeds one input channel; several workers read it (fan-out), each
// squaring its values onto its own output channel; a merge copies every output into one channel
// (fan-in) that main collects. A context with an optional timeout stops everything at once.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "scenarios/fan_out_fan_in.described.hpp"

namespace gorama {
namespace {

using namespace described::fan_out_fan_in;

// A value on its way from the generator to main. `born` (when the generator made it) only
// serves the latency metric; the Go listing leaves that bookkeeping out and sends plain ints.
struct Value {
    std::int64_t x = 0;
    goro::Time born{0};
};

goro::Task<> generate(goro::Context ctx, goro::Chan<Value> out, int n, goro::WaitGroup generator) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::generate);
        const int which =
            co_await goro::select(out.send_case(Value{i, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::gen_cancelled);
            break;
        }
    }
    goro::at(site::close_input);
    out.close();
    generator.done();
}

goro::Task<> square(goro::Context ctx, goro::Chan<Value> in, goro::Chan<Value> out,
                    std::shared_ptr<const Params> p) {
    goro::Timer work(std::chrono::hours(1));
    work.stop();
    for (;;) {
        goro::at(site::take_item);
        std::optional<Value> v = co_await in.recv();
        if (!v) break;
        work.reset(sim::jittered(knob::work_time(p), knob::jitter(p)));
        goro::at(site::work);
        const int woke = co_await goro::select(work.c().recv_case(), ctx.done().recv_case());
        if (woke == 1) {
            goro::at(site::work_cancelled);
            break;
        }
        goro::at(site::send_square);
        const int sent = co_await goro::select(out.send_case(Value{v->x * v->x, v->born}),
                                               ctx.done().recv_case());
        if (sent == 1) {
            goro::at(site::send_cancelled);
            break;
        }
    }
    work.stop();
    goro::at(site::close_output);
    out.close();
}

goro::Task<> output(goro::Chan<Value> c, goro::Chan<Value> out, goro::WaitGroup wg) {
    for (;;) {
        goro::at(site::merge_recv);
        std::optional<Value> v = co_await c.recv();
        if (!v) break;
        goro::at(site::merge_send);
        co_await out.send(*v);
    }
    goro::at(site::merger_done);
    wg.done();
}

goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Value> out) {
    goro::at(site::wait_mergers);
    co_await wg.wait();
    goro::at(site::close_merged);
    out.close();
}

goro::Chan<Value> merge(const std::vector<goro::Chan<Value>>& cs) {
    goro::WaitGroup wg("mergers");
    auto out = goro::make_chan<Value>(0, "merged");
    wg.add(static_cast<int>(cs.size()));
    for (std::size_t i = 0; i < cs.size(); ++i) {
        goro::at(site::spawn_merger);
        goro::go(output(cs[i], out, wg), "merge " + std::to_string(i + 1));
    }
    goro::go(closer(wg, out), "merge closer");
    return out;
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int workers = knob::workers(p);
    const int items = knob::items(p);
    const goro::Duration timeout = knob::timeout(p);
    goro::Context ctx;
    goro::CancelFunc cancel;
    if (timeout.count() > 0) {
        goro::at(site::with_timeout);
        std::tie(ctx, cancel) = goro::with_timeout(goro::background(), timeout, "run");
    } else {
        std::tie(ctx, cancel) = goro::with_cancel(goro::background(), "run");
    }

    auto in = goro::make_chan<Value>(0, "input");
    goro::WaitGroup generator("generator");
    generator.add(1);
    goro::at(site::spawn_gen);
    goro::go(generate(ctx, in, items, generator), "generator");
    std::vector<goro::Chan<Value>> outs;
    for (int i = 1; i <= workers; ++i) {
        goro::at(site::fan_out);
        auto out = goro::make_chan<Value>(0, "out " + std::to_string(i));
        goro::at(site::spawn_worker);
        goro::go(square(ctx, in, out, p), "worker " + std::to_string(i));
        outs.push_back(out);
    }
    auto merged = merge(outs);
    for (;;) {
        goro::at(site::collect);
        std::optional<Value> v = co_await merged.recv();
        if (!v) break;
        goro::count("completed");
        goro::observe("result", v->x);
        goro::observe("latency", (sim::now() - v->born).count());
    }
    goro::at(site::wait_gen);
    co_await generator.wait();
    if (ctx.err() == goro::ContextError::DeadlineExceeded) {
        goro::at(site::timed_out);
        goro::count("timeouts");
    }
    cancel();
}

}  // namespace

GORAMA_SCENARIO(fan_out_fan_in_scenario, program)

}  // namespace gorama
