// The recorder: a total order readable while writers append, without blocking them.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "goro/event_format.hpp"
#include "goro/goro.hpp"

namespace {

TEST(Recorder, AssignsSequenceNumbersInOrder) {
    goro::Recorder rec;
    for (int i = 0; i < 10'000; ++i) {
        goro::Event e;
        e.arg = i;
        rec.record(e);
        EXPECT_EQ(e.seq, static_cast<std::uint64_t>(i));
    }
    ASSERT_EQ(rec.published(), 10'000U);
    for (std::uint64_t i = 0; i < 10'000; ++i)
        EXPECT_EQ(rec.at(i).arg, static_cast<std::int64_t>(i));
}

TEST(Recorder, InternedTextsAreReadBack) {
    goro::Recorder rec;
    const auto a = rec.intern("worker 3 processing job 7");
    const auto b = rec.intern("jobs");
    EXPECT_NE(a, 0U);
    EXPECT_NE(a, b);
    EXPECT_EQ(rec.text(a), "worker 3 processing job 7");
    EXPECT_EQ(rec.text(b), "jobs");
    EXPECT_EQ(rec.text(0), "");
}

TEST(Recorder, AConcurrentConsumerSeesEveryEventOnceAndInOrder) {
    goro::Recorder rec;
    constexpr int kWriters = 4;
    constexpr int kPerWriter = 50'000;
    std::atomic<int> done{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < kPerWriter; ++i) {
                goro::Event e;
                e.g = static_cast<goro::GoroutineId>(w + 1);
                e.arg = i;
                e.text = (i % 1000 == 0) ? rec.intern("mark " + std::to_string(i)) : 0;
                rec.record(e);
            }
            done.fetch_add(1);
        });
    }
    std::vector<goro::Event> seen;
    std::uint64_t cursor = 0;
    while (done.load() < kWriters || cursor < rec.published()) {
        rec.drain(cursor, seen, 1024);
    }
    for (auto& t : writers)
        t.join();
    rec.drain(cursor, seen);
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(kWriters * kPerWriter));
    std::vector<std::int64_t> next(kWriters + 1, 0);
    for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].seq, i);
        // Each writer's own events keep their program order.
        EXPECT_EQ(seen[i].arg, next[seen[i].g]++);
        if (seen[i].text) {
            EXPECT_EQ(rec.text(seen[i].text), "mark " + std::to_string(seen[i].arg));
        }
    }
}

TEST(Recorder, DiscardDropsWholeSegmentsAndKeepsTheRestReadable) {
    goro::Recorder rec;
    constexpr std::uint64_t kSegment = 32768;
    const std::uint32_t mark = rec.intern("mark");
    for (std::uint64_t i = 0; i < 3 * kSegment + 10; ++i) {
        goro::Event e;
        e.arg = static_cast<std::int64_t>(i);
        e.text = mark;
        rec.record(e);
    }
    rec.discard_before(kSegment + 5);  // rounds down to a segment boundary
    EXPECT_EQ(rec.first_retained(), kSegment);
    rec.discard_before(10 * kSegment);  // never past what is published
    EXPECT_EQ(rec.first_retained(), 3 * kSegment);
    EXPECT_EQ(rec.published(), 3 * kSegment + 10);
    std::uint64_t cursor = 0;  // a cursor before the window starts at its beginning
    std::vector<goro::Event> out;
    EXPECT_EQ(rec.drain(cursor, out), 10u);
    EXPECT_EQ(out.front().arg, static_cast<std::int64_t>(3 * kSegment));
    EXPECT_EQ(rec.at(3 * kSegment + 9).arg, static_cast<std::int64_t>(3 * kSegment + 9));
    EXPECT_EQ(rec.text(mark), "mark");
    EXPECT_EQ(rec.events().size(), 10u);
    goro::Event more;  // writers go on as before
    rec.record(more);
    EXPECT_EQ(more.seq, 3 * kSegment + 10);
}

goro::Task<> hello(goro::Chan<int> ch) {
    goro::annotate("say \"hi\"\n");
    co_await ch.send(1);
}

TEST(EventFormat, JsonLinesCarryEveryFieldAndEscapeText) {
    goro::Recorder rec;
    goro::RuntimeOptions o;
    o.tracer = &rec;
    goro::Runtime rt(o);
    auto ch = goro::make_chan<int>(rt, 1, "box");
    rt.go(hello(ch), "greeter");
    rt.run();
    std::ostringstream out;
    goro::write_events_jsonl(out, rec);
    const std::string text = out.str();
    EXPECT_NE(
        text.find(
            R"("kind":"ChanMake","g":0,"obj":1,"msg":0,"arg":1,"aux":0,"site":0,"text":"box"})"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find(R"("kind":"Annotate","g":1)"), std::string::npos);
    EXPECT_NE(text.find(R"("text":"say \"hi\"\n")"), std::string::npos);
    EXPECT_NE(text.find(R"("kind":"ChanSend","g":1,"obj":1,"msg":1,"arg":1)"), std::string::npos);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), static_cast<long>(rec.published()));
}

}  // namespace
