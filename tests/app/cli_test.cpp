// The command line: `gorama list`, `gorama run` and every kind of bad input (exit status 2, a
// clear message, no file written), and the Perfetto trace it writes.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "goro/chrome_trace.hpp"
#include "goro/event_format.hpp"
#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "run_options.hpp"
#include "scenarios/scenario.hpp"

namespace fs = std::filesystem;

namespace {

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

Outcome run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Outcome o;
    o.status = gorama::run_command(args, out, err);
    o.out = out.str();
    o.err = err.str();
    return o;
}

class TempDir {
  public:
    TempDir() {
        m_path =
            fs::temp_directory_path() /
            ("gorama-cli-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(m_path), {}));
    }

  private:
    fs::path m_path;
};

TEST(CliList, ShowsEveryScenarioWithItsParametersRangesAndDefaults) {
    std::ostringstream out;
    EXPECT_EQ(gorama::list_command(out), 0);
    const std::string text = out.str();
    EXPECT_NE(text.find("worker-pool - Worker pool"), std::string::npos);
    EXPECT_NE(text.find("workers"), std::string::npos);
    EXPECT_NE(text.find("1 to 32, default 3 (live)"), std::string::npos);
    EXPECT_NE(text.find("queue_size"), std::string::npos);
    EXPECT_NE(text.find("(restart)"), std::string::npos);
}

TEST(CliRun, PrintsASummaryOfTheMetrics) {
    const Outcome o = run({"worker-pool", "--for", "5s", "--set", "workers=4"});
    EXPECT_EQ(o.status, 0) << o.err;
    EXPECT_NE(o.out.find("throughput: "), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("latency: p50 "), std::string::npos);
    EXPECT_NE(o.out.find("channel tasks (cap 5)"), std::string::npos);
    EXPECT_NE(o.out.find("utilisation worker 4"), std::string::npos);
}

// --log tells every scenario's run, not only those that make notes: a line per event the canvas
// shows, in order, with plumbing (the settings ticker) left out.
TEST(CliRun, LogTellsWhatEachGoroutineDidInEveryScenario) {
    for (const gorama::Scenario* s : gorama::all_scenarios()) {
        const std::string name = s->info().name;
        const Outcome o = run({name, "--for", "2s", "--log"});
        EXPECT_TRUE(o.status == 0 || o.status == 1) << name << ": " << o.err;
        EXPECT_NE(o.out.find("  t=0s  main starts\n"), std::string::npos) << name << o.out;
        std::istringstream lines(o.out);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with("  t=")) {
                EXPECT_EQ(line.find("settings"), std::string::npos) << name << ": " << line;
            }
    }
    const Outcome pool = run({"worker-pool", "--for", "1s", "--log"});
    const std::size_t start = pool.out.find("main starts worker 1");
    const std::size_t recv = pool.out.find("worker 1 receives #1 from tasks");
    EXPECT_NE(start, std::string::npos) << pool.out;
    EXPECT_NE(recv, std::string::npos) << pool.out;
    EXPECT_LT(start, recv);
}

TEST(CliRun, TheSameSeedGivesTheSameSummary) {
    const Outcome a = run({"worker-pool", "--for", "5s", "--seed", "9"});
    const Outcome b = run({"worker-pool", "--for", "5s", "--seed", "9"});
    EXPECT_EQ(a.out, b.out);
}

