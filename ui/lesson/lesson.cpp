#include "lesson/lesson.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <cmath>

#include "lesson/input_file.hpp"
#include "scenarios/params.hpp"

namespace gorama::lesson {
namespace {

// A JSON value as it was written, for a message.
QString json_text(const QJsonValue& v) {
    if (v.isUndefined()) return QStringLiteral("nothing");
    if (v.isArray()) return QStringLiteral("a list");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    const QByteArray one = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(one.mid(1, one.size() - 2));
}

// Thrown inside the parser with the whole message; caught once at the top.
struct Refusal {
    QString message;
};

class Reader {
  public:
    Reader(QString where, const Scenario* scenario)
        : m_where(std::move(where)), m_scenario(scenario) {}

    [[noreturn]] void refuse(const QString& field, const QString& what) const {
        QString at = m_where;
        if (m_step > 0) at += QStringLiteral(": step %1").arg(m_step);
        throw Refusal{QStringLiteral("%1: %2 %3.").arg(at, field, what)};
    }
    void at_step(int step) { m_step = step; }

    QString string(const QJsonObject& o, const char* field, bool required) const {
        const QJsonValue v = o.value(QLatin1String(field));
        if (v.isUndefined() && !required) return {};
        if (!v.isString() || v.toString().trimmed().isEmpty())
            refuse(QLatin1String(field),
                   QStringLiteral("must be a sentence, not %1").arg(json_text(v)));
        return v.toString();
    }

    // A knob's value checked as --set checks it (the name, its type and range).
    Knobs knobs(const QJsonObject& o, const char* field, Params& params) const {
        const QJsonValue v = o.value(QLatin1String(field));
        if (v.isUndefined()) return {};
        if (!v.isObject())
            refuse(QLatin1String(field),
                   QStringLiteral("must be an object of knob: value, not %1").arg(json_text(v)));
        Knobs out;
        const QJsonObject values = v.toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            const QJsonValue value = it.value();
            if (!value.isString() && !value.isDouble() && !value.isBool())
                refuse(QLatin1String(field),
                       QStringLiteral("%1 needs a value such as \"4\" or \"250ms\", not %2")
                           .arg(it.key(), json_text(value)));
            const QString text = value.isString() ? value.toString()
                                 : value.isBool() ? (value.toBool() ? "true" : "false")
                                                  : QString::number(value.toDouble());
            std::string why;
            const std::string set = (it.key() + "=" + text).toStdString();
            if (!params.set_text(set, why))
                refuse(QLatin1String(field),
                       QStringLiteral("is refused: %1").arg(QString::fromStdString(why)));
            out.emplace_back(it.key().toStdString(), text.toStdString());
        }
        return out;
    }

    double speed(const QJsonValue& v) const {
        std::string why;
        if (!v.isDouble() || !run_spec::check_speed(v.toDouble(), "speed", why))
            refuse(QStringLiteral("speed"), QStringLiteral("must be a number from %1 to %2, not %3")
                                                .arg(run_spec::kMinSpeed)
                                                .arg(run_spec::kMaxSpeed)
                                                .arg(json_text(v)));
        return v.toDouble();
    }

    ui::VisualState state(const QJsonValue& v, const QString& field) const {
        QStringList words;
        for (int i = 0; i < ui::kVisualStateCount; ++i) {
            const auto s = static_cast<ui::VisualState>(i);
            words << QString::fromUtf8(ui::visual_state_label(s));
            if (v.isString() && v.toString() == words.back()) return s;
        }
        refuse(field, QStringLiteral("must be one of the legend's states (%1), not %2")
                          .arg(words.join(QStringLiteral(", ")), json_text(v)));
    }

