// RunModel: one run of a scenario as the window sees it, and the window's one fold hub. It owns
// the recorder and the engine driver, and folds each recorded event, once and in order, into
// every view's model: the live WorldState, the metrics, the timeline history, the event log's
// rows and names (EventLogModel) and the canvas's motion cues. It keeps the cursor the views
// show (the live head, or an earlier event when the user steps back or scrubs) and emits one
// frame() when that view moves. No view reads the recorder.
//
// Every view reads the world through world(): the fold at view_seq(), the one source of truth.
// Scrubbing and stepping back are a replay: the state at any retained event is a keyframe (a
// WorldState copy every kKeyframeEvery events, or further apart when the world is big: the
// keyframes together stay under Limits::keyframe_bytes) folded forward, never a guess.
//
// tick() is the window's frame: it folds what the engine has published, within a time budget
// (a flood of events costs frames, never correctness), and emits frame(). Memory is bounded:
// the recorder keeps the last Limits::retain events (older keyframes go with them), and when
// the fold falls more than Limits::max_lag events behind, the engine's clock is held until it
// catches up.
//
// GUI thread only, except where noted.
#pragma once

#include <QObject>
#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>

#include "goro/metrics.hpp"
#include "goro/recorder.hpp"
#include "goro/world_state.hpp"
#include "model/caption.hpp"
#include "model/engine_driver.hpp"
#include "model/motion_cues.hpp"
#include "model/timeline_history.hpp"
#include "scenarios/run_spec.hpp"

namespace gorama::ui {

class EventLogModel;

// What a run is started from: the scenario, its parameter values, seed, mode and speed.
using RunSetup = RunSpec;

class RunModel : public QObject {
    Q_OBJECT
  public:
    static constexpr std::uint64_t kKeyframeEvery = 16384;
    static constexpr std::int64_t kMetricsWindowNs = 250'000'000;
    // The charts' history: an hour of windows and the latest latencies (the histogram).
    static constexpr std::size_t kMetricsWindowsKept = 14'400;
    static constexpr std::size_t kLatenciesKept = 100'000;

    // The memory a run's history may take, whatever the event rate, speed or length: what the
    // default Limits add up to at most. Retained events take 32 bytes each and their texts
    // (freed with them, Recorder::discard_before) about 33 more for the events that have one,
    // at most 130 MB for `retain`; events published but not folded as much for `max_lag`, 65
    // MB; keyframes 256 MB; the metrics' windows and latencies, the log's rows and the
    // timeline's lanes are of fixed size, about 30 MB together.
    static constexpr std::size_t kMemoryBudget = 512u << 20;

    struct Limits {
        std::uint64_t retain = 2'000'000;         // events kept for replay (32 bytes each)
        std::uint64_t max_lag = 1'000'000;        // events published but not folded before a hold
        std::size_t keyframe_bytes = 256u << 20;  // all keyframes together, roughly
    };

    explicit RunModel(QObject* parent = nullptr);
    // Takes effect for the runs started after the call.
    void set_limits(const Limits& limits) { m_limits = limits; }
    // Parallel mode's worker threads (0: one per core), for the runs started after the call: two
    // runs side by side (CompareRuns) take half each.
    void set_threads(unsigned threads) { m_threads = threads; }
    ~RunModel() override;

    // Starts a new run (the previous one is stopped and dropped); paused until play().
    void start(RunSetup setup);
    const RunSetup& setup() const { return m_setup; }
    bool has_run() const { return m_driver != nullptr; }

    // One frame: folds newly published events (at most `budget_ms` of work) and emits frame().
    void tick(double budget_ms = 6.0);
    // Folds everything the engine has published so far, however long it takes (tests,
    // screenshots, exports).
    void catch_up();

