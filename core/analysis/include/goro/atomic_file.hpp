// Writes a file so that it is either complete or untouched: the content goes to a temporary
// file beside it, which is renamed over the target only once fully written and flushed.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace goro {

// Calls `write` with a stream on a temporary file next to `path`, then renames it to `path`.
// Returns false, with `error` set to a sentence for the user, if the file cannot be created,
// written or renamed; the temporary is removed and an existing `path` is left as it was.
bool write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                           std::string& error);

}  // namespace goro
