// The layout audit's full sweep (ui/canvas/layout_audit.hpp): every scenario on the real
// engine, painted frame by frame at 20 Hz for 30 s of virtual time, at 1280x720 and 1920x1080,
// in normal and presentation mode; with --knobs, also with each integer and choice knob at its
// minimum and at its maximum, one at a time. One line per run with its figures, then a summary;
// exit 1 if any run had an overlap, an exit, a move, a nameless node, or (the pipeline and the
// worker pool at defaults) an edge crossing.
//
// --dpr 2 paints as on a screen of device pixel ratio 2. --compare audits instead the canvases
// of a comparison (Run > Compare two settings): each half of a 1600x1000 window (791x674) and of
// a 1920x1080 screen in presentation mode (951x724), as CompareWindow sets them up: a text floor
// of 11 px (18 px in F11), columns closed up, no legend of their own.
//
//   QT_QPA_PLATFORM=offscreen bench/gorama_layout_audit [--knobs] [--seconds N] [--dpr R]
//                                                       [--compare] [SCENARIO...]
#include <QApplication>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "canvas/layout_audit.hpp"
#include "scenarios/params.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/scenario.hpp"

namespace {

using gorama::ui::AuditFigures;
using gorama::ui::AuditSpec;

struct Variant {
    std::string name;  // "defaults", "workers=1"
    std::shared_ptr<gorama::Params> params;
};

// Defaults, then (with `knobs`) every integer or choice knob at its minimum and its maximum.
std::vector<Variant> variants(const gorama::Scenario& s, bool knobs) {
    std::vector<Variant> out{{"defaults", nullptr}};
    if (!knobs) return out;
    for (const gorama::ParamSpec& p : s.info().params) {
        if (p.kind != gorama::ParamKind::Int && p.kind != gorama::ParamKind::Choice) continue;
        for (const double v : {p.min, p.max}) {
            auto params = std::make_shared<gorama::Params>(s.info().params);
            const std::string set =
                p.name + "=" +
                (p.kind == gorama::ParamKind::Choice ? p.choices[static_cast<std::size_t>(v)]
                                                     : std::to_string(static_cast<long>(v)));
            std::string error;
            if (!params->set_text(set, error)) {
                std::fprintf(stderr, "%s: %s\n", s.info().name.c_str(), error.c_str());
                continue;
            }
            out.push_back({set, params});
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    bool knobs = false;
    int seconds = 30;
    double dpr = 1.0;
    bool compare = false;
    std::vector<const gorama::Scenario*> chosen;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--knobs") {
            knobs = true;
        } else if (a == "--compare") {
            compare = true;
        } else if (a == "--seconds" && i + 1 < argc) {
            seconds = std::atoi(argv[++i]);
            if (seconds <= 0 || seconds > 3600) {
                std::fprintf(stderr, "--seconds takes 1 to 3600\n");
                return 2;
            }
        } else if (a == "--dpr" && i + 1 < argc) {
            dpr = std::atof(argv[++i]);
            if (dpr < 1 || dpr > 4) {
                std::fprintf(stderr, "--dpr takes 1 to 4\n");
                return 2;
            }
        } else if (const gorama::Scenario* s = gorama::find_scenario(a)) {
            chosen.push_back(s);
        } else {
            std::fprintf(stderr, "unknown scenario or option '%s'\n", a.c_str());
            return 2;
        }
    }
    if (chosen.empty()) chosen = gorama::all_scenarios();

    struct Config {
        int w, h;
        bool presentation;
    };
    const std::vector<Config> configs =
        compare
            ? std::vector<Config>{{791, 674, false}, {951, 724, true}}
            : std::vector<Config>{
                  {1280, 720, false}, {1920, 1080, false}, {1280, 720, true}, {1920, 1080, true}};
    std::size_t runs = 0, bad = 0;
    double smallest_normal_1080 = 1e9, smallest_presentation_1080 = 1e9;
    std::printf("%-24s %-26s %-16s %7s %8s %7s %6s %8s %9s %8s %9s\n", "scenario", "knobs",
                "canvas", "frames", "overlaps", "outside", "moves", "rescales", "unlabelled",
                "crossed", "min text");
    for (const gorama::Scenario* s : chosen) {
        for (const Variant& v : variants(*s, knobs)) {
            for (const Config& c : configs) {
                AuditSpec spec;
                spec.scenario = s;
                spec.params = v.params;
                spec.size = QSize(c.w, c.h);
                spec.presentation = c.presentation;
                spec.device_pixel_ratio = dpr;
                if (compare) {
                    spec.text_floor_px = c.presentation ? 18.0 : 11.0;
                    spec.legend = false;
                }
                spec.duration = std::chrono::seconds(seconds);
                const AuditFigures f = gorama::ui::audit_scenario(spec);
                ++runs;
                // Edges may cross in a fan or a hairball of selects; never in the two patterns
                // whose shape is a straight line of stages or a queue -> workers -> results.
                const std::string& name = s->info().name;
                const bool straight =
                    v.name == "defaults" && (name == "pipeline" || name == "worker-pool");
                const bool fault = f.overlaps || f.outside || f.moves || f.unlabelled ||
                                   (straight && f.frames_with_crossings > 0);
                bad += fault;
                if ((c.w == 1920 || compare) && !c.presentation)
                    smallest_normal_1080 = std::min(smallest_normal_1080, f.smallest_text_px);
                if ((c.w == 1920 || compare) && c.presentation)
                    smallest_presentation_1080 =
                        std::min(smallest_presentation_1080, f.smallest_text_px);
                const std::string canvas = std::to_string(c.w) + "x" + std::to_string(c.h) +
                                           (c.presentation ? " F11" : "");
                std::printf("%-24s %-26s %-16s %7zu %8zu %7zu %6zu %8zu %9zu %8zu %7.1fpx%s\n",
                            name.c_str(), v.name.c_str(), canvas.c_str(), f.frames, f.overlaps,
                            f.outside, f.moves, f.rescales, f.unlabelled, f.frames_with_crossings,
                            f.smallest_text_px, fault ? "  <--" : "");
                if (fault) std::printf("    first: %s\n", f.first_problem.c_str());
                if (std::getenv("GORAMA_AUDIT_SMALLEST"))
                    std::printf("    smallest: %s\n", f.smallest_text.c_str());
                std::fflush(stdout);
            }
        }
    }
    std::printf(
        "\n%zu runs, %zu with a fault; smallest text %s %.1f px, in presentation mode %.1f px\n",
        runs, bad, compare ? "on a comparison's canvases" : "at 1920x1080", smallest_normal_1080,
        smallest_presentation_1080);
    return bad ? 1 : 0;
}
