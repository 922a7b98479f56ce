#include "settings_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ostream>

#include "goro/atomic_file.hpp"
#include "scenarios/params.hpp"
#include "scenarios/run_spec.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {
namespace {

constexpr qint64 kMaxFileBytes = 1 << 20;  // a settings file is a few hundred bytes
// JSON numbers are doubles: whole numbers are exact up to 2^53. A seed above is written as a
// string of digits, so that every 64-bit seed comes back as it was saved.
constexpr double kExactInDouble = 9007199254740992.0;

QJsonValue seed_to_json(std::uint64_t seed) {
    if (static_cast<double>(seed) <= kExactInDouble) return static_cast<double>(seed);
    return QString::number(seed);
}

std::optional<std::uint64_t> seed_from_json(const QJsonValue& v) {
    if (v.isDouble()) {
        const double s = v.toDouble();
        if (s < 0 || s > kExactInDouble || std::floor(s) != s) return std::nullopt;
        return static_cast<std::uint64_t>(s);
    }
    if (!v.isString()) return std::nullopt;
    std::string unused;
    return run_spec::parse_seed(v.toString().toStdString(), "seed", unused);
}

// What a file that is not a regular one is, for a message.
QString kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return QStringLiteral("a folder");
    if (S_ISFIFO(mode)) return QStringLiteral("a named pipe");
    if (S_ISCHR(mode)) return QStringLiteral("a character device");
    if (S_ISBLK(mode)) return QStringLiteral("a block device");
    if (S_ISSOCK(mode)) return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

// The bytes of the file at `path`, which must be a regular file of at most kMaxFileBytes. It is
// opened without blocking (a named pipe with no writer must not hang), its type is checked on
// the open descriptor (no race with a rename), and at most one byte past the cap is read:
// st_size is not trusted (a device says 0 and never ends). A Qt resource (":/lessons/...") is
// part of the program and read through QFile, with the same cap.
std::optional<QByteArray> read_capped(const QString& path, QString& error) {
    auto too_large = [&] {
        error = QStringLiteral("%1 is not a Gorama settings file (it is larger than %2 KiB).")
                    .arg(path)
                    .arg(kMaxFileBytes / 1024);
    };
    if (path.startsWith(QStringLiteral(":/"))) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("Cannot open %1: %2.").arg(path, file.errorString());
            return std::nullopt;
        }
        QByteArray bytes = file.read(kMaxFileBytes + 1);
        if (bytes.size() > kMaxFileBytes) return too_large(), std::nullopt;
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
        error = QStringLiteral(
                    "%1 is not a settings file: it is %2, and a settings file is a "
                    "regular JSON file.")
                    .arg(path, kind_of(st.st_mode));
        ::close(fd);
        return std::nullopt;
    }
    QByteArray bytes(kMaxFileBytes + 1, Qt::Uninitialized);
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
    if (got > kMaxFileBytes) return too_large(), std::nullopt;
    bytes.truncate(got);
    return bytes;
}

// A JSON value as it was written, for a message: 3, true, null, "fast", [...].
QString json_text(const QJsonValue& v) {
    if (v.isArray()) return QStringLiteral("a list");
    if (v.isObject()) return QStringLiteral("an object");
    const QByteArray one = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(one.mid(1, one.size() - 2));
}

}  // namespace

