#include "lesson_dock.hpp"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <cmath>

#include "lesson/lesson_player.hpp"
#include "model/compare_runs.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"

namespace gorama::ui {
namespace {

constexpr double kTextScale = 1.35;  // the class reads the panel from the back row

// A label whose text wraps; `bold` ones get their font in follow_app_font().
QLabel* wrapped(QWidget* parent, bool bold = false) {
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setProperty("bold", bold);
    return l;
}

const ParamSpec* spec_of(const Params& p, const std::string& name) {
    for (const ParamSpec& s : p.specs())
        if (s.name == name) return &s;
    return nullptr;
}

// The value a step's knob text stands for (checked when the lesson was read).
std::optional<double> value_of(const Params& p, const std::string& name, const std::string& text) {
    std::string why;
    const ParamSpec* spec = spec_of(p, name);
    return spec ? parse_value(*spec, text, why) : std::nullopt;
}

}  // namespace

LessonDock::LessonDock(LessonHost& host, QWidget* parent)
    : QDockWidget(tr("Lesson"), parent), m_host(host) {
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the text wraps instead
    setMinimumWidth(360);
    auto* panel = new QWidget(scroll);
    m_panel = panel;
    auto* layout = new QVBoxLayout(panel);
    m_title = wrapped(panel, true);
    m_progress = wrapped(panel);
    m_say = wrapped(panel);
    m_try = wrapped(panel);
    m_set_for_me = new QPushButton(tr("Set it for me"), panel);
    m_go_on = new QPushButton(tr("Go on"), panel);
    auto* try_row = new QHBoxLayout;
    try_row->addWidget(m_set_for_me);
    try_row->addWidget(m_go_on);
    m_question = wrapped(panel, true);
    m_choices = new QVBoxLayout;
    m_estimate = new QLineEdit(panel);
    m_estimate->setPlaceholderText(tr("Your estimate"));
    m_answer = new QPushButton(tr("Answer"), panel);
    auto* estimate_row = new QHBoxLayout;
    estimate_row->addWidget(m_estimate, 1);
    estimate_row->addWidget(m_answer);
    m_verdict = wrapped(panel, true);
    m_reveal = wrapped(panel);
    m_back = new QPushButton(tr("Back (B)"), panel);
    m_next = new QPushButton(tr("Next (N)"), panel);
    auto* nav = new QHBoxLayout;
    nav->addWidget(m_back);
    nav->addWidget(m_next);
    for (QWidget* w : std::initializer_list<QWidget*>{m_title, m_progress, m_say, m_try})
        layout->addWidget(w);
    layout->addLayout(try_row);
    layout->addWidget(m_question);
    layout->addLayout(m_choices);
    layout->addLayout(estimate_row);
    layout->addWidget(m_verdict);
    layout->addWidget(m_reveal);
    layout->addStretch(1);
    layout->addLayout(nav);
    scroll->setWidget(panel);
    setWidget(scroll);

    connect(m_set_for_me, &QPushButton::clicked, this, &LessonDock::set_try_knobs);
    connect(m_go_on, &QPushButton::clicked, this, &LessonDock::go_on);
    connect(m_answer, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const double v = m_estimate->text().trimmed().toDouble(&ok);
        if (ok && std::isfinite(v)) {
            answer_estimate(v);
        } else {
            m_verdict->setText(tr("An estimate is a number, such as 4 or 2.5."));
        }
    });
    connect(m_estimate, &QLineEdit::returnPressed, m_answer, &QPushButton::click);
    connect(m_back, &QPushButton::clicked, this, &LessonDock::back);
    connect(m_next, &QPushButton::clicked, this, &LessonDock::next);
    connect(&m_host.lesson_model(), &RunModel::watch_reached, this, &LessonDock::on_reached);
    follow_app_font();
    show_step();
}

void LessonDock::follow_app_font() {
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * kTextScale);
    m_panel->setFont(font);
    font.setBold(true);
    for (QLabel* l : m_panel->findChildren<QLabel*>())
        if (l->property("bold").toBool()) l->setFont(font);
}

void LessonDock::changeEvent(QEvent* event) {
    // Presentation mode sets a larger application font: the lesson grows with it.
    if (event->type() == QEvent::ApplicationFontChange || event->type() == QEvent::FontChange)
        follow_app_font();
    QDockWidget::changeEvent(event);
}

