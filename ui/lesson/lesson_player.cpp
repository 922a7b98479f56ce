#include "lesson/lesson_player.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <ostream>

#include "goro/event_format.hpp"
#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/runtime.hpp"
#include "goro/world_state.hpp"

namespace gorama::lesson {
namespace {

const goro::ChannelView* channel_named(const goro::WorldState& w, const std::string& name) {
    for (const auto& [id, c] : w.channels)
        if (c.name == name) return &c;
    return nullptr;
}

bool within(double v, const Expectation& x) {
    return (!x.at_least || v >= *x.at_least) && (!x.at_most || v <= *x.at_most);
}

QString number(double v) {
    return QString::number(v, 'g', 6);
}

}  // namespace

Named named(const goro::WorldState& w, const std::vector<std::string>& names) {
    Named out;
    for (const std::string& name : names) {
        bool found = name == "charts";
        out.charts = out.charts || found;
        for (const auto& [id, g] : w.goroutines)
            if (g.name == name) {
                out.goroutines.push_back(id);
                found = true;
            }
        for (const auto& [id, c] : w.channels)
            if (c.name == name) {
                out.channels.push_back(id);
                found = true;
            }
        if (!found) out.missing.push_back(name);
    }
    return out;
}

bool reached(const Condition& c, const goro::Event& e, const goro::WorldState& after,
             std::span<const goro::SiteId> work_sites) {
    switch (c.kind) {
        case Condition::Kind::Time:
            return after.time >= c.time;
        case Condition::Kind::Depth: {
            const goro::ChannelView* ch = channel_named(after, c.name);
            return ch && ch->buffer.size() >= c.depth;
        }
        case Condition::Kind::State:
            for (const auto& [id, g] : after.goroutines)
                if (g.name == c.name && ui::visual_state(g, work_sites) == c.state) return true;
            return false;
        case Condition::Kind::Event:
            return e.kind == c.event;
        case Condition::Kind::End:
            return after.ended;
    }
    return false;
}

QString check(const Expectation& x, const goro::WorldState& world, const goro::Metrics& metrics,
              std::span<const goro::SiteId> work_sites) {
    double seen = 0;
    switch (x.kind) {
        case Expectation::Kind::Counter: {
            if (x.name == "completed") {
                seen = static_cast<double>(metrics.completed());
            } else {
                auto it = metrics.counters().find(x.name);
                seen = it == metrics.counters().end() ? 0 : static_cast<double>(it->second);
            }
            break;
        }
        case Expectation::Kind::Depth: {
            const goro::ChannelView* ch = channel_named(world, x.name);
            if (!ch)
                return QStringLiteral("%1: no channel %2 at the pause")
                    .arg(x.text, QString::fromStdString(x.name));
            seen = static_cast<double>(ch->buffer.size());
            break;
        }
        case Expectation::Kind::StateCount:
            for (const auto& [id, g] : world.goroutines)
                if (ui::visual_state(g, work_sites) == x.state) ++seen;
            break;
    }
    if (within(seen, x)) return {};
    return QStringLiteral("%1 does not hold: %2").arg(x.text, number(seen));
}

bool PlayReport::ok() const {
    return std::all_of(steps.begin(), steps.end(),
                       [](const StepReport& s) { return s.failures.empty(); });
}

namespace {

// One run of the scenario, folded as far as a step has looked.
struct Run {
    Run(const Lesson& lesson, std::shared_ptr<Params> knobs) : params(std::move(knobs)) {
        goro::RuntimeOptions ro;
        ro.mode = lesson.start.mode;
        ro.seed = lesson.start.seed;
        ro.speed = lesson.start.speed;
        ro.tracer = &recorder;
        rt = std::make_unique<goro::Runtime>(ro);
        lesson.start.scenario->start(*rt, params);
    }
    std::shared_ptr<Params> params;
    goro::Recorder recorder;
    std::unique_ptr<goro::Runtime> rt;  // after the recorder: it records into it to the end
    goro::WorldState world;
    goro::Metrics metrics;
    std::uint64_t folded = 0;  // events folded into world and metrics
    bool engine_done = false;
};

}  // namespace

// A step on the lesson's own run: the engine runs until the step's condition holds on the fold
// (or kMaxStepTime passes), then the expectations and highlights are checked there.
void play_step(Run& run, const Step& step, int n, std::span<const goro::SiteId> work_sites,
               StepReport& r) {
    constexpr std::int64_t kSlice = 10'000'000;  // the engine runs 10 ms of its clock at a time
    goro::WorldState& world = run.world;
    goro::Metrics& metrics = run.metrics;
    goro::Recorder& recorder = run.recorder;
    std::uint64_t& folded = run.folded;
    bool& engine_done = run.engine_done;
    const std::int64_t give_up = world.time + kMaxStepTime;
    // A time: every event up to it and none after, the clock at it (RunModel::pause_at_time).
    const bool at_time = step.until->kind == Condition::Kind::Time;
    {
        for (;;) {
            bool hit = false;
            while (folded < recorder.published()) {
                if (at_time && recorder.at(folded).time > step.until->time) {
                    world.time = std::max(world.time, step.until->time);
                    hit = true;
                    break;
                }
                const goro::Event e = recorder.at(folded++);
                const std::string_view text = recorder.text(e.text);
                world.apply(e, text);
                metrics.apply(e, text);
                if (!at_time && reached(*step.until, e, world, work_sites)) {
                    hit = true;
                    break;
                }
            }
            if (hit) {
                r.paused = true;
                break;
            }
            if (engine_done || world.time > give_up) {
                r.failures.push_back(
                    QStringLiteral("step %1: until %2 was never reached (the run %3 at %4)")
                        .arg(n)
                        .arg(step.until->text)
                        .arg(engine_done ? QStringLiteral("ended")
                                         : QStringLiteral("was still going"))
                        .arg(QString::fromStdString(goro::format_duration(world.time))));
                break;
            }
            const goro::RunResult result =
                run.rt->run_until(goro::Time(std::max(run.rt->now().count(), world.time) + kSlice));
            engine_done = result.finished();
        }
        r.time = world.time;
        r.seq = folded;
        if (r.paused) {
            for (const std::string& name : named(world, step.highlight).missing)
                r.failures.push_back(QStringLiteral("step %1: highlight names %2, which is not on "
                                                    "the canvas at the pause")
                                         .arg(n)
                                         .arg(QString::fromStdString(name)));
            for (const Expectation& x : step.expect) {
                const QString failed = check(x, world, metrics, work_sites);
                if (!failed.isEmpty())
                    r.failures.push_back(QStringLiteral("step %1: expect %2").arg(n).arg(failed));
            }
        }
    }
}

// A compare step headless: A and B from the lesson's seed with the knobs as they are now and
// the step's on top, each run to the step's time and folded there, as the window's comparison
// pauses both at it. Its expectations and highlights are checked on the runs they name.
void play_comparison(const Lesson& lesson, const Step& step, const Params& now, int n,
                     std::span<const goro::SiteId> work_sites, StepReport& r) {
    const std::int64_t at = step.until->time;
    std::array<std::unique_ptr<Run>, 2> runs;
    for (int i = 0; i < 2; ++i) {
        std::shared_ptr<Params> params = now.copy();
        for (const auto& [name, value] : i == 0 ? step.compare->a : step.compare->b) {
            std::string why;
            params->set_text(name + "=" + value, why);  // checked when it was read
        }
        runs[i] = std::make_unique<Run>(lesson, std::move(params));
        Run& run = *runs[i];
        run.rt->run_until(goro::Time(at));
        while (run.folded < run.recorder.published()) {
            const goro::Event e = run.recorder.at(run.folded++);
            if (e.time > at) break;
            const std::string_view text = run.recorder.text(e.text);
            run.world.apply(e, text);
            run.metrics.apply(e, text);
        }
    }
    r.paused = true;
    r.time = at;
    r.seq = runs[0]->folded;
    for (int i = 0; i < 2; ++i)
        for (const std::string& name : named(runs[i]->world, step.highlight).missing)
            r.failures.push_back(
                QStringLiteral("step %1: highlight names %2, which is not on canvas %3 at the "
                               "pause")
                    .arg(n)
                    .arg(QString::fromStdString(name), i == 0 ? "A" : "B"));
    for (const Expectation& x : step.expect) {
        const Run& run = *runs[x.run == "a" ? 0 : 1];
        const QString failed = check(x, run.world, run.metrics, work_sites);
        if (!failed.isEmpty())
            r.failures.push_back(QStringLiteral("step %1: expect (run %2) %3")
                                     .arg(n)
                                     .arg(QString::fromStdString(x.run), failed));
    }
}

PlayReport play_lesson(const Lesson& lesson, std::ostream* out) {
    const std::vector<goro::SiteId> work_sites = lesson.start.scenario->info().work_site_ids();
    auto run = std::make_unique<Run>(lesson, lesson.start.params->copy());

    PlayReport report;
    int n = 0;
    for (const Step& step : lesson.steps) {
        ++n;
        StepReport r;
        for (const auto& knobs : {std::cref(step.set), std::cref(step.try_knobs)}) {
            for (const auto& [name, value] : knobs.get()) {
                std::string why;
                run->params->set_text(name + "=" + value, why);  // checked when it was read
            }
        }
        // Again from the start with the knobs as they are now, one-shot actions undone (as
        // the window's Restart).
        if (step.restart) run = std::make_unique<Run>(lesson, run->params->copy());
        if (step.compare) {
            play_comparison(lesson, step, *run->params, n, work_sites, r);
        } else if (step.until) {
            play_step(*run, step, n, work_sites, r);
        }
        if (out) {
            *out << "step " << n << ": ";
            if (step.compare) {
                *out << "A and B side by side, paused at t=" << goro::format_duration(r.time);
            } else if (!step.until) {
                *out << "no run";
            } else if (r.paused) {
                *out << "paused at t=" << goro::format_duration(r.time) << " (event " << r.seq
                     << ")";
            } else {
                *out << "not reached";
            }
            for (const Expectation& x : step.expect)
                *out << "; expects " << x.text.toStdString();
            *out << '\n';
            for (const QString& f : r.failures)
                *out << "  FAILED " << f.toStdString() << '\n';
        }
        report.steps.push_back(std::move(r));
    }
    return report;
}

}  // namespace gorama::lesson
