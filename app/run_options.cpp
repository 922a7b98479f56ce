#include "run_options.hpp"

#include "cli_spec.hpp"
#include "scenarios/run_spec.hpp"

namespace gorama {
namespace {

const ParamSpec kDurationSpec{"duration", "", ParamKind::Duration, "", 1e-3, 86400e3, 10000, false,
                              {},         ""};

// A duration flag's value ("250ms", "1.5s"), with the flag's name in any message.
std::optional<double> parse_duration(const std::string& flag, const std::string& v,
                                     std::string& error) {
    ParamSpec spec = kDurationSpec;
    spec.name = flag;
    return parse_value(spec, v, error);
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
        const bool run = command == Command::Run;
        // The table is the whole list: an option it lacks is not taken, even if handled below.
        if (!cli::find_option(run ? cli::kRun : cli::kWindow, flag)) {
            error = "unknown option '" + flag + "' (see gorama --help)";
            return std::nullopt;
        }
        if (flag == "--set") {
            auto v = value();
            if (!v) return std::nullopt;
            o.sets.push_back(*v);
        } else if (flag == "--seed") {
            auto v = value();
            if (!v) return std::nullopt;
            auto seed = run_spec::parse_seed(*v, flag, error);
            if (!seed) return std::nullopt;
            o.seed = *seed;
            o.seed_given = true;
        } else if (flag == "--mode") {
            auto v = value();
            if (!v) return std::nullopt;
            auto mode = run_spec::parse_mode(*v, flag, error);
            if (!mode) return std::nullopt;
            o.mode = *mode;
            o.mode_given = true;
        } else if (flag == "--speed") {
            auto v = value();
            if (!v) return std::nullopt;
            auto s = run_spec::parse_speed(*v, flag, error);
            if (!s) return std::nullopt;
            o.speed = *s;
            o.speed_given = true;
        } else if (run && flag == "--for") {
            auto v = value();
            if (!v) return std::nullopt;
            auto ms = parse_duration(flag, *v, error);
            if (!ms) return std::nullopt;
            o.for_ms = *ms;
        } else if (run && flag == "--log") {
            o.log = true;
        } else if (run && (flag == "--trace" || flag == "--events" || flag == "--csv")) {
            auto v = value();
            if (!v) return std::nullopt;
            (flag == "--trace" ? o.trace : flag == "--events" ? o.events : o.csv) = *v;
        } else if (!run && flag == "--settings") {
            auto v = value();
            if (!v) return std::nullopt;
            o.settings = *v;
        } else if (!run && flag == "--presentation") {
            o.presentation = true;
        } else if (!run && flag == "--screenshot") {
            auto v = value();
            if (!v) return std::nullopt;
            o.screenshot = *v;
        } else if (!run && flag == "--after") {
            auto v = value();
            if (!v) return std::nullopt;
            auto ms = parse_duration(flag, *v, error);
            if (!ms) return std::nullopt;
            o.after_ms = *ms;
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