struct BadInput {
    std::vector<std::string> args;
    std::string message;
};

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, IsRefusedWithStatus2AndAClearMessage) {
    const Outcome o = run(GetParam().args);
    EXPECT_EQ(o.status, 2);
    EXPECT_NE(o.err.find(GetParam().message), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "");  // nothing ran
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBadInput,
    ::testing::Values(
        BadInput{{}, "run needs a scenario name"},
        BadInput{{"no-such-pattern"}, "no scenario named 'no-such-pattern'"},
        BadInput{{"worker-pool", "--set", "wrkers=3"}, "no parameter named 'wrkers'"},
        BadInput{{"worker-pool", "--set", "workers=99"}, "workers must be from 1 to 32, not 99"},
        BadInput{{"worker-pool", "--set", "workers=two"}, "workers takes a whole number"},
        BadInput{{"worker-pool", "--set", "workers=2.5"}, "workers takes a whole number"},
        BadInput{{"worker-pool", "--set", "work_time=fast"}, "work_time takes a duration"},
        BadInput{{"worker-pool", "--set", "stop=maybe"}, "stop takes true or false"},
        BadInput{{"worker-pool", "--set", "workers"}, "expected NAME=VALUE"},
        BadInput{{"worker-pool", "--seed", "-1"}, "--seed takes a whole number"},
        BadInput{{"worker-pool", "--mode", "fast"}, "--mode takes deterministic or parallel"},
        BadInput{{"worker-pool", "--for", "soon"}, "--for takes a duration"},
        BadInput{{"worker-pool", "--for"}, "--for needs a value"},
        BadInput{{"worker-pool", "--colour"}, "unknown option '--colour'"}));

TEST(CliRun, AFileThatCannotBeWrittenGivesStatus2AndWritesNothing) {
    TempDir dir;
    const std::string missing = dir.file("no/such/dir/trace.json");
    const Outcome o = run({"worker-pool", "--for", "1s", "--trace", missing});
    EXPECT_EQ(o.status, 2);
    EXPECT_NE(o.err.find("cannot write " + missing), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(missing));
    EXPECT_EQ(dir.entries(), 0U);
}

TEST(CliRun, AFailedWriteDestroysNothingAndLeavesNoTemporaryFile) {
    TempDir dir;
    // The target is a directory holding a file: the rename over it fails (also for root), after
    // the whole trace has been written to the temporary file.
    const std::string target = dir.file("trace.json");
    fs::create_directories(target);
    { std::ofstream(target + "/keep.txt") << "precious"; }
    const Outcome o = run({"worker-pool", "--for", "1s", "--trace", target});
    EXPECT_EQ(o.status, 2);
    EXPECT_NE(o.err.find("cannot write " + target), std::string::npos) << o.err;
    std::ifstream in(target + "/keep.txt");
    const std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "precious");
    EXPECT_EQ(dir.entries(), 1U);  // the directory only: the temporary file is gone
}

// --- A small JSON reader: enough to check that the trace is valid JSON -----------------------

struct Json {
    enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
    double number = 0;
    std::string text;
    std::vector<Json> items;
    std::map<std::string, Json> fields;
    const Json& operator[](const std::string& k) const {
        static const Json none;
        auto it = fields.find(k);
        return it == fields.end() ? none : it->second;
    }
};

class JsonParser {
  public:
    explicit JsonParser(const std::string& s) : m_s(s) {}
    bool parse(Json& out) {
        if (!value(out)) return false;
        ws();
        return m_i == m_s.size();
    }

