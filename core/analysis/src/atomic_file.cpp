#include "goro/atomic_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "fd_streambuf.hpp"
#include "temp_registry.hpp"

namespace goro {

struct OutputSet::Output {
    Output(std::string what_, std::string path_, int fd_, bool owns_fd_)
        : what(std::move(what_)),
          path(std::move(path_)),
          fd(fd_),
          owns_fd(owns_fd_),
          buffer(fd_),
          stream(&buffer) {}
    std::string what;    // "--trace"
    std::string path;    // as given
    std::string key;     // what it writes to, to refuse the same one twice: "dev:inode" for
                         // a file that exists, else the full path it will have
    std::string target;  // the file the temporary replaces; empty for a stream
    std::string temp;    // the temporary's path; empty for a stream
    int slot = -1;       // the temporary's temp_registry slot
    int fd;
    bool owns_fd;  // false for standard output
    FdStreamBuf buffer;
    std::ostream stream;
};

namespace {

std::string message(std::string_view what, const std::string& path, std::string_view reason) {
    std::string m = what.empty() ? std::string() : std::string(what) + ": ";
    return m + "cannot write " + path + ": " + std::string(reason);
}

std::string dir_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Why a file of this type is neither replaced nor streamed to.
const char* refusal(mode_t mode) {
    if (S_ISDIR(mode)) return "it is a folder; give a file name";
    if (S_ISSOCK(mode)) return "it is a socket";
    if (S_ISBLK(mode)) return "it is a block device";
    return "it is not a regular file, a named pipe or a character device";
}

// Follows `path` through symbolic links to the first thing that is not one (or does not
// exist). False with errno ELOOP past 40 links, as the kernel counts.
bool resolve_links(std::string& path) {
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return true;
        char link[PATH_MAX];
        const ssize_t n = ::readlink(path.c_str(), link, sizeof link - 1);
        if (n < 0) return true;  // lstat's caller will see why
        const std::string to(link, static_cast<std::size_t>(n));
        path = to.starts_with('/') ? to : dir_of(path) + "/" + to;
    }
    errno = ELOOP;
    return false;
}

std::string random_name() {
    static constexpr char kChars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[6];
    if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
        for (unsigned char& b : bytes)  // no entropy source: still unique enough with O_EXCL
            b = static_cast<unsigned char>(std::rand());
    }
    std::string name = ".gorama-";
    for (const unsigned char b : bytes)
        name += kChars[b % (sizeof kChars - 1)];
    return name;
}

// Closes what `o` owns and removes its temporary, if any: `o` then has written nothing.
void drop(OutputSet::Output& o) {
    if (o.owns_fd && o.fd >= 0) ::close(o.fd);
    o.fd = -1;
    if (!o.temp.empty()) {
        ::unlink(o.temp.c_str());
        temp_registry::remove(o.slot);
        o.temp.clear();
    }
}

// A temporary beside `target` (which `exists` with the status `existing`, or not), or -1 with
// errno. Its name is registered in `slot` and written to `temp`.
int make_temp(const std::string& target, bool exists, const struct stat& existing,
              std::string& temp, int& slot) {
    const std::string dir = dir_of(target);
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = dir + "/" + random_name();
        int fd = -1;
        {
            // Registered before it exists and forgotten if it was not made, with signals held
            // between, so a signal can neither miss it nor remove another program's file.
            const temp_registry::Hold hold;
            slot = temp_registry::add(temp.c_str());
            fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        exists ? 0600 : 0666);  // a new file: 0666 less the umask
            if (fd < 0) temp_registry::remove(slot);
        }
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0) return -1;
        if (!exists) return fd;
        // The target's owner first (root may give it back; others cannot and need not), since
        // changing the owner may clear set-id bits; then its mode.
        if (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid())
            (void)::fchown(fd, existing.st_uid, existing.st_gid);
        if (::fchmod(fd, existing.st_mode & 07777) == 0) return fd;
        const int why = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        temp_registry::remove(slot);
        errno = why;
        return -1;
    }
    errno = EEXIST;
    return -1;
}

}  // namespace

OutputSet::OutputSet() = default;

OutputSet::~OutputSet() {
    discard();
}

