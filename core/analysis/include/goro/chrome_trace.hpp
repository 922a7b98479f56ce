// Chrome Trace Event format (JSON) of a run, for Perfetto (ui.perfetto.dev) and chrome://tracing:
// each goroutine is a thread with slices named by what it did (running, runnable, "chan
// receive jobs", "sleep"); each value handed from a sender to a receiver is a flow arrow
// (one flow per message id); each channel's buffer length is a counter track.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "goro/event.hpp"

namespace goro {

class Recorder;

// Writes the trace as the events come, so that a run's trace never has to be held whole: the
// header at construction, each event's records as it is added (in seq order), and the open
// slices and the footer at finish(). Memory: one entry per live goroutine and one name per
// channel made.
class ChromeTraceWriter {
  public:
    ChromeTraceWriter(std::ostream& out, std::string_view title);
    ~ChromeTraceWriter();
    ChromeTraceWriter(const ChromeTraceWriter&) = delete;
    ChromeTraceWriter& operator=(const ChromeTraceWriter&) = delete;

    // The next event of the stream, with its text (Recorder::text(e.text)).
    void add(const Event& e, std::string_view text);
    // Closes every open slice at the last event's time and ends the JSON. Call once, last.
    void finish();

  private:
    struct Track;
    void record(const std::string& body);
    void close_slice(GoroutineId g, std::int64_t t);
    void open_slice(GoroutineId g, std::string name, std::int64_t t);

    std::ostream& m_out;
    bool m_first = true;
    std::int64_t m_last = 0;
    std::map<GoroutineId, std::unique_ptr<Track>> m_tracks;  // goroutines not yet ended
    std::map<ObjectId, std::string> m_names;                 // channels and other objects
};

// The whole trace of the events the recorder retains.
void write_chrome_trace(std::ostream& out, const Recorder& recorder, std::string_view title);

}  // namespace goro
