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
#include "scenarios/scenario.hpp"

namespace gorama {
namespace {

struct RunOptions {
    const Scenario* scenario = nullptr;
    std::vector<std::string> sets;
    std::uint64_t seed = 1;
    goro::Mode mode = goro::Mode::Deterministic;
    double for_ms = 10000;
    double speed = 1.0;
    std::string trace, events, csv;
    bool log = false;  // print the goroutines' annotations as they happened
};

const ParamSpec kForSpec{"--for", "", ParamKind::Duration, "", 1e-3, 86400e3, 10000, false, {}, ""};

std::string ms_text(double ms) {
    return format_value(kForSpec, ms);
}

// Parses the arguments after "run"; returns nullopt with a message on any bad input.
std::optional<RunOptions> parse(const std::vector<std::string>& args, std::string& error) {
    RunOptions o;
    if (args.empty()) {
        error = "run needs a scenario name (see 'gorama list')";
        return std::nullopt;
    }
    o.scenario = find_scenario(args[0]);
    if (!o.scenario) {
        error = "no scenario named '" + args[0] + "' (see 'gorama list')";
        return std::nullopt;
    }
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& flag = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                error = flag + " needs a value";
                return std::nullopt;
            }
            return args[++i];
        };
        if (flag == "--set") {
            auto v = value();
            if (!v) return std::nullopt;
            o.sets.push_back(*v);
        } else if (flag == "--seed") {
            auto v = value();
            if (!v) return std::nullopt;
            char* end = nullptr;
            errno = 0;
            const unsigned long long seed = std::strtoull(v->c_str(), &end, 10);
            if (v->empty() || *end != '\0' || errno != 0 || (*v)[0] == '-') {
                error =
                    "--seed takes a whole number from 0 to 18446744073709551615, not '" + *v + "'";
                return std::nullopt;
            }
            o.seed = seed;
        } else if (flag == "--mode") {
            auto v = value();
            if (!v) return std::nullopt;
            if (*v == "deterministic") {
                o.mode = goro::Mode::Deterministic;
            } else if (*v == "parallel") {
                o.mode = goro::Mode::Parallel;
            } else {
                error = "--mode takes deterministic or parallel, not '" + *v + "'";
                return std::nullopt;
            }
        } else if (flag == "--for") {
            auto v = value();
            if (!v) return std::nullopt;
            auto ms = parse_value(kForSpec, *v, error);
            if (!ms) return std::nullopt;
            o.for_ms = *ms;
        } else if (flag == "--speed") {
            auto v = value();
            if (!v) return std::nullopt;
            const ParamSpec spec{"--speed", "", ParamKind::Real, "", 0.01, 1000, 1, false, {}, ""};
            auto s = parse_value(spec, *v, error);
            if (!s) return std::nullopt;
            o.speed = *s;
        } else if (flag == "--log") {
            o.log = true;
        } else if (flag == "--trace" || flag == "--events" || flag == "--csv") {
            auto v = value();
            if (!v) return std::nullopt;
            (flag == "--trace" ? o.trace : flag == "--events" ? o.events : o.csv) = *v;
        } else {
            error = "unknown option '" + flag + "'";
            return std::nullopt;
        }
    }
    return o;
}

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
    out << info.title << " (" << info.name << ") on the "
        << (o.mode == goro::Mode::Deterministic ? "deterministic" : "parallel") << " runtime, seed "
        << o.seed << "\n";
    if (r.finished()) {
        out << "ended: " << goro::run_status_text(r.status) << " at t=" << seconds(r.time.count())
            << "\n";
    } else {
        out << "ran for " << ms_text(o.for_ms) << " (still running; stopped there)\n";
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
    const auto o = parse(args, error);
    if (!o) {
        err << "gorama run: " << error << '\n';
        return 2;
    }
    auto params = std::make_shared<Params>(o->scenario->info().params);
    for (const std::string& assignment : o->sets) {
        if (!params->set_text(assignment, error)) {
            err << "gorama run: " << error << '\n';
            return 2;
        }
    }
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
    if (o->log) print_log(out, recorder);
    print_summary(out, *o, r, metrics);

    struct Output {
        const std::string& path;
        std::function<void(std::ostream&)> write;
    };
    const Output outputs[] = {
        {o->trace,
         [&](std::ostream& s) {
             goro::write_chrome_trace(s, recorder, o->scenario->info().title);
         }},
        {o->events, [&](std::ostream& s) { goro::write_events_jsonl(s, recorder); }},
        {o->csv, [&](std::ostream& s) { metrics.write_csv(s); }},
    };
    for (const Output& output : outputs) {
        if (output.path.empty()) continue;
        if (!goro::write_file_atomically(output.path, output.write, error)) {
            err << "gorama run: " << error << '\n';
            return 2;
        }
        out << "wrote " << output.path << '\n';
    }
    return 0;
}

}  // namespace gorama
