#include "model/run_model.hpp"

#include <QElapsedTimer>
#include <QThread>
#include <algorithm>
#include <cassert>
#include <chrono>

#include "goro/chrome_trace.hpp"
#include "model/event_log_model.hpp"
#include "scenarios/params.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {
namespace {

constexpr std::uint64_t kBatch = 1024;  // events folded between two looks at the clock

}  // namespace

RunModel::RunModel(QObject* parent) : QObject(parent), m_log(new EventLogModel(this)) {
}

RunModel::~RunModel() {
    stop_run();
}

void RunModel::stop_run() {
    m_driver.reset();  // joins the engine thread before the recorder goes
    m_log->reset(nullptr);
    m_recorder.reset();
}

void RunModel::start(RunSetup setup) {
    assert(setup.scenario && setup.params);
    stop_run();
    m_setup = std::move(setup);
    m_work_sites = m_setup.scenario->info().work_site_ids();
    m_live = goro::WorldState{};
    m_metrics = std::make_unique<goro::Metrics>(kMetricsWindowNs);
    m_metrics->set_limits(kMetricsWindowsKept, kLatenciesKept);
    m_timeline.clear();
    m_keyframes.clear();
    m_keyframe_every = kKeyframeEvery;
    m_keyframes.push_back(m_live);
    m_scrub.reset();
    m_pending_view_step = 0;
    m_pending_picture = 0;
    m_watch = {};
    m_watch_hit.reset();
    m_pause_time = -1;
    m_caption.clear();
    m_caption_set = false;
    m_ended = false;
    m_was_playing = false;
    m_result = goro::RunResult{};
    m_motion.clear();
    m_motion.set_counters(m_setup.scenario->info().counters);
    m_recorder = std::make_unique<goro::Recorder>();
    m_log->reset(m_recorder.get());
    m_lag_hold = false;
    const DriverOptions options{
        .mode = m_setup.mode, .seed = m_setup.seed, .speed = m_setup.speed, .threads = m_threads};
    m_driver =
        std::make_unique<EngineDriver>(*m_setup.scenario, m_setup.params, options, *m_recorder);
    Q_EMIT restarted();
    Q_EMIT playing_changed(false);
}

void RunModel::fold(std::uint64_t upto) {
    for (std::uint64_t i = m_live.applied; i < upto; ++i) {
        const goro::Event& e = m_recorder->at(i);
        if (m_pause_time >= 0 && !m_watch_hit && e.time > m_pause_time) {
            m_watch_hit = i;  // the state before it: at the pause's time
            return;
        }
        const std::string_view text = m_recorder->text(e.text);
        m_live.apply(e, text);
        m_metrics->apply(e, text);
        m_timeline.apply(e, text);
        m_log->fold(i, e);
        if (!m_scrub) m_motion.note(e, text);
        if (m_live.applied % m_keyframe_every == 0) add_keyframe();
        if (m_watch && !m_watch_hit && m_watch(e, m_live)) {
            // Stop here: what is checked at the pause (the metrics too) is the fold at it, as
            // `gorama lesson run` checks it; the events after it fold on the next tick.
            m_watch_hit = m_live.applied;
            return;
        }
    }
}

void RunModel::pause_at_time(std::int64_t t) {
    m_watch = {};
    m_watch_hit.reset();
    m_pause_time = t;
    if (!m_scrub) return;
    // The events already folded past the view count too: the first one later than `t`.
    for (std::uint64_t i = m_scrub->applied; i < m_live.applied; ++i) {
        if (m_recorder->at(i).time > t) {
            m_watch_hit = i;
            return;
        }
    }
}

void RunModel::pause_when(Watch when) {
    m_pause_time = -1;
    m_watch = std::move(when);
    m_watch_hit.reset();
    if (!m_watch || !m_scrub) return;
    // The events already folded past the view (the engine runs ahead of it) count too.
    goro::WorldState w = *m_scrub;
    while (w.applied < m_live.applied) {
        const goro::Event& e = m_recorder->at(w.applied);
        w.apply(e, m_recorder->text(e.text));
        if (m_watch(e, w)) {
            m_watch_hit = w.applied;
            return;
        }
    }
}

