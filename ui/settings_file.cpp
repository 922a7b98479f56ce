#include "settings_file.hpp"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSaveFile>
#include <cmath>

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

}  // namespace

std::optional<RunSetup> read_settings(const QString& path, QString& error, LessonText* lesson) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("Cannot open %1: %2.").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        error = QStringLiteral("%1 is not a Gorama settings file (it is too large).").arg(path);
        return std::nullopt;
    }
    QJsonParseError parse_error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse_error);
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
    const QString name = root.value("scenario").toString();
    const Scenario* scenario = find_scenario(name.toStdString());
    if (!scenario) {
        error = QStringLiteral("%1 names no known scenario ('%2').").arg(path, name);
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
        std::string why;
        const auto mode =
            run_spec::parse_mode(root.value("mode").toString().toStdString(), "mode", why);
        if (!mode) {
            error = QStringLiteral("%1: %2.").arg(path, QString::fromStdString(why));
            return std::nullopt;
        }
        setup.mode = *mode;
    }
    if (root.contains("speed")) {
        const double speed = root.value("speed").toDouble(-1);
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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 ||
        !file.commit()) {
        error = QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace gorama::ui
