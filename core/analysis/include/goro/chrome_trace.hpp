// Chrome Trace Event format (JSON) of a run, for Perfetto (ui.perfetto.dev) and chrome://tracing:
// each goroutine is a thread with slices named by what it did (running, runnable, "chan
// receive jobs", "sleep"); each value handed from a sender to a receiver is a flow arrow
// (one flow per message id); each channel's buffer length is a counter track.
#pragma once

#include <iosfwd>
#include <string_view>

namespace goro {

class Recorder;

void write_chrome_trace(std::ostream& out, const Recorder& recorder, std::string_view title);

}  // namespace goro
