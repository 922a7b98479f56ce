// gorama run SCENARIO [--set NAME=VALUE ...] [--seed N] [--mode deterministic|parallel]
//                     [--for DURATION] [--speed X] [--trace FILE.json] [--events FILE.jsonl]
//                     [--csv FILE.csv]
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <iomanip>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "goro/atomic_file.hpp"
#include "goro/chrome_trace.hpp"
#include "goro/event_format.hpp"
#include "goro/explain.hpp"
#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"
#include "model/caption.hpp"
#include "run_options.hpp"
#include "scenarios/run_spec.hpp"
#include "scenarios/scenario.hpp"

namespace gorama {
namespace {

std::string seconds(std::int64_t ns) {
    std::ostringstream s;
    s << std::setprecision(4) << static_cast<double>(ns) / 1e9 << "s";
    return s.str();
}

std::string latency_text(std::int64_t ns) {
    std::ostringstream s;
    if (ns < 0) return "-";
    s << std::setprecision(4) << static_cast<double>(ns) / 1e6 << "ms";
    return s.str();
}

// One annotation a goroutine made ("worker 1 started job 1"), with its time, as --log prints it.
void print_annotation(std::ostream& out, const goro::Event& e, std::string_view text) {
    out << "  t=" << seconds(e.time) << "  " << text << '\n';
}

// Takes a run's events while the engine records them, on a thread of its own, into every
// consumer at once (the metrics, the --log lines, the --trace and --events streams), and frees
// them from the recorder as soon as they are taken: a run of any length holds at most about
// kMaxLag events. When the engine gets more than kMaxLag events ahead, its clock is held
// (Runtime::pause(), as the window holds it) until this thread has caught up to a quarter of
// that; the run's semantics do not change, only how fast its clock runs.
//
// The engine's thread runs the runtime with run(): the recorder, runtime and streams must
// outlive finish(), and nothing else reads the recorder until then.
class EventStream {
  public:
    static constexpr std::uint64_t kMaxLag = 1u << 20;
    static constexpr std::size_t kBatch = 1u << 14;

    struct Sinks {
        goro::Metrics* metrics = nullptr;
        // --log: a line for each event the canvas shows (its caption, plumbing left out) and
        // each note the scenario makes; the roles say what is plumbing.
        std::ostream* log = nullptr;
        const std::vector<gorama::RoleSpec>* roles = nullptr;
        std::span<const goro::SiteId> work_sites{};  // sleeps there are work: "works for"
        goro::ChromeTraceWriter* trace = nullptr;
        std::ostream* events = nullptr;  // --events: JSON lines
    };

    EventStream(goro::Runtime& rt, goro::Recorder& recorder, Sinks sinks)
        : m_rt(rt), m_recorder(recorder), m_sinks(sinks), m_thread([this] { take_all(); }) {}
    ~EventStream() {
        if (!m_thread.joinable()) return;
        {
            std::lock_guard lock(m_mu);
            m_done = true;
        }
        m_thread.join();  // an exception here is already on its way: the thread's is dropped
    }
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Runs the engine until `until`, or until the run ends, however often the stream holds it.
    goro::RunResult run(goro::Time until) {
        for (;;) {
            const goro::RunResult r = m_rt.run_until(until);
            if (r.finished() || m_rt.now() >= until) return r;
            // Deterministic: held (Runtime::pause() ends run_until()); go on once let go.
            std::unique_lock lock(m_mu);
            m_cv.wait(lock, [&] { return !m_held; });
        }
    }

    // Takes the events still unread (the engine has returned) and ends the thread. Returns the
    // time of the last event; rethrows what the thread threw.
    std::int64_t finish() {
        {
            std::lock_guard lock(m_mu);
            m_done = true;
        }
        m_thread.join();
        if (m_error) std::rethrow_exception(m_error);
        return m_last;
    }

  private:
    void take(const goro::Event& e) {
        const std::string_view text = m_recorder.text(e.text);
        m_last = e.time;
        if (m_sinks.metrics) m_sinks.metrics->apply(e, text);
        if (m_sinks.log) log(e, text);
        if (m_sinks.trace) m_sinks.trace->add(e, text);
        if (m_sinks.events) *m_sinks.events << goro::event_to_json(e, m_recorder) << '\n';
    }

