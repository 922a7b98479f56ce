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
#include "lesson/input_file.hpp"
#include "lesson/lesson.hpp"
#include "scenarios/params.hpp"
#include "scenarios/run_spec.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {
namespace {

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

// A JSON value as it was written, for a message: 3, true, null, "fast", [...].
QString json_text(const QJsonValue& v) {
    if (v.isArray()) return QStringLiteral("a list");
    if (v.isObject()) return QStringLiteral("an object");
    const QByteArray one = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(one.mid(1, one.size() - 2));
}

}  // namespace

std::optional<RunSetup> read_settings(const QString& path, QString& error, LessonText* lesson) {
    const std::optional<QByteArray> bytes =
        read_input_file(path, QStringLiteral("settings file"), error);
    if (!bytes) return std::nullopt;
    return settings_from_json(*bytes, path, error, lesson);
}

std::optional<RunSetup> settings_from_json(const QByteArray& bytes, const QString& path,
                                           QString& error, LessonText* lesson) {
    if (lesson::is_lesson(bytes)) {  // a guided lesson: its start, and its first step's text
        std::optional<lesson::Lesson> l = lesson::parse_lesson(bytes, path, error);
        if (!l) return std::nullopt;
        if (lesson)
            *lesson = {l->title, l->steps.front().say, l->pattern,
                       static_cast<int>(l->steps.size())};
        return std::move(l->start);
    }
    const std::optional<QJsonObject> object = json_object(bytes, path, error);
    if (!object) return std::nullopt;
    const QJsonObject& root = *object;
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
    if (lesson) *lesson = {root.value("title").toString(), root.value("lesson").toString(), {}, 0};
    return setup;
}

QByteArray settings_json(const RunSetup& setup) {
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
    return QJsonDocument(root).toJson();
}

bool write_settings(const QString& path, const RunSetup& setup, QString& error) {
    const QByteArray json = settings_json(setup);
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
