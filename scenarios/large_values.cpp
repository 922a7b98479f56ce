// large-values: a producer sends 32 KiB objects to workers three ways. By value, each send copies
// the whole object and nothing is allocated; by pointer, each send copies 8 bytes and each object
// is a new allocation; through a sync.Pool, 8 bytes a send and only as many allocations as there
// are objects in flight at once.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scenarios/large_values.described.hpp"

namespace gorama {
namespace {

using namespace described::large_values;

enum Way : std::size_t { kValue, kPointer, kPool };

// The listing's LargeObject, laid out as Go lays it out: an int and 32 KiB.
struct LargeObject {
    std::int64_t id = 0;
    std::array<std::uint8_t, 32 << 10> data{};
};
static_assert(sizeof(LargeObject) == 32776, "unsafe.Sizeof(LargeObject{}) in Go");
// What a channel of *LargeObject copies per send: unsafe.Sizeof of a Go pointer.
constexpr std::int64_t kPointerSize = 8;

using ObjectPtr = std::shared_ptr<LargeObject>;

// The listing's handle(): a worker's use of an object.
goro::Task<> handle(LargeObject& obj, std::shared_ptr<const Params> p) {
    obj.data[0] = static_cast<std::uint8_t>(obj.id);
    goro::at(site::work);
    co_await goro::sleep(knob::work_time(p));
    goro::count("completed");
}

goro::Task<> value_producer(goro::Chan<LargeObject> objects, int messages) {
    for (int i = 1; i <= messages; ++i) {
        LargeObject obj;
        obj.id = i;
        goro::count("bytes_copied", sizeof(LargeObject));
        goro::at(site::send_value);
        co_await objects.send(obj);
    }
    goro::at(site::value_producer_closes);
    objects.close();
}

goro::Task<> value_worker(goro::Chan<LargeObject> objects, goro::WaitGroup wg,
                          std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::receive_value);
        std::optional<LargeObject> obj = co_await objects.recv();
        if (!obj) break;
        co_await handle(*obj, p);
    }
    goro::at(site::worker_done);
    wg.done();
}

// pool is empty (no New) in the pointer way: each object is then allocated here.
goro::Task<> pointer_producer(goro::Chan<ObjectPtr> objects, int messages,
                              std::optional<goro::Pool<ObjectPtr>> pool) {
    for (int i = 1; i <= messages; ++i) {
        ObjectPtr obj;
        if (pool) {
            goro::at(site::get_from_pool);
            obj = *pool->get();
        } else {
            goro::at(site::allocate);
            obj = std::make_shared<LargeObject>();
            goro::count("allocations");
        }
        obj->id = i;
        goro::count("bytes_copied", kPointerSize);
        goro::at(site::send_pointer);
        co_await objects.send(obj);
    }
    goro::at(site::pointer_producer_closes);
    objects.close();
}

goro::Task<> pointer_worker(goro::Chan<ObjectPtr> objects,
                            std::optional<goro::Pool<ObjectPtr>> pool, goro::WaitGroup wg,
                            std::shared_ptr<const Params> p) {
    for (;;) {
        goro::at(site::receive_pointer);
        std::optional<ObjectPtr> obj = co_await objects.recv();
        if (!obj) break;
        co_await handle(**obj, p);
        if (pool) {
            goro::at(site::put_back);
            pool->put(std::move(*obj));
        }
    }
    goro::at(site::worker_done);
    wg.done();
}

// The listing's run(): starts the workers, each a goroutine `make_worker()` returns, the wait
// group counting them. (Waiting is left to the caller.)
template <class MakeWorker>
void spawn_workers(int workers, goro::WaitGroup wg, MakeWorker make_worker) {
    for (int w = 1; w <= workers; ++w) {
        wg.add(1);
        goro::at(site::spawn_worker);
        goro::go(make_worker(), "worker " + std::to_string(w));
    }
}

// The program: Go's func main, run as the goroutine "main".
goro::Task<> program(std::shared_ptr<const Params> p) {
    const auto way = static_cast<Way>(knob::way(p));
    const int messages = knob::messages(p);
    const int workers = knob::workers(p);
    goro::WaitGroup wg("wg");
    if (way == kValue) {
        auto objects = goro::make_chan<LargeObject>(0, "objects");
        goro::at(site::spawn_value_producer);
        goro::go(value_producer(objects, messages), "producer");
        spawn_workers(workers, wg, [&] { return value_worker(objects, wg, p); });
    } else {
        std::optional<goro::Pool<ObjectPtr>> pool;
        if (way == kPool) {
            pool.emplace([] {
                goro::at(site::pool_new);
                goro::count("allocations");
                goro::annotate("the pool is empty: New allocates an object");
                return std::make_shared<LargeObject>();
            });
        }
        auto objects = goro::make_chan<ObjectPtr>(0, "objects");
        goro::at(site::spawn_pointer_producer);
        goro::go(pointer_producer(objects, messages, pool), "producer");
        spawn_workers(workers, wg, [&] { return pointer_worker(objects, pool, wg, p); });
    }
    goro::at(site::wait);
    co_await wg.wait();
    goro::at(site::report);
    const std::int64_t per_message =
        way == kValue ? static_cast<std::int64_t>(sizeof(LargeObject)) : kPointerSize;
    goro::annotate(std::to_string(per_message) + " bytes copied per message");
}

}  // namespace

GORAMA_SCENARIO(large_values_scenario, program)

}  // namespace gorama