    // Transport.
    void play();  // also returns the view to the live head
    void pause();
    bool playing() const;
    void set_speed(double speed);
    double speed() const;
    // How far Step moves: one recorded event, or on to the next event that changes the picture
    // (changes_picture(), caption.hpp), skipping bookkeeping and hidden plumbing.
    enum class StepBy : std::uint8_t { Event, Picture };
    // Moves the view forward by `by`; at the live head of a paused deterministic run, asks the
    // engine for steps first (the event appears on a later tick; a Picture step asks for up to
    // kMaxEngineStepsPerStep until one changes the picture). False if impossible.
    bool step_forward(StepBy by = StepBy::Event);
    static constexpr int kMaxEngineStepsPerStep = 64;
    bool step_back();
    // Shows the state just before event `seq` (clamped to the retained window).
    // `at_time` (ns), if later than the event before `seq`, is the view's clock: the state at that
    // time, nothing having happened since (a lesson's pause at a time).
    void seek(std::uint64_t seq, std::int64_t at_time = -1);
    // Shows the state at virtual time `ns`: after the last event at or before it.
    void seek_time(std::int64_t ns);
    // Deterministic: runs the engine to virtual time `t` and folds everything up to there, in
    // slices (the first kFastForwardSlice long), trimming the history as a played run does.
    bool fast_forward(goro::Time t);
    static constexpr goro::Duration kFastForwardSlice{100'000'000};
    // Deterministic: lets the engine run without pacing to virtual time `t`, then wait there,
    // without waiting for it here: the events fold on the next ticks and animate as a played
    // run's do. Two runs advanced to the same times stay exactly in step (CompareRuns). False
    // in parallel mode.
    bool advance_to(goro::Time t);
    // Holds the engine's clock (as a pause would, without changing playing()) while on, beside
    // the hold the fold's lag makes: two parallel runs side by side hold each other in step.
    void set_clock_hold(bool on);
    bool lag_held() const { return m_lag_hold; }  // the fold's lag holds the clock now
    // Whether the engine has work in hand (a step or an advance not yet done).
    bool engine_busy() const;
    // Lessons: stops the run at the first live event after which `when` holds on the live fold
    // (checked event by event as events are folded, so the pause does not depend on the frame
    // rate), shows the state just after that event, and emits watch_reached(seq) with the seq
    // shown (view_seq()). Cleared once reached, by start(), or by pause_when({}).
    using Watch = std::function<bool(const goro::Event&, const goro::WorldState&)>;
    void pause_when(Watch when);
    // Lessons: stops the run at virtual time `t` (ns): shows every event at or before `t` and
    // none after, with the view's clock at `t`, and emits watch_reached(seq) with the seq shown.
    // It holds once an event later than `t` is folded (or was folded past the view already).
    // Cleared once reached, by start(), or by pause_when().
    void pause_at_time(std::int64_t t);
    // The engine's clock (its head may be ahead of the view).
    goro::Time engine_time() const;

    // The views' data.
    const goro::WorldState& world() const;
    std::uint64_t view_seq() const { return world().applied; }
    std::uint64_t head() const { return m_live.applied; }  // events folded so far
    std::uint64_t first_seq() const;                       // oldest event that can be shown
    // Whether the earliest history has been dropped to stay within the budget, and the virtual
    // time from which the run can still be replayed (0 while it has not).
    bool history_dropped() const { return first_seq() > 0; }
    std::int64_t first_time() const;
    bool following() const { return m_scrub == std::nullopt; }
    const goro::WorldState& live() const { return m_live; }
    const goro::Metrics& metrics() const { return *m_metrics; }
    const TimelineHistory& timeline() const { return m_timeline; }
    EventLogModel& event_log() const { return *m_log; }
    // What the last event that changed the view's picture did, in words (caption.hpp): of the
    // event a Picture step stopped at, else of the last such event among the view's newest
    // kCaptionLookback. Updated before each frame(); empty until there is one.
    const std::string& caption() const { return m_caption; }
    // Whether plumbing counts as part of the picture (View > Show internals): for Step and the
    // caption.
    void set_show_internals(bool on) { m_show_internals = on; }
    // During frame(): the events just folded into the view that the canvas animates (none when
    // the frame jumped).
    std::span<const goro::Event> motion() const { return m_motion.events(); }
    // During frame(): the counts of flashing counters just folded into the view (none when the
    // frame jumped), by index in the scenario's counters.
    std::span<const OutcomeCue> outcomes() const { return m_motion.outcomes(); }
    // The retained events as a Chrome trace (chrome_trace.hpp), titled with the scenario's title.
    void write_trace(std::ostream& out) const;
    // The recorded events, for tests; views read the folds above.
    const goro::Recorder& recorder() const { return *m_recorder; }
    const EngineDriver* driver() const { return m_driver.get(); }
    // Nothing will change without the user: not playing, no step or fast-forward in hand,
    // everything published folded (the window then stops its frames).
    bool settled() const;
    // True once the run has ended and every one of its events is folded.
    bool ended() const { return m_ended; }
    const goro::RunResult& result() const { return m_result; }

