#include "lesson/lesson_player.hpp"

#include <algorithm>
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

// Whether a step may highlight `name` at this moment: a goroutine or channel the fold holds,
// or the charts.
bool shown_by_name(const goro::WorldState& w, const std::string& name) {
    if (name == "charts" || channel_named(w, name)) return true;
    return std::any_of(w.goroutines.begin(), w.goroutines.end(),
                       [&](const auto& g) { return g.second.name == name; });
}

bool within(double v, const Expectation& x) {
    return (!x.at_least || v >= *x.at_least) && (!x.at_most || v <= *x.at_most);
}

QString number(double v) {
    return QString::number(v, 'g', 6);
}

}  // namespace

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

PlayReport play_lesson(const Lesson& lesson, std::ostream* out) {
    const std::vector<goro::SiteId> work_sites = lesson.start.scenario->info().work_site_ids();
    auto run = std::make_unique<Run>(lesson, lesson.start.params->copy());
    constexpr std::int64_t kSlice = 10'000'000;  // the engine runs 10 ms of its clock at a time

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
        goro::WorldState& world = run->world;
        goro::Metrics& metrics = run->metrics;
        goro::Recorder& recorder = run->recorder;
        std::uint64_t& folded = run->folded;
        bool& engine_done = run->engine_done;
        if (step.until) {
            const std::int64_t give_up = world.time + kMaxStepTime;
            for (;;) {
                bool hit = false;
                while (folded < recorder.published()) {
                    const goro::Event e = recorder.at(folded++);
                    const std::string_view text = recorder.text(e.text);
                    world.apply(e, text);
                    metrics.apply(e, text);
                    if (reached(*step.until, e, world, work_sites)) {
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
                const goro::RunResult result = run->rt->run_until(
                    goro::Time(std::max(run->rt->now().count(), world.time) + kSlice));
                engine_done = result.finished();
            }
            r.time = world.time;
            r.seq = folded;
            if (r.paused) {
                for (const std::string& name : step.highlight)
                    if (!shown_by_name(world, name))
                        r.failures.push_back(
                            QStringLiteral("step %1: highlight names %2, which is not on the "
                                           "canvas at the pause")
                                .arg(n)
                                .arg(QString::fromStdString(name)));
                for (const Expectation& x : step.expect) {
                    const QString failed = check(x, world, metrics, work_sites);
                    if (!failed.isEmpty())
                        r.failures.push_back(
                            QStringLiteral("step %1: expect %2").arg(n).arg(failed));
                }
            }
        }
        if (out) {
            *out << "step " << n << ": ";
            if (!step.until) {
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