  private:
    void ws() {
        while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i])))
            ++m_i;
    }
    bool lit(const char* word) {
        const std::string w(word);
        if (m_s.compare(m_i, w.size(), w) != 0) return false;
        m_i += w.size();
        return true;
    }
    bool string(std::string& out) {
        if (m_s[m_i] != '"') return false;
        for (++m_i; m_i < m_s.size(); ++m_i) {
            const char c = m_s[m_i];
            if (c == '"') {
                ++m_i;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c == '\\') {
                if (++m_i >= m_s.size()) return false;
                const char e = m_s[m_i];
                if (e == 'u') {
                    if (m_i + 4 >= m_s.size()) return false;
                    m_i += 4;
                    continue;
                }
                if (std::string("\"\\/bfnrt").find(e) == std::string::npos) return false;
                out += e == 'n' ? '\n' : e;
                continue;
            }
            out += c;
        }
        return false;
    }
    // Reads the comma-separated elements of an object or array up to its `close` bracket (the
    // opening one already read), each with `element`; false when one is malformed.
    template <class Element>
    bool elements(char close, Element element) {
        ws();
        if (m_s[m_i] == close) return ++m_i, true;
        for (;;) {
            ws();
            if (!element()) return false;
            ws();
            if (m_s[m_i] == ',') {
                ++m_i;
                continue;
            }
            return m_s[m_i++] == close;
        }
    }
    bool value(Json& v) {
        ws();
        if (m_i >= m_s.size()) return false;
        const char c = m_s[m_i];
        if (c == '{') {
            v.kind = Json::Object;
            ++m_i;
            return elements('}', [&] {
                std::string key;
                if (!string(key)) return false;
                ws();
                if (m_s[m_i++] != ':') return false;
                return value(v.fields[key]);
            });
        }
        if (c == '[') {
            v.kind = Json::Array;
            ++m_i;
            return elements(']', [&] { return value(v.items.emplace_back()); });
        }
        if (c == '"') {
            v.kind = Json::String;
            return string(v.text);
        }
        if (lit("true") || lit("false")) return v.kind = Json::Bool, true;
        if (lit("null")) return true;
        std::size_t used = 0;
        try {
            v.number = std::stod(m_s.substr(m_i, 32), &used);
        } catch (...) {
            return false;
        }
        v.kind = Json::Number;
        m_i += used;
        return used > 0;
    }

    const std::string& m_s;
    std::size_t m_i = 0;
};

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(CliRun, StreamedOutputsAreTheWholeRunWritersBytes) {
    // Over a million events in 1.5 virtual seconds: more than the run keeps at once
    // (run_command.cpp, EventStream::kMaxLag), so the engine is held and events are freed on
    // the way. The outputs must be what the writers give over the whole run kept in memory.
    const std::vector<std::string> sets = {"workers=32", "submit_interval=0ms", "work_time=1ms",
                                           "jitter=0.3"};
    TempDir dir;
    std::vector<std::string> args = {"worker-pool", "--for", "1.5s", "--seed", "5"};
    args.insert(args.end(), {"--trace", dir.file("t.json"), "--events", dir.file("e.jsonl")});
    args.insert(args.end(), {"--csv", dir.file("c.csv")});
    for (const std::string& set : sets) {
        args.push_back("--set");
        args.push_back(set);
    }
    const Outcome o = run(args);
    ASSERT_EQ(o.status, 0) << o.err;

    goro::Recorder recorder;
    goro::RuntimeOptions ro;
    ro.seed = 5;
    ro.tracer = &recorder;
    goro::Runtime rt(ro);
    const gorama::Scenario* scenario = gorama::find_scenario("worker-pool");
    ASSERT_NE(scenario, nullptr);
    std::string error;
    auto params = gorama::make_params(*scenario, sets, error);
    ASSERT_NE(params, nullptr) << error;
    scenario->start(rt, params);
    rt.run_for(std::chrono::milliseconds(1500));
    ASSERT_GT(recorder.published(), 1'100'000u);
    std::ostringstream trace, events, csv;
    goro::write_chrome_trace(trace, recorder, scenario->info().title);
    goro::write_events_jsonl(events, recorder);
    goro::compute_metrics(recorder).write_csv(csv);
    EXPECT_TRUE(file_text(dir.file("t.json")) == trace.str());
    EXPECT_TRUE(file_text(dir.file("e.jsonl")) == events.str());
    EXPECT_EQ(file_text(dir.file("c.csv")), csv.str());
    // The summary's figures are the whole run's.
    const goro::Metrics m = goro::compute_metrics(recorder);
    EXPECT_NE(o.out.find("(" + std::to_string(m.completed()) + " completed)"), std::string::npos)
        << o.out;
}