    Condition condition(const QJsonValue& v) const {
        if (!v.isObject())
            refuse(QStringLiteral("until"),
                   QStringLiteral("must be an object such as {\"time\": \"2s\"}, not %1")
                       .arg(json_text(v)));
        const QJsonObject o = v.toObject();
        Condition c;
        c.text = json_text(v);
        if (o.contains("time")) {
            static const ParamSpec kTime{.name = "time", .kind = ParamKind::Duration, .max = 1e9};
            std::string why;
            const QJsonValue t = o.value("time");
            const auto ms =
                t.isString() ? parse_value(kTime, t.toString().toStdString(), why) : std::nullopt;
            if (!ms)
                refuse(
                    QStringLiteral("until.time"),
                    QStringLiteral("must be a duration such as \"2s\", not %1").arg(json_text(t)));
            c.kind = Condition::Kind::Time;
            c.time = static_cast<std::int64_t>(std::llround(*ms * 1e6));
        } else if (o.contains("channel")) {
            c.kind = Condition::Kind::Depth;
            c.name = string(o, "channel", true).toStdString();
            const QJsonValue d = o.value("depth");
            if (!d.isDouble() || d.toDouble() < 0 || std::floor(d.toDouble()) != d.toDouble())
                refuse(
                    QStringLiteral("until.depth"),
                    QStringLiteral("must be a whole number of values, not %1").arg(json_text(d)));
            c.depth = static_cast<std::size_t>(d.toDouble());
        } else if (o.contains("goroutine")) {
            c.kind = Condition::Kind::State;
            c.name = string(o, "goroutine", true).toStdString();
            c.state = state(o.value("state"), QStringLiteral("until.state"));
        } else if (o.contains("event")) {
            c.kind = Condition::Kind::Event;
            const QJsonValue e = o.value("event");
            bool found = false;
            for (int i = 0; i < goro::kEventKindCount && !found; ++i) {
                const auto kind = static_cast<goro::EventKind>(i);
                if (e.isString() && e.toString().toStdString() == goro::event_kind_name(kind)) {
                    c.event = kind;
                    found = true;
                }
            }
            if (!found)
                refuse(QStringLiteral("until.event"),
                       QStringLiteral("must name an event kind such as \"ChanClose\", not %1")
                           .arg(json_text(e)));
        } else if (o.value("end").toBool()) {
            c.kind = Condition::Kind::End;
        } else {
            refuse(QStringLiteral("until"),
                   QStringLiteral("must hold one of time, channel, goroutine, event or end, not %1")
                       .arg(c.text));
        }
        return c;
    }

    Question question(const QJsonValue& v) const {
        if (!v.isObject())
            refuse(QStringLiteral("ask"),
                   QStringLiteral("must be an object with a question, not %1").arg(json_text(v)));
        const QJsonObject o = v.toObject();
        Question q;
        q.question = string(o, "question", true);
        if (o.contains("choices")) {
            const QJsonValue list = o.value("choices");
            if (!list.isArray() || list.toArray().size() < 2)
                refuse(QStringLiteral("ask.choices"),
                       QStringLiteral("must be a list of at least two sentences, not %1")
                           .arg(json_text(list)));
            for (const QJsonValue& choice : list.toArray()) {
                if (!choice.isString() || choice.toString().trimmed().isEmpty())
                    refuse(QStringLiteral("ask.choices"),
                           QStringLiteral("must hold sentences, not %1").arg(json_text(choice)));
                q.choices.push_back(choice.toString());
            }
            const QJsonValue a = o.value("answer");
            const double n = a.toDouble(-1);
            if (!a.isDouble() || n < 0 || n >= static_cast<double>(q.choices.size()) ||
                std::floor(n) != n)
                refuse(QStringLiteral("ask.answer"),
                       QStringLiteral("must be the index of the right choice, from 0 to %1, not %2")
                           .arg(q.choices.size() - 1)
                           .arg(json_text(a)));
            q.answer = static_cast<int>(n);
        } else if (o.contains("estimate")) {
            const QJsonValue e = o.value("estimate");
            if (!e.isDouble())
                refuse(QStringLiteral("ask.estimate"),
                       QStringLiteral("must be a number, not %1").arg(json_text(e)));
            q.estimate = e.toDouble();
            if (o.contains("within")) {
                const QJsonValue w = o.value("within");
                if (!w.isDouble() || w.toDouble() <= 0 || w.toDouble() > 1)
                    refuse(QStringLiteral("ask.within"),
                           QStringLiteral("must be a fraction above 0 and at most 1, not %1")
                               .arg(json_text(w)));
                q.within = w.toDouble();
            }
        } else {
            refuse(QStringLiteral("ask"),
                   QStringLiteral("must have choices and an answer, or a number to estimate"));
        }
        return q;
    }

