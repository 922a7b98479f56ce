// select-default: non-blocking send and receive with select and default, and a timeout on a
// slow result with time.After.
#include <memory>
#include <optional>
#include <string>

#include "scenarios/select_default.described.hpp"

namespace gorama {
namespace {

using namespace described::select_default;

goro::Task<> producer(goro::Chan<int> buf, int n, goro::WaitGroup wg,
                      std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::produce);
        co_await goro::sleep(knob::producer_delay(p));
        goro::at(site::try_send);
        if (buf.try_send(i)) {
            goro::count("sent");
        } else {
            goro::at(site::drop);
            goro::count("dropped");
        }
    }
    goro::at(site::close_buf);
    buf.close();
    wg.done();
}

goro::Task<> consumer(goro::Chan<int> buf, goro::WaitGroup wg, std::shared_ptr<const Params> p) {
    for (;;) {
        std::optional<int> v;
        goro::at(site::poll);
        const int which = co_await goro::select(buf.recv_case(v), goro::default_case());
        if (which == 0) {
            if (!v) {
                goro::at(site::consumer_done);
                break;
            }
            goro::count("received");
            goro::at(site::handle);
            co_await goro::sleep(knob::consumer_delay(p));
        } else {
            goro::at(site::empty);
            goro::count("polled_empty");
            goro::at(site::other_work);
            co_await goro::sleep(knob::consumer_delay(p));
        }
    }
    wg.done();
}

goro::Task<> slow_worker(goro::Chan<int> out, goro::WaitGroup workers, goro::Duration work) {
    goro::at(site::compute);
    co_await goro::sleep(work);
    goro::at(site::deliver);
    co_await out.send(42);  // buffered: never blocks
    workers.done();
}

goro::Chan<int> slow_result(int i, goro::WaitGroup workers, const Params& p) {
    auto out = goro::make_chan<int>(1, "slow " + std::to_string(i));
    workers.add(1);
    goro::at(site::spawn_slow);
    goro::go(slow_worker(out, workers, sim::jittered(knob::slow_result_time(p), knob::jitter(p))),
             "slow " + std::to_string(i));
    return out;
}

goro::Task<> client(int n, goro::WaitGroup wg, goro::WaitGroup workers,
                    std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        const goro::Time start = sim::now();
        goro::at(site::wait_slow);
        goro::Chan<int> slow = slow_result(i, workers, *p);
        goro::Chan<goro::Time> timer = goro::after(knob::timeout(p));
        goro::at(site::wait_slow);
        const int which = co_await goro::select(slow.recv_case(), timer.recv_case());
        if (which == 0) {
            goro::at(site::in_time);
            goro::count("completed");
            goro::observe("latency", (sim::now() - start).count());
        } else {
            goro::at(site::too_slow);
            goro::count("timeouts");
        }
    }
    wg.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const int n = knob::items(p);
    goro::at(site::make_buf);
    auto buf = goro::make_chan<int>(static_cast<std::size_t>(knob::buffer(p)), "buf");
    goro::WaitGroup wg("all");
    goro::WaitGroup workers("workers");
    wg.add(3);
    goro::at(site::spawn_producer);
    goro::go(producer(buf, n, wg, p), "producer");
    goro::at(site::spawn_consumer);
    goro::go(consumer(buf, wg, p), "consumer");
    goro::at(site::spawn_client);
    goro::go(client(n, wg, workers, p), "client");
    goro::at(site::wait_all);
    co_await wg.wait();
    goro::at(site::wait_workers);
    co_await workers.wait();
}

}  // namespace

GORAMA_SCENARIO(select_default_scenario, program)

}  // namespace gorama