goro::Time RunModel::engine_time() const {
    return m_driver ? m_driver->now() : goro::Time(0);
}

void RunModel::apply_to_view(const goro::Event& e) {
    const std::string_view text = m_recorder->text(e.text);
    m_scrub->apply(e, text);
    m_motion.note(e, text);
}

bool RunModel::apply_next_to_view() {
    const goro::Event& e = m_recorder->at(m_scrub->applied);
    const std::string_view text = m_recorder->text(e.text);
    // Judged and told against the view just before the event: it still names what the event
    // takes away (a channel collected).
    const bool visible = changes_picture(e, *m_scrub, text, caption_scope());
    if (visible) {
        m_caption = caption_of(e, *m_scrub, text, caption_scope());
        m_caption_set = true;
    }
    apply_to_view(e);
    return visible;
}

CaptionScope RunModel::caption_scope() const {
    return {&m_setup.scenario->info().roles, m_show_internals, m_work_sites};
}

void RunModel::caption_from_view() {
    const goro::WorldState& w = world();
    const std::uint64_t lowest =
        std::max(first_seq(), w.applied > kCaptionLookback ? w.applied - kCaptionLookback : 0);
    if (auto caption = latest_caption(*m_recorder, w, lowest, caption_scope()))
        m_caption = std::move(*caption);
}

void RunModel::emit_frame(std::uint64_t from, std::uint64_t to, bool jumped) {
    if (!m_caption_set) caption_from_view();
    m_caption_set = false;
    if (jumped) m_motion.clear();
    Q_EMIT frame(from, to, jumped);
    m_motion.clear();
}

void RunModel::add_keyframe() {
    m_keyframes.push_back(m_live);
    // Over budget: keep every other keyframe and space the next ones twice as far apart. Seeking
    // then folds up to twice as many events, but memory no longer grows with the world's size.
    const std::size_t bytes = m_live.approximate_bytes() * m_keyframes.size();
    if (bytes <= m_limits.keyframe_bytes || m_keyframes.size() < 4) return;
    m_keyframe_every *= 2;
    std::deque<goro::WorldState> kept;
    for (auto& k : m_keyframes)
        if (k.applied % m_keyframe_every == 0 || &k == &m_keyframes.front())
            kept.push_back(std::move(k));
    m_keyframes = std::move(kept);
}

void RunModel::tick(double budget_ms) {
    if (!m_driver) return;
    const std::uint64_t before = view_seq();
    const std::uint64_t published = m_recorder->published();
    QElapsedTimer clock;
    clock.start();
    while (m_live.applied < published && !m_watch_hit &&
           static_cast<double>(clock.nsecsElapsed()) < budget_ms * 1e6) {
        fold(std::min(published, m_live.applied + kBatch));
    }

    // Hold the engine's clock while the fold is far behind; let it go once nearly caught up.
    const std::uint64_t lag = published - m_live.applied;
    if (lag > m_limits.max_lag) {
        m_lag_hold = true;
    } else if (lag < m_limits.max_lag / 4) {
        m_lag_hold = false;
    }
    m_driver->hold(m_lag_hold || m_clock_hold);

    if (m_watch_hit) {
        const std::uint64_t seq = *m_watch_hit;
        m_watch = {};
        m_watch_hit.reset();
        seek(seq, m_pause_time);  // pauses
        m_pause_time = -1;
        Q_EMIT watch_reached(seq);
        return;
    }
    if (m_scrub && m_pending_view_step > 0 && m_scrub->applied < m_live.applied) {
        apply_to_view(m_recorder->at(m_scrub->applied));
        --m_pending_view_step;
    }
    if (m_scrub && m_pending_picture > 0) {
        bool found = false;
        while (!found && m_scrub->applied < m_live.applied)
            found = apply_next_to_view();
        if (found || m_ended) {
            m_pending_picture = 0;
        } else if (!m_driver->busy() && m_live.applied == m_recorder->published() &&
                   (--m_pending_picture == 0 || !m_driver->step())) {
            m_pending_picture = 0;  // the engine ran its steps and nothing showed
        }
    }
    trim();
    m_log->publish();

    bool just_ended = false;
    if (!m_ended && m_live.ended && m_live.applied == m_recorder->published()) {
        m_ended = just_ended = true;
        m_result = m_driver->result();
        m_metrics->finish(m_live.time);
    }
    const bool playing_now = m_driver->playing() && !m_ended;
    if (playing_now != m_was_playing) {
        m_was_playing = playing_now;
        Q_EMIT playing_changed(playing_now);
    }
    if (view_seq() != before) emit_frame(before, view_seq(), false);
    m_motion.clear();
    if (just_ended) Q_EMIT run_ended();
}