TEST(CliRun, TraceIsChromeTraceEventJsonWithAFlowForEachHandOff) {
    TempDir dir;
    const std::string trace = dir.file("trace.json");
    const std::string events = dir.file("events.jsonl");
    const std::string csv = dir.file("metrics.csv");
    const Outcome o =
        run({"worker-pool", "--for", "3s", "--trace", trace, "--events", events, "--csv", csv});
    ASSERT_EQ(o.status, 0) << o.err;
    std::ifstream in(trace);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    Json root;
    ASSERT_TRUE(JsonParser(text).parse(root)) << "not valid JSON";
    const Json& list = root["traceEvents"];
    ASSERT_EQ(list.kind, Json::Array);
    std::set<std::string> threads;
    std::map<double, int> flow_starts, flow_ends;
    int slices = 0, counters = 0;
    for (const Json& e : list.items) {
        const std::string ph = e["ph"].text;
        ASSERT_FALSE(ph.empty());
        EXPECT_EQ(e["pid"].kind, Json::Number);
        if (ph == "M" && e["name"].text == "thread_name") threads.insert(e["args"]["name"].text);
        if (ph == "X") {
            ++slices;
            EXPECT_GE(e["dur"].number, 0);
        }
        if (ph == "C") ++counters;
        if (ph == "s") ++flow_starts[e["id"].number];
        if (ph == "f") ++flow_ends[e["id"].number];
    }
    EXPECT_TRUE(threads.count("worker 1"));
    EXPECT_TRUE(threads.count("submitter"));
    EXPECT_GT(slices, 0);
    EXPECT_GT(counters, 0);
    // Every value that was received was sent: each flow end has its start, one each.
    ASSERT_FALSE(flow_ends.empty());
    for (const auto& [id, n] : flow_ends) {
        EXPECT_EQ(n, 1);
        EXPECT_EQ(flow_starts[id], 1) << "flow " << id << " ends without a start";
    }
    // And every line of the event log is a JSON object.
    std::ifstream lines(events);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        Json e;
        ASSERT_TRUE(JsonParser(line).parse(e)) << line;
        ++count;
    }
    EXPECT_GT(count, 100);
    std::ifstream metrics(csv);
    std::getline(metrics, line);
    EXPECT_EQ(line.rfind("start_s,end_s,completed,throughput_per_s", 0), 0U) << line;
}

}  // namespace

TEST(CliList, ColumnsNeverRunTogether) {
    // "Fix: the sender closes" is longer than the old fixed column: it ran into "false to true".
    std::ostringstream out;
    ASSERT_EQ(gorama::list_command(out), 0);
    const std::string text = out.str();
    for (const gorama::Scenario* s : gorama::all_scenarios()) {
        for (const gorama::ParamSpec& p : s->info().params) {
            EXPECT_NE(text.find(" " + p.name + "  "), std::string::npos) << p.name;
            EXPECT_NE(text.find(p.label + "  "), std::string::npos) << p.label;
        }
    }
}

TEST(CliRun, TheSummaryTellsTheTruthAboutChannelsWorkAndTime) {
    // Mean depth never above max, even for a channel collected while it held a value.
    for (const char* name : {"select-default", "context-timeout-retry"}) {
        const Outcome o = run({name});
        ASSERT_EQ(o.status, 0) << o.err;
        std::istringstream lines(o.out);
        for (std::string line; std::getline(lines, line);) {
            const auto mean = line.find("mean depth ");
            if (line.rfind("channel ", 0) != 0 || mean == std::string::npos) continue;
            const double m = std::stod(line.substr(mean + 11));
            const double max = std::stod(line.substr(line.find(", max ") + 6));
            EXPECT_LE(m, max) << line;
        }
        // A reply channel per request and a time.After per wait: one line per kind.
        if (std::string(name) == "select-default") {
            EXPECT_NE(o.out.find("channel slow * ("), std::string::npos) << o.out;
            EXPECT_EQ(o.out.find("channel slow 2 "), std::string::npos) << o.out;
            EXPECT_EQ(o.out.find("channel time.After (cap"), std::string::npos) << o.out;
        }
    }
    // fan-out's workers work on a timer in a select, at a work site: busy, not 0%.
    const Outcome fan = run({"fan-out-fan-in"});
    ASSERT_EQ(fan.status, 0) << fan.err;
    const auto at = fan.out.find("utilisation worker 1: ");
    ASSERT_NE(at, std::string::npos) << fan.out;
    EXPECT_GT(std::stod(fan.out.substr(at + 22)), 50.0) << fan.out;
    // A run that ends at t=0 has no rate to print.
    const Outcome instant =
        run({"close-and-range", "--set", "work_time=0", "--set", "send_interval=0"});
    ASSERT_EQ(instant.status, 0) << instant.err;
    EXPECT_NE(instant.out.find("ended: completed at t=0s"), std::string::npos) << instant.out;
    EXPECT_EQ(instant.out.find("throughput: 0/s"), std::string::npos) << instant.out;
    EXPECT_NE(instant.out.find("no time passed"), std::string::npos) << instant.out;
}
