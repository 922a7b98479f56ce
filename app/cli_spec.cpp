#include "cli_spec.hpp"

#include <array>
#include <ostream>
#include <sstream>
#include <string>

#ifndef GORAMA_VERSION
#error "GORAMA_VERSION comes from CMake's project() (see app/CMakeLists.txt)"
#endif

namespace gorama::cli {
namespace {

constexpr std::string_view kSummary =
    "learn Go's concurrency patterns by watching them run on a real engine";

constexpr std::string_view kDescription =
    "Gorama runs the patterns of a Go concurrency tutorial (worker pool, fan-out and fan-in, "
    "pipeline, rate limiting, context timeout and retry, select with default, and the pitfalls "
    "they guard against) on goro, a concurrency engine with Go's semantics, and draws every "
    "goroutine, channel buffer, timer and context as the events happen. The window is the "
    "default; list and run work without a display.";

constexpr std::array kCommands{
    CommandSpec{"gorama [SCENARIO] [OPTION ...]",
                "Opens the window on SCENARIO (default: intro) and plays it."},
    CommandSpec{"gorama list",
                "Lists the scenarios with their parameters, ranges, defaults and whether a "
                "change applies live or on restart."},
    CommandSpec{"gorama run SCENARIO [OPTION ...]",
                "Runs a scenario without a display and prints a summary: throughput, latency "
                "percentiles, each channel's depth, the pattern's own counters, utilisation per "
                "worker, and any deadlock, leak or panic explained in plain words."},
    CommandSpec{"gorama lesson check FILE",
                "Reads a guided lesson and says whether it is valid; a bad one is refused with "
                "the step and field named (exit 2)."},
    CommandSpec{"gorama lesson run FILE",
                "Plays a guided lesson without a display: each step runs to its condition, and "
                "its expectations are checked there (exit 1 if one fails)."},
    CommandSpec{"gorama --help",
                "Prints the commands, options and exit statuses (-h and help do the same)."},
    CommandSpec{"gorama --version", "Prints the version."},
};

constexpr std::array kOptions{
    OptionSpec{"--set", "NAME=VALUE", kBoth,
               "Sets one of the scenario's parameters (gorama list shows them); may be given "
               "more than once, and later ones win."},
    OptionSpec{"--seed", "N", kBoth,
               "Seeds select's choices and the scenario's random draws (default 1). The same "
               "seed gives the same run in the deterministic mode."},
    OptionSpec{"--mode", "MODE", kBoth,
               "deterministic (one thread and a virtual clock; the default) or parallel (one "
               "thread per core and the wall clock)."},
    OptionSpec{"--speed", "X", kBoth,
               "How many times faster than real time the run goes: 0.1 to 100 (default: 1 for "
               "gorama run; in the window, the scenario's teaching speed, 0.25 to 1)."},
    OptionSpec{"--for", "DURATION", kRun,
               "How long to run, in the run's own time, such as 20s or 250ms (default 10s)."},
    OptionSpec{"--log", "", kRun,
               "Also prints what each goroutine did, in order: the canvas's caption for each event "
               "it shows, and the scenario's own notes."},
    OptionSpec{"--trace", "FILE.json", kRun,
               "Writes the run as Chrome Trace Event JSON, which Perfetto opens."},
    OptionSpec{"--events", "FILE.jsonl", kRun, "Writes every engine event as a line of JSON."},
    OptionSpec{"--csv", "FILE.csv", kRun, "Writes the metrics of each second as CSV."},
    OptionSpec{"--settings", "FILE.json", kWindow,
               "Opens a run's saved settings (scenario, parameters, seed, mode, speed); options "
               "given with it override what it says."},
    OptionSpec{"--compare", "NAME=VALUE", kWindow,
               "Also opens the comparison (Run > Compare two settings): the scenario twice, side "
               "by side, A as the other options set it and B with this value on top; may be "
               "given more than once. With --screenshot, the comparison is what is saved."},
    OptionSpec{"--presentation", "", kWindow,
               "Starts in presentation mode: full screen, larger text, a high-contrast palette "
               "(F11 toggles it)."},
    OptionSpec{"--screenshot", "FILE.png", kWindow,
               "Runs to the --after time without pacing, saves a PNG of the window and exits. "
               "Needs the deterministic mode; works without a display when QT_QPA_PLATFORM is "
               "offscreen."},
    OptionSpec{"--after", "DURATION", kWindow,
               "The run's time at which --screenshot is taken (default 3s)."},
};

constexpr std::array kValues{
    ValueSpec{"N", kSeedText},
    ValueSpec{"X", kSpeedText},
    ValueSpec{"DURATION", kDurationText},
    ValueSpec{"NAME=VALUE",
              "A parameter's value as gorama list shows it: a whole number, a number or a "
              "duration read as for N (with a sign allowed), X and DURATION; true or false; or "
              "one of its choices."},
    ValueSpec{"FILE",
              "Not empty. An output (--trace, --events, --csv, --screenshot) that is a regular "
              "file, or none yet, is written to a temporary file beside it that takes its mode and "
              "is renamed over it once every output of the run is complete: all are replaced or "
              "none is, and none is left half written if the run fails or is interrupted. A "
              "symbolic link is followed and stays a link. A named pipe, a character device or - "
              "(standard output) is written to directly. A folder or a socket is refused. "
              "--settings reads only a regular file of at most 1 MiB."},
};

constexpr std::array kExits{
    ExitSpec{0,
             "Done. For run, the scenario ran its time, even if it deadlocked, leaked or "
             "panicked: the summary says so."},
    ExitSpec{1,
             "An output could not be written in full (a full disk, a closed standard output): "
             "a message says why, and no output file was replaced."},
    ExitSpec{2,
             "Bad input: an unknown command, scenario or option, a value of the wrong type or out "
             "of range, an empty file name, a settings file that is not a readable regular file, "
             "an output that cannot be written there, or no display for the window. A message "
             "names the option and what it takes, and no file is written."},
};

std::string_view where_text(Where where) {
    switch (where) {
        case kWindow:
            return "window";
        case kRun:
            return "run";
        case kBoth:
            break;
    }
    return "window and run";
}

std::string option_head(const OptionSpec& o) {
    std::string head(o.flag);
    if (!o.value.empty()) head.append(" ").append(o.value);
    return head;
}

// `text` wrapped to `width` columns, each line after the first indented by `indent`.
void write_wrapped(std::ostream& out, std::string_view text, std::size_t indent, std::size_t column,
                   std::size_t width = 80) {
    std::istringstream words{std::string(text)};
    std::string word;
    bool first = true;
    while (words >> word) {
        if (!first && column + 1 + word.size() > width) {
            out << '\n' << std::string(indent, ' ');
            column = indent;
        } else if (!first) {
            out << ' ';
            ++column;
        }
        out << word;
        column += word.size();
        first = false;
    }
    out << '\n';
}

// Text for roff: a backslash doubled, a hyphen made a minus (so options copy and search as
// typed), and a line that would start with a control character protected.
std::string roff(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (c == '\\') {
            s += "\\e";
        } else if (c == '-') {
            s += "\\-";
        } else {
            s += c;
        }
    }
    if (!s.empty() && (s[0] == '.' || s[0] == '\'')) s.insert(0, "\\&");
    return s;
}

}  // namespace

