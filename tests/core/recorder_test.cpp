// The recorder: a total order readable while writers append, without blocking them.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/goro.hpp"
#include "goro/recorder.hpp"

namespace {

// The events of these tests carry a number to recognise them by: a Metric's value.
goro::Event metric(std::int64_t value) {
    return goro::Event{.arg = value, .kind = goro::EventKind::Metric};
}

std::int64_t metric_value(const goro::Event& e) {
    return goro::as_metric(e).value().value;
}

TEST(Recorder, AssignsSequenceNumbersInOrder) {
    goro::Recorder rec;
    for (int i = 0; i < 10'000; ++i) {
        goro::Event e = metric(i);
        rec.record(e);
        EXPECT_EQ(e.seq, static_cast<std::uint64_t>(i));
    }
    ASSERT_EQ(rec.published(), 10'000U);
    for (std::uint64_t i = 0; i < 10'000; ++i)
        EXPECT_EQ(metric_value(rec.at(i)), static_cast<std::int64_t>(i));
}

// The recorder packs events into 32 bytes; every value must still come back exactly, including
// those that do not fit the packed form (kept whole on the side).
TEST(Recorder, EveryFieldComesBackExactlyWhateverItsSize) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    auto event = [](std::int64_t time, goro::MessageId msg, std::int64_t arg, std::int64_t aux,
                    std::uint32_t text, goro::SiteId site) {
        return goro::Event{.time = time,
                           .msg = msg,
                           .arg = arg,
                           .aux = aux,
                           .g = 0xfffffffe,
                           .object = 0xfffffffd,
                           .text = text,
                           .site = site,
                           .kind = goro::EventKind::TimerSet};
    };
    const std::int64_t late = 3'000'000'000'000;  // 50 minutes in: far beyond 32 bits of ns
    const std::vector<goro::Event> cases = {
        event(0, 0, 0, 0, 0, 0),
        event(5, 4'000'000'000, -1, 2'000'000'000, 0, 4095),  // just fits
        event(late, 0, late + 5'000'000'000 / 4, -1, 0, 12),  // a due time: from the event's
        event(late, 0, 7, late - 1'000'000, 0, 12),           // time
        event(late, 0, late + 10'000'000'000, 0, 0, 12),      // too far from the time: wide
        event(1, 5'000'000'000, 0, 0, 0, 1),                  // message id beyond 32 bits
        event(1, 3, 0, 0, 9, 1),                              // message and text at once
        event(1, 0, kMax, kMin, 0, 1),
        event(1, 0, kMin, kMax, 0, 1),
        event(1, 0, 0, 0, 0, 70'000),  // site beyond 12 bits
        event(kMax, 0, kMax, kMax, 0, 1),
        event(-5, 0, 3'000'000'000, 0, 0, 1),  // negative time (never from a runtime)
    };
    goro::Recorder rec;
    for (goro::Event e : cases)
        rec.record(e);
    ASSERT_EQ(rec.published(), cases.size());
    std::uint64_t cursor = 0;
    std::vector<goro::Event> drained;
    rec.drain(cursor, drained);
    ASSERT_EQ(drained.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        for (const goro::Event& got : {rec.at(i), drained[i]}) {
            SCOPED_TRACE(i);
            EXPECT_EQ(got.seq, i);
            EXPECT_EQ(got.time, cases[i].time);
            EXPECT_EQ(got.msg, cases[i].msg);
            // arg and aux, as the due time and period of a TimerSet
            EXPECT_EQ(goro::as_timer_set(got)->when, goro::as_timer_set(cases[i])->when);
            EXPECT_EQ(goro::as_timer_set(got)->period, goro::as_timer_set(cases[i])->period);
            EXPECT_EQ(got.text, cases[i].text);
            EXPECT_EQ(got.site, cases[i].site);
            EXPECT_EQ(got.g, cases[i].g);
            EXPECT_EQ(got.object, cases[i].object);
            EXPECT_EQ(got.kind, cases[i].kind);
        }
    }
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
                goro::Event e = metric(i);
                e.g = static_cast<goro::GoroutineId>(w + 1);
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
        EXPECT_EQ(metric_value(seen[i]), next[seen[i].g]++);
        if (seen[i].text) {
            EXPECT_EQ(rec.text(seen[i].text), "mark " + std::to_string(metric_value(seen[i])));
        }
    }
}

TEST(Recorder, DiscardDropsWholeSegmentsAndKeepsTheRestReadable) {
    goro::Recorder rec;
    constexpr std::uint64_t kSegment = goro::Recorder::kEventsPerSegment;
    const std::uint32_t mark = rec.intern("mark");
    for (std::uint64_t i = 0; i < 3 * kSegment + 10; ++i) {
        goro::Event e = metric(static_cast<std::int64_t>(i));
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
    EXPECT_EQ(metric_value(out.front()), static_cast<std::int64_t>(3 * kSegment));
    EXPECT_EQ(metric_value(rec.at(3 * kSegment + 9)), static_cast<std::int64_t>(3 * kSegment + 9));
    EXPECT_EQ(rec.text(mark), "mark");
    EXPECT_EQ(rec.events().size(), 10u);
    goro::Event more;  // writers go on as before
    rec.record(more);
    EXPECT_EQ(more.seq, 3 * kSegment + 10);
}

// A goroutine that counts `n` jobs, a millisecond apart: each count is an event with a text
// interned for it, as every count, observation and annotation of a scenario is.
goro::Task<> counter(int n) {
    for (int i = 0; i < n; ++i) {
        goro::count("completed");
        co_await goro::sleep(std::chrono::milliseconds(1));
    }
}

// The retained events that name a text.
std::uint64_t retained_with_text(const goro::Recorder& rec) {
    std::uint64_t n = 0;
    for (std::uint64_t i = rec.first_retained(); i < rec.published(); ++i)
        n += rec.at(i).text != 0;
    return n;
}

TEST(Recorder, TextsGoWithTheEventsThatUsedThem) {
    goro::Recorder rec;
    goro::RuntimeOptions o;
    o.tracer = &rec;
    goro::Runtime rt(o);
    constexpr int kJobs = 100'000;
    rt.go(counter(kJobs), "counter");
    // Drained as a long-lived reader does: a step at a time, freeing what it has read.
    constexpr std::uint64_t kSegment = goro::Recorder::kEventsPerSegment;
    while (!rt.finished()) {
        rt.run_for(std::chrono::seconds(1));
        rec.discard_before(rec.published());
        // Texts of freed events are freed a segment of 1,024 at a time: those of the retained
        // events (under a segment of them) stay, and at most two partly used segments more.
        ASSERT_LE(rec.held().texts, retained_with_text(rec) + 2 * 1024) << rec.published();
        ASSERT_LT(rec.held().events, kSegment);
    }
    ASSERT_GE(rec.published(), 4 * kSegment);
    // The retained events still read their texts.
    for (std::uint64_t i = rec.first_retained(); i < rec.published(); ++i) {
        const goro::Event e = rec.at(i);
        if (e.kind == goro::EventKind::Metric) {
            EXPECT_EQ(rec.text(e.text), "completed") << i;
        }
    }
}

TEST(Recorder, AReaderThatFreesAsItReadsSeesEveryTextWhileWritersIntern) {
    // As the parallel engine records: each writer interns a text, then records the event that
    // names it, while the reader drains and frees behind itself. A text must never be freed
    // before its event has been read.
    goro::Recorder rec;
    constexpr int kWriters = 4;
    constexpr int kPerWriter = 60'000;
    std::atomic<int> done{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            for (int i = 0; i < kPerWriter; ++i) {
                goro::Event e = metric(i);
                e.g = static_cast<goro::GoroutineId>(w + 1);
                e.text = rec.intern("w" + std::to_string(w) + " " + std::to_string(i));
                rec.record(e);
            }
            done.fetch_add(1);
        });
    }
    std::uint64_t cursor = 0, seen = 0, wrong = 0;
    std::vector<goro::Event> batch;
    while (done.load() < kWriters || cursor < rec.published()) {
        batch.clear();
        rec.drain(cursor, batch, 4096);
        for (const goro::Event& e : batch) {
            const std::string expected =
                "w" + std::to_string(e.g - 1) + " " + std::to_string(metric_value(e));
            wrong += rec.text(e.text) != expected;
        }
        seen += batch.size();
        rec.discard_before(cursor);
    }
    for (auto& t : writers)
        t.join();
    EXPECT_EQ(seen, static_cast<std::uint64_t>(kWriters * kPerWriter));
    EXPECT_EQ(wrong, 0u);
    EXPECT_GT(rec.first_retained(), 0u);
    // Texts were freed on the way; how many depends on how the writers interleaved (a text
    // interned long before its event is recorded holds back those after it), so the tight
    // bound is TextsGoWithTheEventsThatUsedThem's, with one writer.
    EXPECT_LT(rec.held().texts, static_cast<std::uint64_t>(kWriters * kPerWriter) - 1024);
}

TEST(Recorder, WideEventsGoWithTheirSegment) {
    goro::Recorder rec;
    constexpr std::uint64_t kSegment = goro::Recorder::kEventsPerSegment;
    const std::int64_t huge = std::int64_t{1} << 40;  // too wide to pack
    for (std::uint64_t i = 0; i < 3 * kSegment; ++i) {
        goro::Event e = metric(huge + static_cast<std::int64_t>(i));
        rec.record(e);
    }
    EXPECT_EQ(rec.held().wide, 3 * kSegment);
    rec.discard_before(2 * kSegment);
    EXPECT_LE(rec.held().wide, kSegment + 1024);
    EXPECT_EQ(metric_value(rec.at(2 * kSegment)), huge + static_cast<std::int64_t>(2 * kSegment));
    EXPECT_EQ(metric_value(rec.at(3 * kSegment - 1)),
              huge + static_cast<std::int64_t>(3 * kSegment - 1));
}

goro::Task<> hello(goro::Chan<int> ch) {
    goro::annotate("say \"hi\"\n");
    co_await ch.send(1);
}

// A program with goroutines, channels, a select, timers and names: most kinds of event, about
// four for each of its `items`.
goro::Task<> traced_program(int items = 500) {
    goro::Chan<int> jobs = goro::make_chan<int>(2, "jobs");
    goro::Chan<int> done = goro::make_chan<int>(0, "done");
    goro::go(
        [](goro::Chan<int> in, goro::Chan<int> out) -> goro::Task<> {
            int sum = 0;
            while (auto v = co_await in.recv())
                sum += *v;
            co_await out.send(sum);
        }(jobs, done),
        "worker");
    for (int i = 0; i < items; ++i) {
        co_await jobs.send(i);
        if (i % 100 == 0) co_await goro::sleep(std::chrono::milliseconds(3));
    }
    jobs.close();
    co_await goro::select(done.recv_case(), goro::after(std::chrono::seconds(1)).recv_case());
}

std::vector<std::string> run_traced(goro::Recorder& rec, int items) {
    goro::Runtime rt({.mode = goro::Mode::Deterministic, .seed = 7, .tracer = &rec});
    rt.go_main(traced_program(items));
    rt.run();
    std::vector<std::string> lines;
    for (const goro::Event& e : rec.events())
        lines.push_back(goro::event_to_json(e, rec));
    return lines;
}

// A deterministic runtime tells its recorder it writes from one thread at a time; the recorder
// then batches and streams its records, and lends the runtime the slots it writes its plain
// events into itself. What readers get must not change, across segments too.
TEST(Recorder, OneWriterRecordsReadBackAsManyWritersRecordsDo) {
    goro::Recorder one;
    goro::Recorder many;
    many.attach(goro::Tracer::Writers::Many);  // the runtime's attach() is then a second one
    EXPECT_EQ(many.lend(), nullptr);
    const std::vector<std::string> a = run_traced(one, 40'000);
    const std::vector<std::string> b = run_traced(many, 40'000);
    ASSERT_GT(a.size(), 2 * goro::Recorder::kEventsPerSegment);
    EXPECT_EQ(a, b);
}

TEST(Recorder, OneWritersEventsAreReadableOnceItsBatchEndsAndAtOnceOutsideOne) {
    goro::Recorder rec;
    rec.attach(goro::Tracer::Writers::One);
    rec.begin_batch();
    for (int i = 0; i < 1000; ++i) {
        goro::Event e = metric(i);
        rec.record(e);
    }
    EXPECT_LE(rec.published(), 1000U);
    rec.end_batch();
    ASSERT_EQ(rec.published(), 1000U);
    goro::Event e = metric(1000);
    rec.record(e);
    ASSERT_EQ(rec.published(), 1001U);
    for (std::uint64_t i = 0; i <= 1000; ++i)
        EXPECT_EQ(metric_value(rec.at(i)), static_cast<std::int64_t>(i));
}

// A reader on another thread while a deterministic runtime runs: every event once, in order.
TEST(Recorder, AConsumerOfAOneWriterRunSeesEveryEventOnceAndInOrder) {
    goro::Recorder rec;
    std::atomic<bool> over{false};
    std::thread runner([&] {
        goro::Runtime rt({.mode = goro::Mode::Deterministic, .tracer = &rec});
        rt.go_main(traced_program());
        while (!rt.finished())
            rt.run_for(std::chrono::milliseconds(1));
        over.store(true);
    });
    std::vector<goro::Event> seen;
    std::uint64_t cursor = 0;
    while (!over.load())
        rec.drain(cursor, seen, 256);
    runner.join();
    rec.drain(cursor, seen);
    const std::vector<goro::Event> all = rec.events();
    ASSERT_EQ(seen.size(), all.size());
    for (std::size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].seq, i);
        EXPECT_EQ(seen[i].kind, all[i].kind);
        EXPECT_EQ(seen[i].g, all[i].g);
    }
    EXPECT_EQ(all.back().kind, goro::EventKind::RunEnd);
}

// Leaves in the segment pool a segment whose records are all stamped as a new recorder's
// first segment's would be (the old recorder's first, holding metric -1 everywhere).
void leave_a_used_segment() {
    goro::Recorder old;
    for (std::uint64_t i = 0; i < goro::Recorder::kEventsPerSegment + 5; ++i) {
        goro::Event e = metric(-1);
        old.record(e);
    }
}

// Segments are recycled from recorder to recorder: a reader of a new recorder must never see a
// record a segment held in its last use, though writers claim slots before they fill them.
TEST(Recorder, ARecycledSegmentShowsNoRecordOfItsLastUseToAConcurrentReader) {
    constexpr int kWriters = 3;
    constexpr int kPerWriter = 20'000;  // within the first segment
    for (int round = 0; round < 5; ++round) {
        leave_a_used_segment();
        goro::Recorder rec;
        std::atomic<int> done{0};
        std::vector<std::thread> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.emplace_back([&, w] {
                for (int i = 0; i < kPerWriter; ++i) {
                    goro::Event e = metric(i);
                    e.g = static_cast<goro::GoroutineId>(w + 1);
                    rec.record(e);
                }
                done.fetch_add(1);
            });
        }
        std::vector<goro::Event> seen;
        std::uint64_t cursor = 0;
        while (done.load() < kWriters)
            rec.drain(cursor, seen, 64);
        for (auto& t : writers)
            t.join();
        rec.drain(cursor, seen);
        ASSERT_EQ(seen.size(), static_cast<std::size_t>(kWriters * kPerWriter));
        std::vector<std::int64_t> next(kWriters + 1, 0);
        for (const goro::Event& e : seen) {
            ASSERT_GE(e.g, 1U);
            ASSERT_EQ(metric_value(e), next[e.g]++);
        }
    }
}

TEST(Recorder, ARecycledSegmentShowsNoRecordOfItsLastUseToOneWriter) {
    constexpr std::uint64_t kSegment = goro::Recorder::kEventsPerSegment;
    leave_a_used_segment();
    goro::Recorder rec;
    rec.attach(goro::Tracer::Writers::One);
    for (int i = 0; i < 7; ++i) {
        goro::Event e = metric(i);
        rec.record(e);
    }
    ASSERT_EQ(rec.published(), 7U);
    rec.begin_batch();
    for (std::uint64_t i = 7; i < kSegment + 3; ++i) {
        goro::Event e = metric(static_cast<std::int64_t>(i));
        rec.record(e);
    }
    rec.end_batch();
    const std::vector<goro::Event> all = rec.events();
    ASSERT_EQ(all.size(), kSegment + 3);
    for (std::uint64_t i = 0; i < all.size(); ++i)
        ASSERT_EQ(metric_value(all[i]), static_cast<std::int64_t>(i));
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