void LessonDock::start(lesson::Lesson lesson) {
    m_lesson = std::move(lesson);
    m_work_sites = m_lesson->start.scenario->info().work_site_ids();
    m_marks.clear();
    RunSetup setup = m_lesson->start;
    setup.params = setup.params->copy();
    m_host.lesson_open(std::move(setup));
    enter(0, false);
}

void LessonDock::enter(int step, bool replaying) {
    if (m_compare) {  // the previous step compared two runs; this one goes on with the lesson's
        m_compare = nullptr;
        m_host.lesson_end_compare();
    }
    m_step = step;
    m_checks.clear();
    m_verdict->clear();
    m_host.lesson_highlight({});
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(step)];
    m_marks.resize(static_cast<std::size_t>(step) + 1);
    m_marks.back() = Mark{m_host.lesson_model().engine_time(), 0, goro::Time(0)};
    if (s.speed) m_host.lesson_model().set_speed(*s.speed);
    if (!s.try_knobs.empty() && !replaying) {
        m_phase = Phase::Try;
        show_step();
        return;
    }
    apply_knobs(s);
    if (!replaying) run_step();
}

void LessonDock::apply_knobs(const lesson::Step& s) {
    RunModel& model = m_host.lesson_model();
    std::shared_ptr<Params> params =
        s.restart ? model.setup().params->copy() : model.setup().params;
    for (const auto& knobs : {std::cref(s.set), std::cref(s.try_knobs)}) {
        for (const auto& [name, value] : knobs.get()) {
            std::string why;
            params->set_text(name + "=" + value, why);  // checked when the lesson was read
        }
    }
    if (s.restart) {
        RunSetup setup = model.setup();
        setup.params = std::move(params);
        m_host.lesson_open(std::move(setup));
    } else {
        m_host.lesson_knobs().set_params(params);  // the editors show the lesson's values
    }
}

void LessonDock::run_step() {
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    if (!s.until) {
        m_phase = s.ask ? Phase::Asking : Phase::Revealed;
        if (!s.ask) reveal({});
        show_step();
        return;
    }
    m_phase = Phase::Running;
    show_step();
    RunModel& model = m_host.lesson_model();
    if (s.compare) {
        RunSetup a = model.setup();
        RunSetup b = model.setup();
        for (auto [setup, knobs] : {std::pair{&a, &s.compare->a}, std::pair{&b, &s.compare->b}}) {
            setup->params = setup->params->copy();
            for (const auto& [name, value] : *knobs) {
                std::string why;
                setup->params->set_text(name + "=" + value, why);  // checked when it was read
            }
        }
        m_compare = &m_host.lesson_compare(std::move(a), std::move(b));
        connect(m_compare, &CompareRuns::paused_at, this, &LessonDock::on_compared,
                Qt::UniqueConnection);
        m_compare->pause_at(goro::Time(s.until->time));
        m_compare->play();
        return;
    }
    if (s.until->kind == lesson::Condition::Kind::Time) {
        model.pause_at_time(s.until->time);
    } else {
        model.pause_when([until = *s.until, sites = m_work_sites](const goro::Event& e,
                                                                  const goro::WorldState& w) {
            return lesson::reached(until, e, w, sites);
        });
    }
    model.play();
}

void LessonDock::on_reached(std::uint64_t seq) {
    if (!m_lesson || m_phase != Phase::Running) return;
    RunModel& model = m_host.lesson_model();
    Mark& mark = m_marks.back();
    mark.paused_at = seq;
    mark.engine_paused = model.engine_time();
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    QStringList checks;
    for (const lesson::Expectation& x : s.expect) {
        const QString failed = lesson::check(x, model.world(), model.metrics(), m_work_sites);
        checks << (failed.isEmpty() ? QStringLiteral("\u2713 %1").arg(x.text)
                                    : QStringLiteral("\u2717 %1").arg(failed));
    }
    m_checks = checks.join('\n');
    m_phase = s.ask ? Phase::Asking : Phase::Revealed;
    if (!s.ask) reveal({});
    show_step();
}