std::optional<RunSetup> read_settings(const QString& path, QString& error, LessonText* lesson) {
    const std::optional<QByteArray> bytes = read_capped(path, error);
    if (!bytes) return std::nullopt;
    QJsonParseError parse_error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parse_error);
    if (doc.isNull() || !doc.isObject()) {
        error = QStringLiteral("%1 is not valid JSON: %2.")
                    .arg(path, doc.isNull() ? parse_error.errorString()
                                            : QStringLiteral("expected an object"));
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value("gorama").toString() != "settings" || root.value("version").toInt() != 1) {
        error = QStringLiteral("%1 is not a Gorama settings file (version 1).").arg(path);
        return std::nullopt;
    }
    const QJsonValue name = root.value("scenario");
    const Scenario* scenario =
        name.isString() ? find_scenario(name.toString().toStdString()) : nullptr;
    if (!scenario) {
        error = QStringLiteral(
                    "%1: scenario must name a scenario, such as \"intro\" (see gorama "
                    "list), not %2.")
                    .arg(path, json_text(name));
        return std::nullopt;
    }
    RunSetup setup;
    setup.scenario = scenario;
    setup.params = std::make_shared<Params>(scenario->info().params);
    if (root.contains("seed")) {
        const std::optional<std::uint64_t> seed = seed_from_json(root.value("seed"));
        if (!seed) {
            error = QStringLiteral(
                        "%1: seed must be a whole number from 0 to "
                        "18446744073709551615 (in quotes above 2^53).")
                        .arg(path);
            return std::nullopt;
        }
        setup.seed = *seed;
    }
    if (root.contains("mode")) {
        const QJsonValue value = root.value("mode");
        std::string why;
        const auto mode = value.isString()
                              ? run_spec::parse_mode(value.toString().toStdString(), "mode", why)
                              : std::nullopt;
        if (!mode) {
            error = QStringLiteral("%1: mode must be \"deterministic\" or \"parallel\", not %2.")
                        .arg(path, json_text(value));
            return std::nullopt;
        }
        setup.mode = *mode;
    }
    if (root.contains("speed")) {
        const QJsonValue value = root.value("speed");
        if (!value.isDouble()) {
            error = QStringLiteral("%1: speed must be a number from %2 to %3, not %4.")
                        .arg(path)
                        .arg(run_spec::kMinSpeed)
                        .arg(run_spec::kMaxSpeed)
                        .arg(json_text(value));
            return std::nullopt;
        }
        const double speed = value.toDouble();
        std::string why;
        if (!run_spec::check_speed(speed, "speed", why)) {
            error = QStringLiteral("%1: %2.").arg(path, QString::fromStdString(why));
            return std::nullopt;
        }
        setup.speed = speed;
    }
    const QJsonValue params = root.value("params");
    if (!params.isUndefined() && !params.isObject()) {
        error = QStringLiteral("%1: params must be an object of name: value.").arg(path);
        return std::nullopt;
    }
    const QJsonObject values = params.toObject();
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!it.value().isString() && !it.value().isDouble() && !it.value().isBool()) {
            error = QStringLiteral("%1: parameter %2 needs a value such as \"4\" or \"250ms\".")
                        .arg(path, it.key());
            return std::nullopt;
        }
        const QString text = it.value().isString() ? it.value().toString()
                             : it.value().isBool() ? (it.value().toBool() ? "true" : "false")
                                                   : QString::number(it.value().toDouble());
        std::string why;
        if (!setup.params->set_text((it.key() + "=" + text).toStdString(), why)) {
            error = QStringLiteral("%1: %2.").arg(path, QString::fromStdString(why));
            return std::nullopt;
        }
    }
    if (lesson) *lesson = {root.value("title").toString(), root.value("lesson").toString()};
    return setup;
}

bool write_settings(const QString& path, const RunSetup& setup, QString& error) {
    QJsonObject params;
    for (const ParamSpec& spec : setup.params->specs()) {
        params.insert(QString::fromStdString(spec.name),
                      QString::fromStdString(format_value(spec, setup.params->get(spec.name))));
    }
    QJsonObject root{
        {"gorama", "settings"},
        {"version", 1},
        {"scenario", QString::fromStdString(setup.scenario->info().name)},
        {"seed", seed_to_json(setup.seed)},
        {"mode", QString::fromUtf8(run_spec::mode_name(setup.mode))},
        {"speed", setup.speed},
        {"params", params},
    };
    const QByteArray json = QJsonDocument(root).toJson();
    std::string why;
    if (!goro::write_file_atomically(
            QFile::encodeName(path).toStdString(),
            [&](std::ostream& out) { out.write(json.constData(), json.size()); }, why)) {
        error = QString::fromStdString(why) + QLatin1Char('.');
        error[0] = error[0].toUpper();
        return false;
    }
    return true;
}

}  // namespace gorama::ui