  Q_SIGNALS:
    // A new run started: views drop what they hold.
    void restarted();
    // The view moved: events [from, to) were folded into it (jumped: a seek, no animation).
    // Every model above is up to date; motion() holds the frame's animated events.
    void frame(std::uint64_t from, std::uint64_t to, bool jumped);
    // The run ended and its last event is folded.
    void run_ended();
    // pause_when()'s condition held: the view shows the state just after it (view_seq() ==
    // seq) and the run is paused.
    void watch_reached(std::uint64_t seq);
    // Playing started or stopped (the engine's own end stops it too).
    void playing_changed(bool playing);

  private:
    void stop_run();
    void fold(std::uint64_t upto);             // live fold up to `upto` (published)
    void apply_to_view(const goro::Event& e);  // the scrubbed view's next event
    // Applies the scrubbed view's next event; true (and the caption set) if it changed the
    // picture.
    bool apply_next_to_view();
    CaptionScope caption_scope() const;
    void caption_from_view();  // the caption of the view's last picture-changing event
    void emit_frame(std::uint64_t from, std::uint64_t to, bool jumped);
    void trim();
    void add_keyframe();
    goro::WorldState state_at(std::uint64_t seq) const;

    RunSetup m_setup;
    std::vector<goro::SiteId> m_work_sites;  // the setup's scenario's, for the caption
    Limits m_limits;
    // Declared before the driver: the engine writes into the recorder until the driver is gone.
    std::unique_ptr<goro::Recorder> m_recorder;
    std::unique_ptr<EngineDriver> m_driver;
    goro::WorldState m_live;
    std::unique_ptr<goro::Metrics> m_metrics;
    TimelineHistory m_timeline;
    EventLogModel* m_log;  // a child QObject
    MotionCues m_motion;
    std::deque<goro::WorldState> m_keyframes;  // at multiples of m_keyframe_every, oldest first
    std::uint64_t m_keyframe_every = kKeyframeEvery;
    std::optional<goro::WorldState> m_scrub;   // the view when it is not the live head
    std::uint64_t m_pending_view_step = 0;     // steps asked of the engine, shown when folded
    Watch m_watch;                             // pause_when()
    std::int64_t m_pause_time = -1;            // pause_at_time(); -1: none
    std::optional<std::uint64_t> m_watch_hit;  // the seq to show once it held
    int m_pending_picture = 0;                 // engine steps left for a Picture step still looking
    std::string m_caption;
    bool m_caption_set = false;  // by apply_next_to_view() since the last frame
    bool m_show_internals = false;
    bool m_ended = false;
    bool m_was_playing = false;
    bool m_lag_hold = false;    // the fold is far behind (tick())
    bool m_clock_hold = false;  // set_clock_hold()
    unsigned m_threads = 0;
    goro::RunResult m_result;
};

}  // namespace gorama::ui
