// A run's outputs, written all or nothing: either every file is replaced by its complete new
// content, or none is touched and no temporary file is left behind.
//
// What is at each path decides how it is written (checked when it is added, before any work):
// - nothing, or a regular file: a temporary file is made beside it (same folder, a short random
//   name ".gorama-XXXXXX", created with O_CREAT | O_EXCL | O_NOFOLLOW so a planted file or link
//   is never written through), given the target's mode (a 0600 file stays 0600; a new file gets
//   0666 less the umask), written, fsynced, and renamed over the target by commit();
// - a symbolic link: followed to the file it names (which may not exist yet); that file is
//   replaced as above and the link stays a link;
// - a FIFO, a character device, or "-" (standard output): streamed to directly and never
//   replaced (opening a FIFO waits for a reader, as any writer does);
// - a folder, a socket, a block device or anything else: refused.
// Names up to the filesystem's own limit work: the temporary's name is shorter than any.
//
// commit() renames only after every output has been written and fsynced; an output that failed
// (a full disk, an encoder error) makes it rename nothing and remove every temporary. Streams
// have had their bytes already: all or nothing covers the files. If SIGINT, SIGTERM or SIGHUP
// arrives while temporaries exist, a handler removes them (async-signal-safe calls only) and
// the signal then ends the process as it would have; one that arrives during the renames is
// held until they are done. The handler is installed only where the signal's action was the
// default one.
//
// A rename can fail only if a target changed kind after add() (a folder made in its place);
// the outputs renamed before it then stay replaced, and the message names the one that failed.
//
// Messages are one sentence naming the output's flag: "--trace: cannot write t.json: No space
// left on device". An OutputSet is used from one thread.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace goro {

class OutputSet {
  public:
    OutputSet();
    ~OutputSet();  // discards whatever was not committed
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // Checks what is at `path` and prepares its output (the temporary file, or the open
    // stream). Returns the stream to write the content to, valid until commit() or discard(),
    // or nullptr with `error` set (nothing is left behind). `what` names the output in messages
    // ("--trace"); a path given twice is refused.
    std::ostream* add(const std::string& path, std::string_view what, std::string& error);

    // Flushes every output, fsyncs and renames every temporary over its target. False, with
    // `error` naming the first output that failed, if any could not be written: then nothing
    // is renamed and every temporary is removed.
    bool commit(std::string& error);

    // Removes every temporary; no target is touched. Idempotent.
    void discard();

    struct Output;  // one output: its stream and its temporary (atomic_file.cpp)

  private:
    std::vector<std::unique_ptr<Output>> m_outputs;
};

// One output alone: add(path, what), `write` to its stream, commit().
bool write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                           std::string& error, std::string_view what = "output");

}  // namespace goro