void RunModel::catch_up() {
    if (!m_driver) return;
    const std::uint64_t before = view_seq();
    fold(m_recorder->published());
    m_log->publish();
    if (view_seq() != before) emit_frame(before, view_seq(), false);
    tick(0.0);
}

void RunModel::trim() {
    const std::uint64_t first = m_recorder->first_retained();
    if (m_live.applied < first + m_limits.retain + m_keyframe_every * 2) return;
    // Drop the keyframes wholly before the window (always keeping one at or before its start),
    // then the events before the oldest keyframe kept.
    std::uint64_t target = m_live.applied - m_limits.retain;
    if (m_scrub) target = std::min(target, m_scrub->applied);
    while (m_keyframes.size() > 1 && m_keyframes[1].applied <= target)
        m_keyframes.pop_front();
    m_recorder->discard_before(m_keyframes.front().applied);
}

void RunModel::write_trace(std::ostream& out) const {
    goro::write_chrome_trace(out, *m_recorder, m_setup.scenario->info().title);
}

std::uint64_t RunModel::first_seq() const {
    // The oldest event that can be shown: replay starts from the oldest keyframe.
    return m_keyframes.empty() ? 0 : m_keyframes.front().applied;
}

std::int64_t RunModel::first_time() const {
    return m_keyframes.empty() ? 0 : m_keyframes.front().time;
}

const goro::WorldState& RunModel::world() const {
    return m_scrub ? *m_scrub : m_live;
}

goro::WorldState RunModel::state_at(std::uint64_t seq) const {
    // The last keyframe at or before seq (keyframes are in seq order).
    auto it =
        std::upper_bound(m_keyframes.begin(), m_keyframes.end(), seq,
                         [](std::uint64_t s, const goro::WorldState& k) { return s < k.applied; });
    goro::WorldState w = *std::prev(it);
    for (std::uint64_t i = w.applied; i < seq; ++i) {
        const goro::Event& e = m_recorder->at(i);
        w.apply(e, m_recorder->text(e.text));
    }
    return w;
}

void RunModel::play() {
    if (!m_driver || m_ended) return;
    const std::uint64_t before = view_seq();
    const bool was_scrubbing = m_scrub.has_value();
    m_scrub.reset();
    m_pending_view_step = 0;
    m_pending_picture = 0;
    m_driver->play();
    if (was_scrubbing) emit_frame(before, view_seq(), true);
    m_was_playing = true;
    Q_EMIT playing_changed(true);
}

void RunModel::pause() {
    if (!m_driver) return;
    m_driver->pause();
    if (m_was_playing) {
        m_was_playing = false;
        Q_EMIT playing_changed(false);
    }
}

bool RunModel::settled() const {
    if (!m_driver) return true;
    return !playing() && m_pending_view_step == 0 && m_pending_picture == 0 && !m_driver->busy() &&
           m_live.applied == m_recorder->published() && (m_ended || !m_live.ended);
}

bool RunModel::playing() const {
    return m_driver && m_driver->playing() && !m_ended;
}