    Expectation expectation(const QJsonValue& v) const {
        if (!v.isObject())
            refuse(QStringLiteral("expect"),
                   QStringLiteral("must hold objects, not %1").arg(json_text(v)));
        const QJsonObject o = v.toObject();
        Expectation x;
        x.text = json_text(v);
        if (o.contains("run")) {
            x.run = o.value("run").toString().toStdString();
            if (x.run != "a" && x.run != "b")
                refuse(QStringLiteral("expect.run"),
                       QStringLiteral("must be \"a\" or \"b\", not %1")
                           .arg(json_text(o.value("run"))));
        }
        auto bound = [&](const char* field) -> std::optional<double> {
            const QJsonValue b = o.value(QLatin1String(field));
            if (b.isUndefined()) return std::nullopt;
            if (!b.isDouble())
                refuse(QStringLiteral("expect.%1").arg(QLatin1String(field)),
                       QStringLiteral("must be a number, not %1").arg(json_text(b)));
            return b.toDouble();
        };
        if (o.contains("counter")) {
            x.kind = Expectation::Kind::Counter;
            x.name = string(o, "counter", true).toStdString();
            bool known = x.name == "completed";
            for (const CounterSpec& c : m_scenario->info().counters)
                known = known || c.name == x.name;
            if (!known)
                refuse(QStringLiteral("expect.counter"),
                       QStringLiteral("must name one of the scenario's counters, not \"%1\"")
                           .arg(QString::fromStdString(x.name)));
            x.at_least = bound("at_least");
            x.at_most = bound("at_most");
        } else if (o.contains("channel")) {
            x.kind = Expectation::Kind::Depth;
            x.name = string(o, "channel", true).toStdString();
            x.at_least = bound("depth_at_least");
            x.at_most = bound("depth_at_most");
        } else if (o.contains("goroutines")) {
            x.kind = Expectation::Kind::StateCount;
            x.state = state(o.value("goroutines"), QStringLiteral("expect.goroutines"));
            x.name = ui::visual_state_label(x.state);
            x.at_least = bound("at_least");
            x.at_most = bound("at_most");
        } else {
            refuse(
                QStringLiteral("expect"),
                QStringLiteral("must name a counter, a channel or goroutines, not %1").arg(x.text));
        }
        if (!x.at_least && !x.at_most)
            refuse(QStringLiteral("expect"),
                   QStringLiteral("needs a bound (at_least or at_most) in %1").arg(x.text));
        return x;
    }

  private:
    QString m_where;
    const Scenario* m_scenario;
    int m_step = 0;
};

// A compare step's two sets of knobs, checked on copies: they change nothing else.
Comparison read_comparison(Reader& r, const QJsonValue& v, const Params& params) {
    if (!v.isObject())
        r.refuse(QStringLiteral("compare"),
                 QStringLiteral("must be an object with the knobs of a and b, not %1")
                     .arg(json_text(v)));
    const QJsonObject o = v.toObject();
    for (const QString& key : o.keys())
        if (key != QLatin1String("a") && key != QLatin1String("b"))
            r.refuse(QStringLiteral("compare"), QStringLiteral("takes a and b, not %1").arg(key));
    // Named as a message names them.
    const QJsonObject named{{"compare.a", o.value("a")}, {"compare.b", o.value("b")}};
    Comparison c;
    c.a = r.knobs(named, "compare.a", *params.copy());
    c.b = r.knobs(named, "compare.b", *params.copy());
    if (c.a.empty() && c.b.empty())
        r.refuse(QStringLiteral("compare"),
                 QStringLiteral("needs the knobs in which a and b differ"));
    return c;
}

Step read_step(Reader& r, const QJsonObject& o, Params& params) {
    static const QStringList kFields = {"say", "set",    "speed",     "try",    "restart", "until",
                                        "ask", "reveal", "highlight", "expect", "compare"};
    for (const QString& key : o.keys())
        if (!kFields.contains(key))
            r.refuse(key, QStringLiteral("is not a field of a step (%1)")
                              .arg(kFields.join(QStringLiteral(", "))));
    Step s;
    s.say = r.string(o, "say", true);
    s.set = r.knobs(o, "set", params);
    if (o.contains("speed")) s.speed = r.speed(o.value("speed"));
    s.try_knobs = r.knobs(o, "try", params);
    if (o.contains("restart")) {
        if (!o.value("restart").isBool())
            r.refuse(
                QStringLiteral("restart"),
                QStringLiteral("must be true or false, not %1").arg(json_text(o.value("restart"))));
        s.restart = o.value("restart").toBool();
    }
    if (o.contains("until")) s.until = r.condition(o.value("until"));
    if (o.contains("ask")) s.ask = r.question(o.value("ask"));
    s.reveal = r.string(o, "reveal", false);
    if (s.ask && s.reveal.isEmpty())
        r.refuse(QStringLiteral("reveal"),
                 QStringLiteral("must explain the answer to the question"));
    const QJsonValue h = o.value("highlight");
    if (!h.isUndefined()) {
        if (!h.isArray())
            r.refuse(QStringLiteral("highlight"),
                     QStringLiteral("must be a list of names, not %1").arg(json_text(h)));
        for (const QJsonValue& name : h.toArray()) {
            if (!name.isString() || name.toString().isEmpty())
                r.refuse(QStringLiteral("highlight"),
                         QStringLiteral("must hold names, not %1").arg(json_text(name)));
            s.highlight.push_back(name.toString().toStdString());
        }
    }
    const QJsonValue e = o.value("expect");
    if (!e.isUndefined()) {
        if (!e.isArray())
            r.refuse(QStringLiteral("expect"),
                     QStringLiteral("must be a list, not %1").arg(json_text(e)));
        for (const QJsonValue& x : e.toArray())
            s.expect.push_back(r.expectation(x));
        if (!s.until)
            r.refuse(QStringLiteral("expect"),
                     QStringLiteral("needs an until: it is checked where the step pauses"));
    }
    if (o.contains("compare")) {
        s.compare = read_comparison(r, o.value("compare"), params);
        if (!s.set.empty() || !s.try_knobs.empty() || s.restart)
            r.refuse(QStringLiteral("compare"),
                     QStringLiteral("takes its knobs in compare.a and compare.b, not in set, try "
                                    "or restart"));
        if (!s.until || s.until->kind != Condition::Kind::Time)
            r.refuse(
                QStringLiteral("until"),
                QStringLiteral("of a compare step must be a time, such as {\"time\": \"10s\"}: "
                               "both runs pause there"));
    }
    for (const Expectation& x : s.expect) {
        if (s.compare && x.run.empty())
            r.refuse(
                QStringLiteral("expect.run"),
                QStringLiteral("must name the run a compare step checks (\"a\" or \"b\") in %1")
                    .arg(x.text));
        if (!s.compare && !x.run.empty())
            r.refuse(QStringLiteral("expect.run"),
                     QStringLiteral("belongs to a compare step only, in %1").arg(x.text));
    }
    return s;
}

}  // namespace