    // Told against the fold before the event, as the canvas's caption is.
    void log(const goro::Event& e, std::string_view text) {
        const gorama::ui::CaptionScope scope{m_sinks.roles, false, m_sinks.work_sites};
        if (e.kind == goro::EventKind::Annotate) {
            print_annotation(*m_sinks.log, e, text);
        } else if (gorama::ui::changes_picture(e, m_world, text, scope)) {
            *m_sinks.log << "  t=" << seconds(e.time) << "  "
                         << gorama::ui::caption_of(e, m_world, text, scope) << '\n';
        }
        m_world.apply(e, text);
    }

    void hold(bool on) {
        std::lock_guard lock(m_mu);
        if (on) {
            m_rt.pause();  // again while behind: a deterministic run_until() may have cleared it
        } else if (m_held) {
            m_rt.resume();
        }
        m_held = on;
        if (!on) m_cv.notify_all();
    }

    void take_all() {
        try {
            std::vector<goro::Event> batch;
            batch.reserve(kBatch);
            std::uint64_t cursor = 0;
            for (;;) {
                bool done;
                {
                    std::lock_guard lock(m_mu);
                    done = m_done;
                }
                batch.clear();
                m_recorder.drain(cursor, batch, kBatch);
                for (const goro::Event& e : batch)
                    take(e);
                m_recorder.discard_before(cursor);
                const std::uint64_t lag = m_recorder.published() - cursor;
                if (lag > kMaxLag) {
                    hold(true);
                } else if (m_held && lag < kMaxLag / 4) {
                    hold(false);
                }
                if (batch.empty()) {
                    if (done) break;  // the engine had returned before this empty look
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
            }
        } catch (...) {
            m_error = std::current_exception();
            hold(false);  // never leave the engine waiting for a thread that is gone
        }
    }

    goro::Runtime& m_rt;
    goro::Recorder& m_recorder;
    Sinks m_sinks;
    std::mutex m_mu;
    std::condition_variable m_cv;
    bool m_held = false;  // under m_mu
    bool m_done = false;  // under m_mu: the engine has returned
    std::int64_t m_last = 0;
    goro::WorldState m_world;  // --log: the fold its captions are told against (this thread's)
    std::exception_ptr m_error;
    std::thread m_thread;  // last: starts once every member above is ready
};

void print_summary(std::ostream& out, const RunOptions& o, const goro::RunResult& r,
                   const goro::Metrics& m) {
    const ScenarioInfo& info = o.scenario->info();
    out << info.title << " (" << info.name << ") on the " << run_spec::mode_name(o.mode)
        << " runtime, seed " << o.seed << "\n";
    if (r.finished()) {
        out << "ended: " << goro::run_status_text(r.status) << " at t=" << seconds(r.time.count())
            << "\n";
    } else {
        out << "ran for " << duration_text(o.for_ms) << " (still running; stopped there)\n";
    }
    if (m.elapsed() > 0) {
        out << "throughput: " << std::setprecision(4) << m.throughput_per_second() << "/s ("
            << m.completed() << " completed)\n";
    } else {
        out << "throughput: - (" << m.completed() << " completed, but no time passed: the run "
            << "ended at t=0)\n";
    }
    if (m.latency_count() > 0) {
        out << "latency: p50 " << latency_text(m.latency_percentile(50)) << ", p95 "
            << latency_text(m.latency_percentile(95)) << ", p99 "
            << latency_text(m.latency_percentile(99)) << " (" << m.latency_count() << " samples)\n";
    }
    if (!m.counters().empty()) {
        out << "counts:";
        for (const auto& [name, v] : m.counters())
            out << ' ' << name << '=' << v;
        out << '\n';
    }
    // Short-lived channels of one kind (a time.After, a reply channel per request): one line.
    for (const goro::ChannelGroup& c : goro::channel_summary(m.channels())) {
        out << "channel " << c.name << " (";
        if (c.channels > 1) out << c.channels << " made, ";
        out << "cap " << c.cap << (c.channels > 1 ? " each" : "") << "): " << c.values
            << " values, mean depth " << std::setprecision(3) << c.mean_depth << ", max "
            << c.max_depth << '\n';
    }
    const auto& w = m.windows();
    if (!w.empty()) {
        out << "goroutines at the end: " << w.back().running << " running, " << w.back().runnable
            << " runnable, " << w.back().blocked << " blocked, " << w.back().finished
            << " finished\n";
    }
    // Working: running, or in a sleep or select the scenario marks as its work.
    const std::vector<goro::SiteId> work_sites = info.work_site_ids();
    for (const goro::GoroutineUse& g : m.goroutines()) {
        if (g.name.rfind("worker", 0) != 0) continue;
        out << "utilisation " << g.name << ": " << std::setprecision(3)
            << 100 * g.utilisation(work_sites) << "%\n";
    }
    for (const std::string& line : goro::explain(r))
        out << line << '\n';
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string error;
    const auto o = parse_run_options(Command::Run, args, error);
    auto params = o ? make_params(*o->scenario, o->sets, error) : nullptr;
    if (!params) {
        err << "gorama run: " << error << '\n';
        return 2;
    }
    // Every output is checked, and its temporary made, before the run: a bad one costs no run,
    // and a signal from here on leaves no temporary behind (goro/atomic_file.hpp).
    goro::OutputSet files;
    struct Output {
        const std::string& path;
        std::string_view flag;
        std::ostream* stream = nullptr;
    };
    Output outputs[] = {{o->trace, "--trace"}, {o->events, "--events"}, {o->csv, "--csv"}};
    bool to_stdout = false;  // an output is "-": the summary goes to `err` instead
    for (Output& output : outputs) {
        if (output.path.empty()) continue;
        if (output.path == "-") to_stdout = true;
        output.stream = files.add(output.path, output.flag, error);
        if (!output.stream) {
            err << "gorama run: " << error << '\n';
            return 2;
        }
    }
    std::ostream& text = to_stdout ? err : out;

    goro::Recorder recorder;
    goro::RuntimeOptions ro;
    ro.mode = o->mode;
    ro.seed = o->seed;
    ro.speed = o->speed;
    ro.tracer = &recorder;
    goro::Runtime rt(ro);
    o->scenario->start(rt, params);
    // The outputs are written while the run goes on; the run is never held whole.
    // Latencies: percentiles over the whole run from a fixed-size histogram once more than
    // kRunLatenciesKept (8 MB) have been seen; windows (the CSV's rows) and collected channels
    // (the summary's counts) are all kept.
    constexpr std::size_t kRunLatenciesKept = std::size_t{1} << 20;
    goro::Metrics metrics;
    metrics.set_limits(0, kRunLatenciesKept, 0);
    std::optional<goro::ChromeTraceWriter> trace;
    if (outputs[0].stream) trace.emplace(*outputs[0].stream, o->scenario->info().title);
    const std::vector<goro::SiteId> work_sites = o->scenario->info().work_site_ids();
    EventStream stream(rt, recorder,
                       {.metrics = &metrics,
                        .log = o->log ? &text : nullptr,
                        .roles = &o->scenario->info().roles,
                        .work_sites = work_sites,
                        .trace = trace ? &*trace : nullptr,
                        .events = outputs[1].stream});
    const goro::Duration span(static_cast<std::int64_t>(o->for_ms * 1e6));
    const goro::Time start = rt.now();
    const goro::RunResult r =
        stream.run(span >= goro::Time::max() - start ? goro::Time::max() : start + span);
    metrics.finish(stream.finish());
    if (o->log) text << '\n';
    print_summary(text, *o, r, metrics);

    if (trace) trace->finish();
    if (outputs[2].stream) metrics.write_csv(*outputs[2].stream);
    if (!files.commit(error)) {
        err << "gorama run: " << error << " (no file was replaced)\n";
        return 1;
    }
    for (const Output& output : outputs) {
        if (output.stream && output.path != "-") text << "wrote " << output.path << '\n';
    }
    return 0;
}

}  // namespace gorama