void LessonDock::on_compared() {
    if (!m_lesson || m_phase != Phase::Running || !m_compare) return;
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    QStringList checks;
    for (const lesson::Expectation& x : s.expect) {
        const RunModel& run = x.run == "a" ? m_compare->a() : m_compare->b();
        const QString failed = lesson::check(x, run.world(), run.metrics(), m_work_sites);
        const QString which = QString::fromStdString(x.run).toUpper();
        checks << (failed.isEmpty() ? QStringLiteral("\u2713 %1: %2").arg(which, x.text)
                                    : QStringLiteral("\u2717 %1: %2").arg(which, failed));
    }
    m_checks = checks.join('\n');
    m_phase = s.ask ? Phase::Asking : Phase::Revealed;
    if (!s.ask) reveal({});
    show_step();
}

bool LessonDock::can_next() const {
    return m_lesson && m_phase == Phase::Revealed &&
           m_step + 1 < static_cast<int>(m_lesson->steps.size());
}

void LessonDock::next() {
    if (!m_lesson) return;
    if (m_phase == Phase::Revealed && m_step + 1 == static_cast<int>(m_lesson->steps.size())) {
        m_phase = Phase::Done;
        show_step();
        return;
    }
    if (can_next()) enter(m_step + 1, false);
}

void LessonDock::back() {
    if (!m_lesson || m_step <= 0) return;
    const int target = m_step - 1;
    const std::vector<Mark> marks(m_marks.begin(), m_marks.begin() + target + 1);
    RunModel& model = m_host.lesson_model();
    model.pause_when({});
    RunSetup setup = m_lesson->start;
    setup.params = setup.params->copy();
    m_host.lesson_open(std::move(setup));
    // The same knob changes at the same points of the engine's clock: the same run.
    for (int k = 0; k <= target; ++k) {
        const Mark& mark = marks[static_cast<std::size_t>(k)];
        if (mark.engine_at > model.engine_time()) model.fast_forward(mark.engine_at);
        enter(k, true);
        m_marks.back() = mark;
        if (k == target && mark.paused_at > 0) {
            model.fast_forward(mark.engine_paused);
            model.catch_up();
            const auto& until = m_lesson->steps[static_cast<std::size_t>(k)].until;
            model.seek(mark.paused_at,
                       until && until->kind == lesson::Condition::Kind::Time ? until->time : -1);
        } else if (k < target && mark.paused_at > 0) {
            model.fast_forward(marks[static_cast<std::size_t>(k) + 1].engine_at);
        }
    }
    if (m_lesson->steps[static_cast<std::size_t>(target)].compare) {
        run_step();  // the two runs again, from the seed, to the step's time
        return;
    }
    m_phase = Phase::Running;
    on_reached(marks.back().paused_at);
    if (marks.back().paused_at == 0) run_step();
}

void LessonDock::answer_choice(int index) {
    if (m_phase != Phase::Asking) return;
    const lesson::Question& q = *m_lesson->steps[static_cast<std::size_t>(m_step)].ask;
    if (q.is_estimate()) return;
    reveal(index == q.answer
               ? tr("Right.")
               : tr("Not quite: %1.").arg(q.choices[static_cast<std::size_t>(q.answer)]));
}

void LessonDock::answer_estimate(double value) {
    if (m_phase != Phase::Asking) return;
    const lesson::Question& q = *m_lesson->steps[static_cast<std::size_t>(m_step)].ask;
    if (!q.is_estimate()) return;
    const bool close = std::abs(value - q.estimate) <= q.within * std::abs(q.estimate);
    reveal((close ? tr("Right: about %1.") : tr("Not quite: about %1.")).arg(q.estimate));
}

void LessonDock::set_try_knobs() {
    if (m_phase != Phase::Try) return;
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    const Params& params = *m_host.lesson_model().setup().params;
    for (const auto& [name, value] : s.try_knobs)
        if (const std::optional<double> v = value_of(params, name, value))
            m_host.lesson_knobs().set_value(name, *v);
    show_step();
}

void LessonDock::go_on() {
    if (m_phase != Phase::Try) return;
    const lesson::Step& s = m_lesson->steps[static_cast<std::size_t>(m_step)];
    const Params& params = *m_host.lesson_model().setup().params;
    for (const auto& [name, value] : s.try_knobs) {
        const std::optional<double> want = value_of(params, name, value);
        const double shown = m_host.lesson_knobs().shown_value(name);
        if (want && shown != *want) {
            const ParamSpec* spec = spec_of(params, name);
            m_verdict->setText(tr("%1 is %2: this step asks for %3.")
                                   .arg(QString::fromStdString(spec->label),
                                        QString::fromStdString(format_value(*spec, shown)),
                                        QString::fromStdString(value)));
            return;
        }
    }
    apply_knobs(s);
    run_step();
}