bool is_lesson(const QByteArray& json) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isObject() && doc.object().value("gorama").toString() == QLatin1String("lesson");
}

std::optional<Lesson> parse_lesson(const QByteArray& json, const QString& where, QString& error) {
    const std::optional<QJsonObject> object = json_object(json, where, error);
    if (!object) return std::nullopt;
    const QJsonObject& root = *object;
    if (root.value("gorama").toString() != "lesson" || root.value("version").toInt() != 1) {
        error =
            QStringLiteral("%1 is not a Gorama lesson (\"gorama\": \"lesson\", \"version\": 1).")
                .arg(where);
        return std::nullopt;
    }
    const QJsonValue name = root.value("scenario");
    const Scenario* scenario =
        name.isString() ? find_scenario(name.toString().toStdString()) : nullptr;
    if (!scenario) {
        error =
            QStringLiteral(
                "%1: scenario must name a scenario, such as \"intro\" (see gorama list), not %2.")
                .arg(where, json_text(name));
        return std::nullopt;
    }
    try {
        Reader r(where, scenario);
        Lesson lesson;
        lesson.title = r.string(root, "title", true);
        lesson.pattern = r.string(root, "pattern", true);
        lesson.start.scenario = scenario;
        lesson.start.params = std::make_shared<Params>(scenario->info().params);
        if (root.contains("seed")) {
            const QJsonValue s = root.value("seed");
            const double v = s.toDouble(-1);
            if (!s.isDouble() || v < 0 || v > 9007199254740992.0 || std::floor(v) != v)
                r.refuse(QStringLiteral("seed"),
                         QStringLiteral("must be a whole number from 0 to 2^53, not %1")
                             .arg(json_text(s)));
            lesson.start.seed = static_cast<std::uint64_t>(v);
        }
        if (root.contains("mode")) {
            std::string why;
            const QJsonValue m = root.value("mode");
            const auto mode = m.isString()
                                  ? run_spec::parse_mode(m.toString().toStdString(), "mode", why)
                                  : std::nullopt;
            if (!mode)
                r.refuse(QStringLiteral("mode"),
                         QStringLiteral("must be \"deterministic\" or \"parallel\", not %1")
                             .arg(json_text(m)));
            lesson.start.mode = *mode;
        }
        lesson.start.speed =
            root.contains("speed") ? r.speed(root.value("speed")) : scenario->info().teaching_speed;
        r.knobs(root, "params", *lesson.start.params);
        // The steps' knobs are checked against a copy: the start stays as the file gives it.
        const std::shared_ptr<Params> later = lesson.start.params->copy();
        const QJsonValue steps = root.value("steps");
        if (!steps.isArray() || steps.toArray().isEmpty())
            r.refuse(QStringLiteral("steps"),
                     QStringLiteral("must be a list of at least one step, not %1")
                         .arg(json_text(steps)));
        int n = 0;
        for (const QJsonValue& step : steps.toArray()) {
            r.at_step(++n);
            if (!step.isObject())
                r.refuse(QStringLiteral("the step"),
                         QStringLiteral("must be an object, not %1").arg(json_text(step)));
            lesson.steps.push_back(read_step(r, step.toObject(), *later));
        }
        return lesson;
    } catch (const Refusal& refusal) {
        error = refusal.message;
        return std::nullopt;
    }
}

}  // namespace gorama::lesson
