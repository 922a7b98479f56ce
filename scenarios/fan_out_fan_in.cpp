// fan-out-fan-in: the tutorial's FanOut and FanIn. A generator feeds one input channel; several
// workers read it (FanOut), each squaring its values onto its own output channel; FanIn copies
// every output into one channel that main collects. Every goroutine selects on ctx.Done(), so a
// context with an optional timeout stops them all.
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

goro::Task<> generate(goro::Context ctx, goro::Chan<Value> input, int n,
                      goro::WaitGroup generator) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::generate);
        const int which =
            co_await goro::select(input.send_case(Value{i, sim::now()}), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::gen_cancelled);
            break;
        }
    }
    goro::at(site::close_input);
    input.close();
    generator.done();
}

// The goroutine of worker(): select on the input and ctx.Done(), work (a timer raced against
// ctx.Done()), then select on sending the square and ctx.Done().
goro::Task<> square(goro::Context ctx, goro::Chan<Value> input, goro::Chan<Value> output,
                    std::shared_ptr<const Params> p) {
    goro::Timer work(std::chrono::hours(1));
    work.stop();
    for (;;) {
        goro::at(site::take_item);
        std::optional<Value> value;
        const int which = co_await goro::select(input.recv_case(value), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::worker_cancelled);
            break;
        }
        if (!value) {
            goro::at(site::input_closed);
            break;
        }
        work.reset(sim::jittered(knob::work_time(p), knob::jitter(p)));
        goro::at(site::work);
        const int woke = co_await goro::select(work.c().recv_case(), ctx.done().recv_case());
        if (woke == 1) {
            goro::at(site::work_cancelled);
            break;
        }
        goro::at(site::send_square);
        const int sent = co_await goro::select(
            output.send_case(Value{value->x * value->x, value->born}), ctx.done().recv_case());
        if (sent == 1) {
            goro::at(site::send_cancelled);
            break;
        }
    }
    work.stop();
    goro::at(site::close_output);
    output.close();
}

goro::Chan<Value> worker(goro::Context ctx, goro::Chan<Value> input, int id,
                         std::shared_ptr<const Params> p) {
    auto output = goro::make_chan<Value>(0, "out " + std::to_string(id));
    goro::at(site::spawn_worker);
    goro::go(square(ctx, input, output, std::move(p)), "worker " + std::to_string(id));
    return output;
}

std::vector<goro::Chan<Value>> fan_out(goro::Context ctx, goro::Chan<Value> input, int workers,
                                       const std::shared_ptr<const Params>& p) {
    std::vector<goro::Chan<Value>> outputs;
    for (int i = 1; i <= workers; ++i) {
        goro::at(site::fan_out);
        outputs.push_back(worker(ctx, input, i, p));
    }
    return outputs;
}

// One copier of FanIn: ranges over its input, sending each value on in a select with ctx.Done().
goro::Task<> copy_into(goro::Context ctx, goro::Chan<Value> input, goro::Chan<Value> output,
                       goro::WaitGroup wg) {
    for (;;) {
        goro::at(site::merge_recv);
        std::optional<Value> value = co_await input.recv();
        if (!value) break;
        goro::at(site::merge_send);
        const int which = co_await goro::select(output.send_case(*value), ctx.done().recv_case());
        if (which == 1) {
            goro::at(site::merge_cancelled);
            break;
        }
    }
    goro::at(site::merger_done);
    wg.done();
}

goro::Task<> closer(goro::WaitGroup wg, goro::Chan<Value> output) {
    goro::at(site::wait_mergers);
    co_await wg.wait();
    goro::at(site::close_merged);
    output.close();
}

goro::Chan<Value> fan_in(goro::Context ctx, const std::vector<goro::Chan<Value>>& inputs) {
    auto output = goro::make_chan<Value>(0, "merged");
    goro::WaitGroup wg("mergers");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        wg.add(1);
        goro::at(site::spawn_merger);
        goro::go(copy_into(ctx, inputs[i], output, wg), "merge " + std::to_string(i + 1));
    }
    goro::go(closer(wg, output), "merge closer");
    return output;
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

    auto input = goro::make_chan<Value>(0, "input");
    auto results = fan_in(ctx, fan_out(ctx, input, workers, p));
    goro::WaitGroup generator("generator");
    generator.add(1);
    goro::at(site::spawn_gen);
    goro::go(generate(ctx, input, items, generator), "generator");
    for (;;) {
        goro::at(site::collect);
        std::optional<Value> v = co_await results.recv();
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
