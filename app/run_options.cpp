#include "run_options.hpp"

#include <string_view>

#include "cli_spec.hpp"
#include "go_flag_syntax.hpp"
#include "scenarios/run_spec.hpp"

namespace gorama {
namespace {

const ParamSpec kDurationSpec{"duration", "", ParamKind::Duration, "", 1e-3, 86400e3, 10000, false,
                              {},         ""};

std::string quoted(std::string_view v) {
    return "'" + std::string(v) + "'";
}

// A duration flag's value, by Go's time.ParseDuration ("250ms", "1m30s"), in milliseconds,
// from 1us to 24h.
std::optional<double> parse_duration(std::string_view v, std::string_view flag,
                                     std::string& error) {
    const auto ns = go_flag::parse_duration(v);
    const std::int64_t* n = std::get_if<std::int64_t>(&ns);
    if (!n) {
        error =
            std::string(flag) + " takes " + std::string(cli::kDurationText) + ", not " + quoted(v);
        return std::nullopt;
    }
    const double ms = static_cast<double>(*n) / 1e6;
    if (ms < kDurationSpec.min || ms > kDurationSpec.max) {
        error = std::string(flag) + " must be from 1us to 24h, not " + quoted(v);
        return std::nullopt;
    }
    return ms;
}

// --seed, by Go's strconv.ParseUint(s, 0, 64): never a sign, never a blank, never wrapping.
std::optional<std::uint64_t> parse_seed(std::string_view v, std::string_view flag,
                                        std::string& error) {
    const auto seed = go_flag::parse_uint(v);
    if (const std::uint64_t* s = std::get_if<std::uint64_t>(&seed)) return *s;
    error = std::string(flag) + " takes " + std::string(cli::kSeedText) + ", not " + quoted(v);
    return std::nullopt;
}

// --speed, by Go's strconv.ParseFloat(s, 64), then the range every entry point shares.
std::optional<double> parse_speed(std::string_view v, std::string_view flag, std::string& error) {
    const auto speed = go_flag::parse_float(v);
    const double* x = std::get_if<double>(&speed);
    if (!x) {
        error = std::string(flag) + " takes " + std::string(cli::kSpeedText) + ", not " + quoted(v);
        return std::nullopt;
    }
    if (!run_spec::check_speed(*x, flag, error)) return std::nullopt;
    return *x;
}

// A file's name: any text but the empty one, which names no file.
std::optional<std::string> parse_path(std::string_view v, std::string_view flag,
                                      std::string& error) {
    if (v.empty()) {
        const bool output = flag != "--settings";
        error = std::string(flag) + " takes a file name" +
                (output ? " (or - for standard output)" : "") + ", not an empty one";
        return std::nullopt;
    }
    return std::string(v);
}

// A flag's value as it is: a NAME=VALUE setting, which any text can be.
std::optional<std::string> parse_text(std::string_view v, std::string_view, std::string&) {
    return std::string(v);
}

// A number-valued parameter's text by the grammar of the Go flag of its type (flag.Int,
// flag.Float64, flag.Duration); nullopt and `error` on a text that grammar refuses.
std::optional<double> parse_number(const ParamSpec& spec, std::string_view text,
                                   std::string& error) {
    switch (spec.kind) {
        case ParamKind::Int: {
            const auto n = go_flag::parse_int(text);
            if (const std::int64_t* i = std::get_if<std::int64_t>(&n))
                return static_cast<double>(*i);
            error = spec.name + " takes " + std::string(cli::kIntText) + ", not " + quoted(text);
            return std::nullopt;
        }
        case ParamKind::Real: {
            const auto x = go_flag::parse_float(text);
            if (const double* d = std::get_if<double>(&x)) return *d;
            error = spec.name + " takes " + std::string(cli::kRealText) + ", not " + quoted(text);
            return std::nullopt;
        }
        case ParamKind::Duration: {
            const auto ns = go_flag::parse_duration(text);
            if (const std::int64_t* n = std::get_if<std::int64_t>(&ns))
                return static_cast<double>(*n) / 1e6;
            error =
                spec.name + " takes " + std::string(cli::kDurationText) + ", not " + quoted(text);
            return std::nullopt;
        }
        case ParamKind::Bool:
        case ParamKind::Choice:
            break;
    }
    return std::nullopt;
}

bool is_number(const ParamSpec& spec) {
    return spec.kind == ParamKind::Int || spec.kind == ParamKind::Real ||
           spec.kind == ParamKind::Duration;
}

// One --set NAME=VALUE. Numbers are read as Go's flag package reads their type, then range
// checked by Params::set; words (true/false, a choice) and every other refusal are the
// scenario's own (Params::set_text).
bool apply_set(Params& params, const std::string& assignment, std::string_view flag,
               std::string& error) {
    const auto eq = assignment.find('=');
    const ParamSpec* spec =
        eq == std::string::npos ? nullptr : params.spec(std::string_view(assignment).substr(0, eq));
    bool ok = false;
    if (spec && is_number(*spec)) {
        const auto v = parse_number(*spec, std::string_view(assignment).substr(eq + 1), error);
        ok = v && params.set(spec->name, *v, error);
    } else {
        ok = params.set_text(assignment, error);
    }
    if (!ok) error = std::string(flag) + " " + assignment + ": " + error;
    return ok;
}

}  // namespace

bool apply_sets(Params& params, const std::vector<std::string>& sets, std::string& error,
                std::string_view flag) {
    for (const std::string& assignment : sets) {
        if (!apply_set(params, assignment, flag, error)) return false;
    }
    return true;
}

std::string duration_text(double ms) {
    return format_value(kDurationSpec, ms);
}

std::optional<RunOptions> parse_run_options(Command command, const std::vector<std::string>& args,
                                            std::string& error) {
    RunOptions o;
    std::size_t i = 0;
    if (!args.empty() && args[0].rfind("--", 0) != 0) {
        o.scenario = find_scenario(args[0]);
        if (!o.scenario) {
            error = "no scenario named '" + args[0] + "' (see 'gorama list')";
            return std::nullopt;
        }
        o.scenario_given = true;
        i = 1;
    } else if (command == Command::Run) {
        error = "run needs a scenario name (see 'gorama list')";
        return std::nullopt;
    } else {
        o.scenario = find_scenario("intro");
    }
    for (; i < args.size(); ++i) {
        const std::string& flag = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                error = flag + " needs a value";
                return std::nullopt;
            }
            return args[++i];
        };
        // Reads the flag's value through `parse` into `field` and marks `given`, if any; false
        // when the value is missing or `parse` refuses it (`error` says why).
        auto take = [&](auto& field, auto parse, bool* given = nullptr) {
            const std::optional<std::string> v = value();
            if (!v) return false;
            auto parsed = parse(*v, flag, error);
            if (!parsed) return false;
            field = *std::move(parsed);
            if (given) *given = true;
            return true;
        };
        const bool run = command == Command::Run;
        // The table is the whole list: an option it lacks is not taken, even if handled below.
        if (!cli::find_option(run ? cli::kRun : cli::kWindow, flag)) {
            error = "unknown option '" + flag + "' (see gorama --help)";
            return std::nullopt;
        }
        if (flag == "--set") {
            if (!take(o.sets.emplace_back(), parse_text)) return std::nullopt;
        } else if (flag == "--seed") {
            if (!take(o.seed, parse_seed, &o.seed_given)) return std::nullopt;
        } else if (flag == "--mode") {
            if (!take(o.mode, run_spec::parse_mode, &o.mode_given)) return std::nullopt;
        } else if (flag == "--speed") {
            if (!take(o.speed, parse_speed, &o.speed_given)) return std::nullopt;
        } else if (run && flag == "--for") {
            if (!take(o.for_ms, parse_duration)) return std::nullopt;
        } else if (run && flag == "--log") {
            o.log = true;
        } else if (run && (flag == "--trace" || flag == "--events" || flag == "--csv")) {
            auto& file = flag == "--trace" ? o.trace : flag == "--events" ? o.events : o.csv;
            if (!take(file, parse_path)) return std::nullopt;
        } else if (!run && flag == "--settings") {
            if (!take(o.settings, parse_path)) return std::nullopt;
        } else if (!run && flag == "--compare") {
            if (!take(o.compare.emplace_back(), parse_text)) return std::nullopt;
        } else if (!run && flag == "--presentation") {
            o.presentation = true;
        } else if (!run && flag == "--screenshot") {
            if (!take(o.screenshot, parse_path)) return std::nullopt;
        } else if (!run && flag == "--after") {
            if (!take(o.after_ms, parse_duration)) return std::nullopt;
        } else {
            error = "unknown option '" + flag + "'";
            return std::nullopt;
        }
    }
    return o;
}

std::shared_ptr<Params> make_params(const Scenario& scenario, const std::vector<std::string>& sets,
                                    std::string& error) {
    auto params = std::make_shared<Params>(scenario.info().params);
    return apply_sets(*params, sets, error) ? params : nullptr;
}

}  // namespace gorama