std::span<const CommandSpec> commands() {
    return kCommands;
}
std::span<const OptionSpec> options() {
    return kOptions;
}
std::span<const ValueSpec> values() {
    return kValues;
}
std::span<const ExitSpec> exit_statuses() {
    return kExits;
}

const OptionSpec* find_option(Where where, std::string_view flag) {
    for (const OptionSpec& o : kOptions) {
        if (o.flag == flag && (o.where & where) != 0) return &o;
    }
    return nullptr;
}

std::string_view version() {
    return GORAMA_VERSION;
}

void write_help(std::ostream& out) {
    out << "gorama " << version() << ": " << kSummary << "\n\nCommands:\n";
    for (const CommandSpec& c : kCommands) {
        out << "  " << c.synopsis << "\n      ";
        write_wrapped(out, c.text, 6, 6);
    }
    out << "\nOptions (the commands that take each are in brackets):\n";
    for (const OptionSpec& o : kOptions) {
        out << "  " << option_head(o) << "  [" << where_text(o.where) << "]\n      ";
        write_wrapped(out, o.text, 6, 6);
    }
    out << "\nValues:\n";
    for (const ValueSpec& v : kValues) {
        out << "  " << v.name << "\n      ";
        write_wrapped(out, v.text, 6, 6);
    }
    out << "\nExit status:\n";
    for (const ExitSpec& e : kExits) {
        out << "  " << e.status << "   ";
        write_wrapped(out, e.text, 6, 6);
    }
}

void write_man_page(std::ostream& out) {
    out << ".\\\" Written by `gorama_man_page` from app/cli_spec.cpp; edit that table, not this.\n"
        << ".TH GORAMA 1 \"\" \"Gorama " << version() << "\" \"User Commands\"\n"
        << ".SH NAME\ngorama \\- " << roff(kSummary) << "\n.SH SYNOPSIS\n";
    for (const CommandSpec& c : kCommands)
        out << ".br\n" << roff(c.synopsis) << '\n';
    out << ".SH DESCRIPTION\n" << roff(kDescription) << "\n.SH COMMANDS\n";
    for (const CommandSpec& c : kCommands) {
        out << ".TP\n.B " << roff(c.synopsis) << '\n' << roff(c.text) << '\n';
    }
    out << ".SH OPTIONS\n";
    for (const OptionSpec& o : kOptions) {
        out << ".TP\n.BI \"" << roff(o.flag) << (o.value.empty() ? "" : " ") << "\" \""
            << roff(o.value) << "\"\n"
            << "[" << where_text(o.where) << "] " << roff(o.text) << '\n';
    }
    out << ".SH VALUES\n";
    for (const ValueSpec& v : kValues)
        out << ".TP\n.B " << roff(v.name) << '\n' << roff(v.text) << '\n';
    out << ".SH EXIT STATUS\n";
    for (const ExitSpec& e : kExits)
        out << ".TP\n.B " << e.status << '\n' << roff(e.text) << '\n';
    out << ".SH ENVIRONMENT\n.TP\n.B QT_QPA_PLATFORM\n"
        << roff("offscreen runs the window without a display (for --screenshot).") << '\n';
}

}  // namespace gorama::cli
