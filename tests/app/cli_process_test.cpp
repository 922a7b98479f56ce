// The gorama program run as a child process, as a careless or hostile user would: a table of odd
// command lines, settings files and output paths, each refused (status 2, a message naming the
// flag) or taken (status 0) without touching any file; signals during a run and while writing,
// which must leave no temporary behind; no display; a full standard output. Devices are made
// with mknod in a temporary folder, never taken from /dev (the tests run as root). No assertion
// depends on timing: a child that does not end within a generous bound fails as hung.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

#ifndef GORAMA_BINARY
#error "GORAMA_BINARY is the path of the gorama program (tests/app/CMakeLists.txt)"
#endif

namespace {

constexpr auto kHung = 120s;  // far beyond any case's need: only a hang reaches it

struct Outcome {
    int status = -1;  // the exit status, or 128 + the signal that ended it
    std::string err;
};

// Environment changes for a child: "NAME=VALUE" sets, "NAME" alone unsets.
using Env = std::vector<std::string>;

class Child {
  public:
    // Starts gorama with `args`; its stdout goes to `out` ("" for a log file), stderr to a log.
    Child(const std::vector<std::string>& args, const Env& env, const std::string& out,
          const std::string& err_log) {
        const std::string out_path = out.empty() ? err_log + ".out" : out;
        m_pid = ::fork();
        if (m_pid != 0) return;
        for (const std::string& e : env) {
            const auto eq = e.find('=');
            if (eq == std::string::npos) {
                ::unsetenv(e.c_str());
            } else {
                ::setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
            }
        }
        const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int r = ::open(err_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || r < 0) ::_exit(127);
        ::dup2(o, 1);
        ::dup2(r, 2);
        std::vector<char*> argv{const_cast<char*>(GORAMA_BINARY)};
        for (const std::string& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(GORAMA_BINARY, argv.data());
        ::_exit(127);
    }
    pid_t pid() const { return m_pid; }
    // Waits for the end; -1 if it had to be killed as hung.
    int wait() {
        const auto deadline = std::chrono::steady_clock::now() + kHung;
        int status = 0;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
                return -1;
            }
            std::this_thread::sleep_for(10ms);
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

  private:
    pid_t m_pid = -1;
};

std::string read_file(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Waits, within kHung, for `ready`; false if it never came.
template <class Ready>
bool wait_until(Ready ready) {
    const auto deadline = std::chrono::steady_clock::now() + kHung;
    while (!ready()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

class CliProcess : public ::testing::Test {
  protected:
    CliProcess() {
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '-');  // "Case/SIGINT" names one folder
        const std::string id = std::to_string(::getpid()) + "-" + name.substr(0, 60);
        m_work = fs::temp_directory_path() / ("gorama-work-" + id);
        m_logs = fs::temp_directory_path() / ("gorama-logs-" + id);
        for (const fs::path& p : {m_work, m_logs}) {
            fs::remove_all(p);
            fs::create_directories(p);
        }
    }
    ~CliProcess() override {
        fs::remove_all(m_work);
        fs::remove_all(m_logs);
    }

    std::string work(const std::string& name) const { return (m_work / name).string(); }

    Outcome run(const std::vector<std::string>& args, const Env& env = {},
                const std::string& out = "") {
        Child child(args, env, out, (m_logs / "err").string());
        Outcome o;
        o.status = child.wait();
        o.err = read_file((m_logs / "err").string());
        return o;
    }

    std::size_t temps() const {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(m_work))
            n += e.path().filename().string().starts_with(".gorama-");
        return n;
    }

    bool mknod_char(const std::string& name, unsigned minor) const {
        return ::mknod(work(name).c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0;
    }

    // Every entry of the work folder: its type, mode, link target and content.
    std::map<std::string, std::string> snapshot() const {
        std::map<std::string, std::string> all;
        for (const auto& e : fs::recursive_directory_iterator(m_work)) {
            struct stat st {};
            ::lstat(e.path().c_str(), &st);
            std::string what = std::to_string(st.st_mode);
            if (S_ISLNK(st.st_mode)) what += " -> " + fs::read_symlink(e.path()).string();
            if (S_ISREG(st.st_mode)) what += " " + read_file(e.path().string());
            all[e.path().string()] = what;
        }
        return all;
    }

    fs::path m_work, m_logs;
};

struct Case {
    std::vector<std::string> args;  // "@name" stands for the work folder's file `name`
    int status;                     // 0 or 2
    std::string message;            // part of stderr (for 2)
};

// The abuse table. Every case leaves the work folder exactly as it was.
const Case kCases[] = {
    // Numbers, as Go's flag package reads them.
    {{"run", "intro", "--seed", " -1"}, 2, "--seed takes a whole number"},
    {{"run", "intro", "--seed", "-1"}, 2, "--seed takes a whole number"},
    {{"run", "intro", "--seed", "+3"}, 2, "without a sign"},
    {{"run", "intro", "--seed", "18446744073709551616"}, 2, "not '18446744073709551616'"},
    {{"run", "intro", "--seed", ""}, 2, "--seed takes"},
    {{"run", "intro", "--seed", "0x10"}, 0, ""},
    {{"run", "intro", "--seed", "1_000"}, 0, ""},
    {{"run", "intro", "--seed", "18446744073709551615"}, 0, ""},
    {{"run", "intro", "--speed", " 3"}, 2, "--speed takes a number"},
    {{"run", "intro", "--speed", "3x"}, 2, "--speed takes a number"},
    {{"run", "intro", "--speed", "inf"}, 2, "--speed must be from 0.1 to 100, not inf"},
    {{"run", "intro", "--speed", "NaN"}, 2, "--speed must be from 0.1 to 100, not nan"},
    {{"run", "intro", "--speed", "1e400"}, 2, "--speed takes a number"},
    {{"run", "intro", "--speed", "+3"}, 0, ""},
    {{"run", "intro", "--speed", "3."}, 0, ""},
    {{"run", "intro", "--speed", "0x1p3"}, 0, ""},
    {{"run", "intro", "--for", "250"}, 2, "--for takes a duration"},
    {{"run", "intro", "--for", " 1s"}, 2, "--for takes a duration"},
    {{"run", "intro", "--for", "-1s"}, 2, "--for must be from 1us to 24h"},
    {{"run", "intro", "--for", "25h"}, 2, "--for must be from 1us to 24h"},
    {{"run", "intro", "--for", "1m30s"}, 0, ""},
    {{"run", "intro", "--set", "workers= 2"}, 2, "--set workers= 2: workers takes a whole number"},
    {{"run", "intro", "--set", "workers=2.0"}, 2, "workers takes a whole number"},
    {{"run", "intro", "--set", "workers=0x2"}, 0, ""},
    {{"run", "worker-pool", "--set", "work_time=250"}, 2, "work_time takes a duration"},
    {{"run", "worker-pool", "--set", "jitter=0x1p-2"}, 0, ""},
    // Empty names and outputs that cannot be written there.
    {{"run", "intro", "--trace", ""}, 2, "--trace takes a file name"},
    {{"run", "intro", "--events", ""}, 2, "--events takes a file name"},
    {{"run", "intro", "--csv", ""}, 2, "--csv takes a file name"},
    {{"run", "intro", "--trace", "@dir"}, 2, "--trace: cannot write"},
    {{"run", "intro", "--csv", "@dlink"}, 2, "it is a folder"},
    {{"run", "intro", "--trace", "@new.json", "--events", "@no/such/e.jsonl", "--csv", "@c.csv"},
     2,
     "--events: cannot write"},
    {{"run", "intro", "--trace", "@old.json", "--csv", "@old.json"}, 2, "also the output of"},
    // Settings files (refused before any window is made).
    {{"--settings", "", "--screenshot", "@s.png"}, 2, "--settings takes a file name"},
    {{"--screenshot", "", "--after", "1s"}, 2, "--screenshot takes a file name"},
    {{"--after", "3", "--screenshot", "@s.png"}, 2, "--after takes a duration"},
    {{"--settings", "@fifo", "--screenshot", "@s.png"}, 2, "it is a named pipe"},
    {{"--settings", "@zero", "--screenshot", "@s.png"}, 2, "it is a character device"},
    {{"--settings", "@dir", "--screenshot", "@s.png"}, 2, "it is a folder"},
    {{"--settings", "@dlink", "--screenshot", "@s.png"}, 2, "it is a folder"},
    {{"--settings", "@big.json", "--screenshot", "@s.png"}, 2, "larger than 1024 KiB"},
    {{"--settings", "@mode3.json", "--screenshot", "@s.png"},
     2,
     "mode must be \"deterministic\" or \"parallel\", not 3"},
    {{"--settings", "@speed.json", "--screenshot", "@s.png"}, 2, "not \"fast\""},
    {{"--settings", "@nothere.json", "--screenshot", "@s.png"}, 2, "--settings: Cannot open"},
    {{"--settings", "@lesson.json", "--set", "workers=+0x2", "--screenshot", "@dir"},
     2,
     "--screenshot: cannot write"},
    // A comparison's B (refused before any window is made too).
    {{"worker-pool", "--compare", "workers=99", "--screenshot", "@s.png"},
     2,
     "--compare workers=99: workers must be from 1 to 32, not 99"},
    {{"worker-pool", "--compare", "", "--screenshot", "@s.png"}, 2, "--compare"},
    {{"worker-pool", "--compare", "colour=red", "--screenshot", "@s.png"}, 2, "colour"},
    {{"worker-pool", "--screenshot", "@s.png", "--compare"}, 2, "--compare needs a value"},
    {{"worker-pool", "--compare", "workers=6", "--screenshot", "@dir"},
     2,
     "--screenshot: cannot write"},
};

TEST_F(CliProcess, EveryOddInputIsTakenOrRefusedByNameAndTouchesNoFile) {
    ASSERT_EQ(::mkfifo(work("fifo").c_str(), 0600), 0);
    const bool devices = mknod_char("zero", 5);
    fs::create_directories(work("dir"));
    std::ofstream(work("dir/keep.txt")) << "precious";
    fs::create_symlink("dir", work("dlink"));
    std::ofstream(work("big.json")) << std::string(2 << 20, ' ');
    std::ofstream(work("mode3.json"))
        << R"({"gorama": "settings", "version": 1, "scenario": "intro", "mode": 3})";
    std::ofstream(work("speed.json"))
        << R"({"gorama": "settings", "version": 1, "scenario": "intro", "speed": "fast"})";
    std::ofstream(work("lesson.json"))
        << R"({"gorama": "settings", "version": 1, "scenario": "worker-pool"})";
    std::ofstream(work("old.json")) << "old";
    const auto before = snapshot();
    for (const Case& c : kCases) {
        std::vector<std::string> args;
        std::string shown;
        bool needs_device = false;
        for (const std::string& a : c.args) {
            needs_device |= a == "@zero";
            args.push_back(a.starts_with('@') ? work(a.substr(1)) : a);
            shown += " '" + a + "'";
        }
        if (needs_device && !devices) continue;
        const Outcome o = run(args, {"QT_QPA_PLATFORM=offscreen"});
        EXPECT_EQ(o.status, c.status) << shown << "\n" << o.err;
        if (c.status == 2) {
            EXPECT_NE(o.err.find(c.message), std::string::npos) << shown << "\n" << o.err;
            EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << shown << ": one line\n" << o.err;
        }
        EXPECT_EQ(snapshot(), before) << shown;
    }
}

// Outputs staged for a long run; the signal arrives while it runs.
class CliSignal : public CliProcess, public ::testing::WithParamInterface<int> {};

TEST_P(CliSignal, DuringTheRunRemovesEveryTemporaryAndReplacesNothing) {
    std::ofstream(work("t.json")) << "old trace";
    Child child({"run", "worker-pool", "--for", "1440m", "--trace", work("t.json"), "--events",
                 work("e.jsonl"), "--csv", work("m.csv")},
                {}, "", (m_logs / "err").string());
    ASSERT_TRUE(wait_until([&] { return temps() == 3; })) << "no temporaries appeared";
    ::kill(child.pid(), GetParam());
    EXPECT_EQ(child.wait(), 128 + GetParam());
    EXPECT_EQ(temps(), 0U);
    EXPECT_EQ(read_file(work("t.json")), "old trace");
    EXPECT_FALSE(fs::exists(work("e.jsonl")));
    EXPECT_FALSE(fs::exists(work("m.csv")));
}

TEST_P(CliSignal, WhileWritingRemovesEveryTemporaryAndReplacesNothing) {
    // --events goes to a named pipe this test reads one byte of and then leaves full: the run
    // has ended, the trace's temporary is written, and gorama is blocked writing the events when
    // the signal comes.
    std::ofstream(work("t.json")) << "old trace";
    ASSERT_EQ(::mkfifo(work("events").c_str(), 0600), 0);
    Child child({"run", "worker-pool", "--for", "60s", "--trace", work("t.json"), "--events",
                 work("events"), "--csv", work("m.csv")},
                {}, "", (m_logs / "err").string());
    const int pipe = ::open(work("events").c_str(), O_RDONLY);  // waits for gorama to open it
    ASSERT_GE(pipe, 0);
    char first = 0;
    ASSERT_EQ(::read(pipe, &first, 1), 1);  // the events are being written
    EXPECT_EQ(first, '{');
    EXPECT_EQ(temps(), 2U);  // the trace's and the CSV's
    ::kill(child.pid(), GetParam());
    EXPECT_EQ(child.wait(), 128 + GetParam());
    ::close(pipe);
    EXPECT_EQ(temps(), 0U);
    EXPECT_EQ(read_file(work("t.json")), "old trace");
    EXPECT_FALSE(fs::exists(work("m.csv")));
}

INSTANTIATE_TEST_SUITE_P(Signals, CliSignal, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) {
                             return param_info.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });

TEST_F(CliProcess, WithoutADisplayTheWindowSaysWhatToDoInOneLine) {
    for (const Env& env :
         {Env{"QT_QPA_PLATFORM=bogus"}, Env{"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}}) {
        const Outcome o = run({"intro"}, env);
        EXPECT_EQ(o.status, 2) << o.err;
        EXPECT_NE(o.err.find("QT_QPA_PLATFORM=offscreen"), std::string::npos) << o.err;
        EXPECT_NE(o.err.find("gorama run"), std::string::npos) << o.err;
        EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "one line:\n" << o.err;
    }
}

TEST_F(CliProcess, AFullStandardOutputIsAnErrorWithItsReason) {
    if (!mknod_char("full", 7)) GTEST_SKIP() << "cannot mknod here";
    const Outcome o = run({"run", "intro"}, {}, work("full"));
    EXPECT_EQ(o.status, 1);
    EXPECT_NE(o.err.find("cannot write to standard output: No space left on device"),
              std::string::npos)
        << o.err;
}

TEST_F(CliProcess, AScreenshotOnAFullDiskSaysSo) {
    if (!mknod_char("full", 7)) GTEST_SKIP() << "cannot mknod here";
    const Outcome o =
        run({"--screenshot", work("full"), "--after", "100ms"}, {"QT_QPA_PLATFORM=offscreen"});
    EXPECT_EQ(o.status, 1);
    EXPECT_NE(
        o.err.find("--screenshot: cannot write " + work("full") + ": No space left on device"),
        std::string::npos)
        << o.err;
}

TEST_F(CliProcess, OutputsGoThroughSymlinksPipesAndDevicesWithoutReplacingThem) {
    std::ofstream(work("real.json")) << "old";
    ::chmod(work("real.json").c_str(), 0600);
    fs::create_symlink("real.json", work("link.json"));
    const bool devices = mknod_char("mynull", 3);
    const Outcome o = run(
        {"run", "intro", "--trace", work("link.json"), "--csv", devices ? work("mynull") : "-"});
    ASSERT_EQ(o.status, 0) << o.err;
    EXPECT_TRUE(fs::is_symlink(work("link.json")));
    EXPECT_EQ(read_file(work("real.json")).rfind("{\"displayTimeUnit\"", 0), 0U);
    struct stat st {};
    ASSERT_EQ(::stat(work("real.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600U);
    if (devices) {
        EXPECT_TRUE(fs::is_character_file(work("mynull")));
    }
    EXPECT_EQ(temps(), 0U);
}

}  // namespace
