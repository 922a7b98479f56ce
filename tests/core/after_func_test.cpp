// after_func: Go's time.AfterFunc, on both runtimes.
//
// The twin is go_twins/after_func/main.go (Go 1.19.8), whose tenths of a second are seconds of
// the virtual clock here.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/goro.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using namespace goro;

namespace {

using namespace goro_test;

INSTANTIATE_TEST_SUITE_P(AfterFunc, BothModes, both_modes(), mode_name);

std::string yes(bool b) {
    return b ? "true" : "false";
}

std::string seconds_now() {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now()).count());
}

Task<> report(Chan<std::string> fired, std::string what) {
    std::string line = what + seconds_now();
    co_await fired.send(std::move(line));
}

// f for after_func: each run starts a goroutine sending `what` and the time on `fired`.
std::function<Task<>()> reporter(Chan<std::string> fired, std::string what) {
    return [fired, what] { return report(fired, what); };
}

Task<> drops_its_timer(std::shared_ptr<Shared<std::string>> out) {
    auto done = make_chan<int>(1, "done");
    {
        // A coroutine lambda: its task reads the captures from the lambda itself, which lives in
        // the timer's f. The Timer is dropped at once, and the timer lets go of f once it fires.
        auto words = std::make_shared<std::string>("f still has its captures");
        goro::after_func(1s, [out, words, done]() -> Task<> {
            co_await goro::sleep(1s);  // long after the timer has fired
            out->push(*words);
            co_await done.send(1);
        });
    }
    co_await done.recv();
}

TEST_P(BothModes, AFunctionsCapturesLiveAsLongAsItsGoroutineThoughTheTimerIsDropped) {
    auto out = std::make_shared<Shared<std::string>>();
    auto rt = make_runtime(GetParam());
    rt->go_main(drops_its_timer(out));
    EXPECT_EQ(rt->run().status, RunStatus::Completed);
    EXPECT_EQ(out->items(), std::vector<std::string>{"f still has its captures"});
}

Task<> twin(std::shared_ptr<Shared<std::string>> out, bool exact) {
    auto fired = make_chan<std::string>(4, "fired");
    auto say = [&](std::string line) { out->push(std::move(line)); };
    auto when = [&](std::optional<std::string> v) {
        // The parallel runtime's clock runs on: keep the words, drop the time.
        return exact ? *v : v->substr(0, v->find_last_of(' '));
    };
    Timer t = goro::after_func(2s, reporter(fired, "f ran at "));
    say("C is nil: " + yes(t.c().is_nil()));
    say(when(co_await fired.recv()));
    say("Stop after it ran: " + yes(t.stop()));
    say("Reset after it ran: " + yes(t.reset(1s)));
    say(when(co_await fired.recv()));

    Timer s = goro::after_func(1s, reporter(fired, "stopped f ran"));
    say("Stop before it ran: " + yes(s.stop()));
    say("Stop again: " + yes(s.stop()));
    Timer r = goro::after_func(1s, reporter(fired, "reset f ran at "));
    say("Reset while pending: " + yes(r.reset(3s)));
    say(when(co_await fired.recv()));
    co_await goro::sleep(2s);
    say("pending: " + std::to_string(fired.len()));
}

// Go 1.19 twin: "C is nil: true", "f ran at 2", "Stop after it ran: false", "Reset after it ran:
// false", "f ran at 3", "Stop before it ran: true", "Stop again: false", "Reset while pending:
// true", "reset f ran at 6", "pending: 0".
TEST_P(BothModes, RunsFInItsOwnGoroutineAndStopAndResetAnswerAsGos) {
    goro::Recorder rec;
    goro::Runtime rt(options(GetParam(), &rec));
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(twin(out, deterministic()));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    if (deterministic()) {
        EXPECT_EQ(out->items(),
                  (std::vector<std::string>{"C is nil: true", "f ran at 2",
                                            "Stop after it ran: false", "Reset after it ran: false",
                                            "f ran at 3", "Stop before it ran: true",
                                            "Stop again: false", "Reset while pending: true",
                                            "reset f ran at 6", "pending: 0"}));
        // Each run of f is a goroutine of its own, created by the runtime, right as its timer
        // fires: three runs (the stopped timer's f never starts).
        std::vector<std::int64_t> starts;
        const auto events = rec.events();
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].kind != EventKind::GoCreate ||
                rec.text(events[i].text) != "time.AfterFunc")
                continue;
            EXPECT_EQ(events[i].object, 0U);  // no creator goroutine
            ASSERT_GT(i, 0U);
            EXPECT_EQ(events[i - 1].kind, EventKind::TimerFire);
            starts.push_back(events[i].time);
        }
        EXPECT_EQ(starts, (std::vector<std::int64_t>{Time(2s).count(), Time(3s).count(),
                                                     Time(6s).count()}));
    } else {
        EXPECT_EQ(out->items(), (std::vector<std::string>{
                                    "C is nil: true", "f ran at", "Stop after it ran: false",
                                    "Reset after it ran: false", "f ran at",
                                    "Stop before it ran: true", "Stop again: false",
                                    "Reset while pending: true", "reset f ran at", "pending: 0"}));
    }
}

Task<> drop_the_timer(Chan<std::string> fired, std::shared_ptr<Shared<std::string>> out) {
    {
        Timer t = goro::after_func(1s, reporter(fired, "dropped timer's f ran at "));
    }  // the Timer handle is gone; the timer is not (Go's collector keeps a pending timer too)
    auto got = co_await fired.recv();
    out->push(*got);
}

TEST_P(BothModes, DroppingTheTimerDoesNotStopIt) {
    goro::Runtime rt(options(GetParam()));
    auto fired = make_chan<std::string>(rt, 1, "fired");
    auto out = std::make_shared<Shared<std::string>>();
    rt.go_main(drop_the_timer(fired, out));
    EXPECT_EQ(rt.run().status, RunStatus::Completed);
    ASSERT_EQ(out->items().size(), 1U);
    if (deterministic()) {
        EXPECT_EQ(out->items()[0], "dropped timer's f ran at 1");
    }
}

}  // namespace