std::ostream* OutputSet::add(const std::string& path, std::string_view what, std::string& error) {
    auto refuse = [&](std::string_view reason) -> std::ostream* {
        error = message(what, path, reason);
        return nullptr;
    };
    if (path.empty()) {
        error = std::string(what.empty() ? "output" : what) +
                " takes a file name (or - for standard output), not an empty one";
        return nullptr;
    }
    const std::string name(what);
    std::unique_ptr<Output> out;
    struct stat st {};
    const bool found = path != "-" && ::stat(path.c_str(), &st) == 0;
    if (!found && path != "-" && errno != ENOENT) return refuse(std::strerror(errno));
    if (path == "-") {
        out = std::make_unique<Output>(name, path, STDOUT_FILENO, false);
        struct stat fd_st {};
        out->key = ::fstat(STDOUT_FILENO, &fd_st) == 0
                       ? std::to_string(fd_st.st_dev) + ":" + std::to_string(fd_st.st_ino)
                       : "-";
    } else if (found && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) return refuse(std::strerror(errno));
        out = std::make_unique<Output>(name, path, fd, true);
        out->key = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    } else if (found && !S_ISREG(st.st_mode)) {
        return refuse(refusal(st.st_mode));
    } else {
        std::string target = path;
        if (!resolve_links(target)) return refuse(std::strerror(errno));
        struct stat existing {};
        const bool exists = ::lstat(target.c_str(), &existing) == 0;
        if (!exists && errno != ENOENT) return refuse(std::strerror(errno));
        if (exists && !S_ISREG(existing.st_mode)) return refuse(refusal(existing.st_mode));
        std::string temp;
        int slot = -1;
        const int fd = make_temp(target, exists, existing, temp, slot);
        if (fd < 0) return refuse(std::strerror(errno));
        out = std::make_unique<Output>(name, path, fd, true);
        out->target = target;
        out->temp = temp;
        out->slot = slot;
        if (exists) {
            out->key = std::to_string(existing.st_dev) + ":" + std::to_string(existing.st_ino);
        } else {
            char* real = ::realpath(dir_of(target).c_str(), nullptr);
            out->key = std::string(real ? real : dir_of(target)) + "/" + base_of(target);
            std::free(real);
        }
    }
    for (const auto& o : m_outputs) {
        if (o->key == out->key) {
            drop(*out);
            return refuse("it is also the output of " + o->what);
        }
    }
    m_outputs.push_back(std::move(out));
    return &m_outputs.back()->stream;
}

bool OutputSet::commit(std::string& error) {
    for (const auto& o : m_outputs) {
        o->stream.flush();
        int why = o->buffer.error();
        if (why == 0 && !o->stream) why = EIO;  // the writer set failbit: an encoder failed
        if (why == 0 && !o->temp.empty() && ::fsync(o->fd) != 0) why = errno;
        if (why == 0 && o->owns_fd) {
            const int fd = o->fd;
            o->fd = -1;
            if (::close(fd) != 0) why = errno;
        }
        if (why != 0) {
            error = message(o->what, o->path, std::strerror(why));
            discard();
            return false;
        }
    }
    {
        const temp_registry::Hold hold;  // a signal now waits until every rename is done
        for (const auto& o : m_outputs) {
            if (o->temp.empty()) continue;
            if (::rename(o->temp.c_str(), o->target.c_str()) != 0) {
                error = message(o->what, o->path, std::strerror(errno));
                discard();
                return false;
            }
            temp_registry::remove(o->slot);
            o->temp.clear();
            // The rename itself is made durable by syncing the folder (best effort).
            const int dir = ::open(dir_of(o->target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dir >= 0) {
                (void)::fsync(dir);
                ::close(dir);
            }
        }
    }
    m_outputs.clear();
    return true;
}

void OutputSet::discard() {
    for (const auto& o : m_outputs)
        drop(*o);
    m_outputs.clear();
}

bool write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write,
                           std::string& error, std::string_view what) {
    OutputSet outputs;
    std::ostream* out = outputs.add(path, what, error);
    if (!out) return false;
    write(*out);
    return outputs.commit(error);
}

}  // namespace goro
