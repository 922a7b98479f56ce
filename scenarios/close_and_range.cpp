// close-and-range: the sender closes, every receiver ranges until closed and drained; every value
// is received exactly once and every receiver ends.
#include <memory>
#include <optional>
#include <string>

#include "scenarios/close_and_range.described.hpp"

namespace gorama {
namespace {

using namespace described::close_and_range;

struct Value {
    int v = 0;
    goro::Time sent{0};
};

goro::Task<> send(int n, goro::Chan<Value> out, std::shared_ptr<const Params> p) {
    for (int i = 1; i <= n; ++i) {
        goro::at(site::send);
        co_await out.send(Value{i, sim::now()});
        goro::at(site::send_wait);
        co_await goro::sleep(knob::send_interval(p));
    }
    goro::at(site::close);
    out.close();
}

goro::Task<> receive(int id, goro::Chan<Value> in, goro::WaitGroup wg,
                     std::shared_ptr<const Params> p) {
    const std::string who = "receiver " + std::to_string(id);
    for (;;) {
        goro::at(site::receive);
        std::optional<Value> v = co_await in.recv();
        if (!v) break;
        goro::at(site::work);
        co_await goro::sleep(sim::jittered(knob::work_time(p), knob::jitter(p)));
        goro::annotate(who + " got " + std::to_string(v->v));
        goro::count("completed");
        goro::observe("received", v->v);
        goro::observe("receiver", id);
        goro::observe("latency", (sim::now() - v->sent).count());
    }
    goro::at(site::receiver_done);
    wg.done();
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    goro::at(site::make);
    auto items = goro::make_chan<Value>(static_cast<std::size_t>(knob::buffer(p)), "items");
    goro::WaitGroup wg("receivers");
    const int receivers = knob::receivers(p);
    for (int r = 1; r <= receivers; ++r) {
        wg.add(1);
        goro::at(site::spawn_receiver);
        goro::go(receive(r, items, wg, p), "receiver " + std::to_string(r));
    }
    goro::at(site::spawn_sender);
    goro::go(send(knob::items(p), items, p), "sender");
    goro::at(site::wait);
    co_await wg.wait();
}

}  // namespace

GORAMA_SCENARIO(close_and_range_scenario, program)

}  // namespace gorama