void LessonDock::reveal(const QString& verdict) {
    m_phase = Phase::Revealed;
    m_verdict->setText(verdict);
    m_host.lesson_highlight(m_lesson->steps[static_cast<std::size_t>(m_step)].highlight);
    show_step();
}

void LessonDock::clear_choices() {
    for (QWidget* row : m_choice_rows) {
        row->hide();  // now: deleteLater() waits for the event loop
        row->deleteLater();
    }
    m_choice_rows.clear();
    m_choice_texts.clear();
}

void LessonDock::show_step() {
    clear_choices();
    const bool on = m_lesson.has_value() && m_step >= 0;
    const lesson::Step* s = on ? &m_lesson->steps[static_cast<std::size_t>(m_step)] : nullptr;
    m_title->setText(on ? m_lesson->title : tr("No lesson open (the Lessons menu)"));
    m_progress->setText(on ? tr("Step %1 of %2").arg(m_step + 1).arg(m_lesson->steps.size())
                           : QString());
    m_say->setText(s ? s->say : QString());
    QStringList wanted;
    if (s && m_lesson) {
        const Params& params = *m_lesson->start.params;
        for (const auto& [name, value] : s->try_knobs) {
            const ParamSpec* spec = spec_of(params, name);
            wanted << tr("%1 to %2")
                          .arg(spec ? QString::fromStdString(spec->label)
                                    : QString::fromStdString(name),
                               QString::fromStdString(value));
        }
    }
    const bool trying = m_phase == Phase::Try;
    m_try->setText(trying ? tr("Your turn: set %1 in the Scenario panel, then Go on.")
                                .arg(wanted.join(tr(" and ")))
                          : QString());
    m_try->setVisible(trying);
    m_set_for_me->setVisible(trying);
    m_go_on->setVisible(trying);
    const bool asked =
        s && s->ask &&
        (m_phase == Phase::Asking || m_phase == Phase::Revealed || m_phase == Phase::Done);
    m_question->setText(asked ? s->ask->question : QString());
    m_question->setVisible(asked);
    const bool choosing = asked && m_phase == Phase::Asking && !s->ask->is_estimate();
    if (choosing) {  // a lettered button and the choice's words, wrapped beside it
        for (std::size_t i = 0; i < s->ask->choices.size(); ++i) {
            auto* row = new QWidget(m_question->parentWidget());
            auto* h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            auto* b = new QPushButton(QString(QChar('A' + static_cast<int>(i))), row);
            b->setFixedWidth(b->fontMetrics().height() * 2);
            auto* words = wrapped(row);
            words->setText(s->ask->choices[i]);
            words->setBuddy(b);
            h->addWidget(b, 0, Qt::AlignTop);
            h->addWidget(words, 1);
            connect(b, &QPushButton::clicked, this,
                    [this, i] { answer_choice(static_cast<int>(i)); });
            m_choices->addWidget(row);
            m_choice_rows.push_back(row);
            m_choice_texts << s->ask->choices[i];
        }
    }
    const bool estimating = asked && m_phase == Phase::Asking && s->ask->is_estimate();
    m_estimate->setVisible(estimating);
    m_answer->setVisible(estimating);
    if (estimating) m_estimate->clear();
    const bool revealed = m_phase == Phase::Revealed || m_phase == Phase::Done;
    QString reveal = revealed && s ? s->reveal : QString();
    if (revealed && !m_checks.isEmpty()) reveal += (reveal.isEmpty() ? "" : "\n\n") + m_checks;
    if (m_phase == Phase::Done) reveal += tr("\n\nThe lesson is complete.");
    if (m_phase == Phase::Running) reveal = tr("Watch the canvas: the run pauses by itself.");
    m_reveal->setText(reveal);
    m_back->setEnabled(on && m_step > 0);
    m_next->setEnabled(can_next() || (m_phase == Phase::Revealed && on));
}

QString LessonDock::text() const {
    QStringList lines;
    for (const QLabel* l : {m_title, m_progress, m_say, m_try, m_question})
        if (l->isVisibleTo(this) && !l->text().isEmpty()) lines << l->text();
    lines << m_choice_texts;
    for (const QLabel* l : {m_verdict, m_reveal})
        if (!l->text().isEmpty()) lines << l->text();
    return lines.join('\n');
}

}  // namespace gorama::ui
