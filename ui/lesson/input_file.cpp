#include "lesson/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <QJsonDocument>
#include <cerrno>
#include <cstring>

namespace gorama {
namespace {

// What a file that is not a regular one is, for a message.
QString kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return QStringLiteral("a folder");
    if (S_ISFIFO(mode)) return QStringLiteral("a named pipe");
    if (S_ISCHR(mode)) return QStringLiteral("a character device");
    if (S_ISBLK(mode)) return QStringLiteral("a block device");
    if (S_ISSOCK(mode)) return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

}  // namespace

std::optional<QByteArray> read_input_file(const QString& path, const QString& what,
                                          QString& error) {
    auto too_large = [&] {
        error = QStringLiteral("%1 is not a Gorama %2 (it is larger than %3 KiB).")
                    .arg(path, what)
                    .arg(kMaxInputBytes / 1024);
    };
    if (path.startsWith(QStringLiteral(":/"))) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("Cannot open %1: %2.").arg(path, file.errorString());
            return std::nullopt;
        }
        QByteArray bytes = file.read(kMaxInputBytes + 1);
        if (bytes.size() > kMaxInputBytes) return too_large(), std::nullopt;
        return bytes;
    }
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        error = QStringLiteral("Cannot open %1: %2.")
                    .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = QStringLiteral("%1 is not a %2: it is %3, and a %2 is a regular JSON file.")
                    .arg(path, what, kind_of(st.st_mode));
        ::close(fd);
        return std::nullopt;
    }
    QByteArray bytes(kMaxInputBytes + 1, Qt::Uninitialized);
    qint64 got = 0;
    while (got < bytes.size()) {
        const ssize_t n =
            ::read(fd, bytes.data() + got, static_cast<std::size_t>(bytes.size() - got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = QStringLiteral("Cannot read %1: %2.")
                        .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) break;
        got += n;
    }
    ::close(fd);
    if (got > kMaxInputBytes) return too_large(), std::nullopt;
    bytes.truncate(got);
    return bytes;
}

std::optional<QJsonObject> json_object(const QByteArray& json, const QString& where,
                                       QString& error) {
    QJsonParseError parse_error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse_error);
    if (doc.isNull() || !doc.isObject()) {
        error = QStringLiteral("%1 is not valid JSON: %2.")
                    .arg(where, doc.isNull() ? parse_error.errorString()
                                             : QStringLiteral("expected an object"));
        return std::nullopt;
    }
    return doc.object();
}

}  // namespace gorama