void RunModel::set_speed(double speed) {
    m_setup.speed = speed;
    if (m_driver) m_driver->set_speed(speed);
}

double RunModel::speed() const {
    return m_setup.speed;
}

bool RunModel::step_forward(StepBy by) {
    if (!m_driver || playing() || m_pending_picture > 0) return false;
    if (!m_scrub) m_scrub = m_live;
    const std::uint64_t before = m_scrub->applied;
    bool found = false;
    while (!found && m_scrub->applied + m_pending_view_step < m_live.applied)
        found = apply_next_to_view() || by == StepBy::Event;
    if (m_scrub->applied != before) emit_frame(before, m_scrub->applied, false);
    if (found) return true;
    // At the live head: the engine runs one step; its first event is shown when it is folded
    // (a Picture step goes on until an event changes the picture).
    if (m_ended || !m_driver->step()) return m_scrub->applied != before;
    if (by == StepBy::Event) {
        ++m_pending_view_step;
    } else {
        m_pending_picture = kMaxEngineStepsPerStep;
    }
    return true;
}

bool RunModel::step_back() {
    if (!m_driver || playing() || view_seq() <= first_seq()) return false;
    seek(view_seq() - 1);
    return true;
}

void RunModel::seek(std::uint64_t seq, std::int64_t at_time) {
    if (!m_driver) return;
    if (playing()) pause();
    seq = std::clamp(seq, first_seq(), m_live.applied);
    const std::uint64_t before = view_seq();
    m_pending_view_step = 0;
    m_pending_picture = 0;
    m_scrub = state_at(seq);
    m_scrub->time = std::max(m_scrub->time, at_time);
    emit_frame(before, seq, true);
}

void RunModel::seek_time(std::int64_t ns) {
    if (!m_driver) return;
    // Events are in time order: a binary search over the folded ones that can be shown.
    std::uint64_t lo = first_seq(), hi = m_live.applied;
    while (lo < hi) {
        const std::uint64_t mid = lo + (hi - lo) / 2;
        if (m_recorder->at(mid).time <= ns) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    seek(lo);
}

bool RunModel::advance_to(goro::Time t) {
    if (!m_driver || m_driver->mode() != goro::Mode::Deterministic) return false;
    return m_driver->fast_forward(t);
}

void RunModel::set_clock_hold(bool on) {
    m_clock_hold = on;
    if (m_driver) m_driver->hold(m_lag_hold || m_clock_hold);
}

bool RunModel::engine_busy() const {
    return m_driver && m_driver->busy();
}

bool RunModel::fast_forward(goro::Time t) {
    if (!m_driver || m_driver->mode() != goro::Mode::Deterministic) return false;
    const std::uint64_t before = view_seq();
    m_scrub.reset();
    m_pending_view_step = 0;
    m_pending_picture = 0;
    // In slices of virtual time, folding and trimming while each runs and after it, so that the
    // history stays within Limits however far `t` is: a slice that brought fewer than a quarter
    // of max_lag events doubles, one that brought more than max_lag halves.
    goro::Duration slice = kFastForwardSlice;
    goro::Time from = m_driver->now();
    do {  // at least once: fast_forward() also stops a playing run
        const goro::Time to = t > from && t - from > slice ? from + slice : t;
        const std::uint64_t start = m_recorder->published();
        m_driver->fast_forward(to);
        while (m_driver->busy()) {
            fold(m_recorder->published());
            trim();
            QThread::msleep(1);
        }
        fold(m_recorder->published());
        trim();
        const std::uint64_t events = m_recorder->published() - start;
        if (events > m_limits.max_lag && slice > goro::Duration(1'000'000)) {
            slice /= 2;
        } else if (events < m_limits.max_lag / 4 && slice < std::chrono::hours(1)) {
            slice *= 2;
        }
        from = to;
    } while (from < t && !m_driver->finished());
    m_log->publish();
    emit_frame(before, view_seq(), true);  // a jump: no animation of what was skipped
    tick(0.0);
    return true;
}

}  // namespace gorama::ui
