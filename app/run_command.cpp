// gorama run SCENARIO [--set NAME=VALUE ...] [--seed N] [--mode deterministic|parallel]
//                     [--for DURATION] [--speed X] [--trace FILE.json] [--events FILE.jsonl]
//                     [--csv FILE.csv]
#include <cstdlib>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>

#include "commands.hpp"
#include "goro/atomic_file.hpp"
#include "goro/chrome_trace.hpp"
#include "goro/event_format.hpp"
#include "goro/explain.hpp"
#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
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

// The annotations goroutines made ("worker 1 started job 1"), with their times.
void print_log(std::ostream& out, const goro::Recorder& recorder) {
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = 0; i < n; ++i) {
        const goro::Event& e = recorder.at(i);
        if (e.kind != goro::EventKind::Annotate) continue;
        out << "  t=" << seconds(e.time) << "  " << recorder.text(e.text) << '\n';
    }
    out << '\n';
}

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
    out << "throughput: " << std::setprecision(4) << m.throughput_per_second() << "/s ("
        << m.completed() << " completed)\n";
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
    for (const goro::ChannelStats& c : m.channels()) {
        out << "channel " << c.name << " (cap " << c.cap << "): " << c.values
            << " values, mean depth " << std::setprecision(3) << c.mean_depth << ", max "
            << c.max_depth << '\n';
    }
    const auto& w = m.windows();
    if (!w.empty()) {
        out << "goroutines at the end: " << w.back().running << " running, " << w.back().runnable
            << " runnable, " << w.back().blocked << " blocked, " << w.back().finished
            << " finished\n";
    }
    for (const goro::GoroutineUse& g : m.goroutines()) {
        if (g.name.rfind("worker", 0) != 0) continue;
        out << "utilisation " << g.name << ": " << std::setprecision(3) << 100 * g.utilisation()
            << "%\n";
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
    const goro::RunResult r =
        rt.run_for(goro::Duration(static_cast<std::int64_t>(o->for_ms * 1e6)));
    goro::Metrics metrics = goro::compute_metrics(recorder);
    if (o->log) print_log(text, recorder);
    print_summary(text, *o, r, metrics);

    if (outputs[0].stream)
        goro::write_chrome_trace(*outputs[0].stream, recorder, o->scenario->info().title);
    if (outputs[1].stream) goro::write_events_jsonl(*outputs[1].stream, recorder);
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
