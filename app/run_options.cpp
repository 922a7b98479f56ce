#include "run_options.hpp"

#include <string_view>

#include "cli_spec.hpp"
#include "scenarios/run_spec.hpp"

namespace gorama {
namespace {

const ParamSpec kDurationSpec{"duration", "", ParamKind::Duration, "", 1e-3, 86400e3, 10000, false,
                              {},         ""};

// A duration flag's value ("250ms", "1.5s"), with the flag's name in any message.
std::optional<double> parse_duration(std::string_view v, std::string_view flag,
                                     std::string& error) {
    ParamSpec spec = kDurationSpec;
    spec.name = flag;
    return parse_value(spec, v, error);
}

// A flag's value as it is: a file name or a NAME=VALUE setting, which any text can be.
std::optional<std::string> parse_text(std::string_view v, std::string_view, std::string&) {
    return std::string(v);
}

}  // namespace

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
            if (!take(o.seed, run_spec::parse_seed, &o.seed_given)) return std::nullopt;
        } else if (flag == "--mode") {
            if (!take(o.mode, run_spec::parse_mode, &o.mode_given)) return std::nullopt;
        } else if (flag == "--speed") {
            if (!take(o.speed, run_spec::parse_speed, &o.speed_given)) return std::nullopt;
        } else if (run && flag == "--for") {
            if (!take(o.for_ms, parse_duration)) return std::nullopt;
        } else if (run && flag == "--log") {
            o.log = true;
        } else if (run && (flag == "--trace" || flag == "--events" || flag == "--csv")) {
            auto& file = flag == "--trace" ? o.trace : flag == "--events" ? o.events : o.csv;
            if (!take(file, parse_text)) return std::nullopt;
        } else if (!run && flag == "--settings") {
            if (!take(o.settings, parse_text)) return std::nullopt;
        } else if (!run && flag == "--presentation") {
            o.presentation = true;
        } else if (!run && flag == "--screenshot") {
            if (!take(o.screenshot, parse_text)) return std::nullopt;
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
    for (const std::string& assignment : sets) {
        if (!params->set_text(assignment, error)) return nullptr;
    }
    return params;
}

}  // namespace gorama
