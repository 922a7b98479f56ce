// gorama [SCENARIO] [--set NAME=VALUE ...] [--seed N] [--mode deterministic|parallel]
//        [--speed X] [--settings FILE.json] [--compare NAME=VALUE ...] [--presentation]
//        [--screenshot FILE.png [--after D]]
#include <QApplication>
#include <QBuffer>
#include <QDockWidget>
#include <QEventLoop>
#include <QImage>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "commands.hpp"
#include "compare_window.hpp"
#include "goro/atomic_file.hpp"
#include "main_window.hpp"
#include "run_options.hpp"
#include "session_memory.hpp"
#include "settings_file.hpp"

namespace gorama {
namespace {

// The run the window opens with: a settings file if given, then the command line's choices.
std::optional<ui::RunSetup> make_setup(const RunOptions& o, std::string& error) {
    ui::RunSetup setup;
    if (!o.settings.empty()) {
        if (o.scenario_given) {
            error = "give a scenario or --settings, not both (the file names its scenario)";
            return std::nullopt;
        }
        QString why;
        auto loaded = ui::read_settings(QString::fromStdString(o.settings), why);
        if (!loaded) {
            error = "--settings: " + why.toStdString();
            return std::nullopt;
        }
        setup = std::move(*loaded);
        if (!apply_sets(*setup.params, o.sets, error)) return std::nullopt;
    } else {
        setup.scenario = o.scenario;
        setup.params = make_params(*o.scenario, o.sets, error);
        if (!setup.params) return std::nullopt;
    }
    if (o.settings.empty() || o.seed_given) setup.seed = o.seed;
    if (o.settings.empty() || o.mode_given) setup.mode = o.mode;
    // Without --speed the window opens a scenario at its teaching speed (a settings file keeps
    // its own).
    if (o.speed_given) {
        setup.speed = o.speed;
    } else if (o.settings.empty()) {
        setup.speed = setup.scenario->info().teaching_speed;
    }
    return setup;
}

// Messages Qt gives while QApplication is made, held back: if no platform plugin can start (no
// display, or QT_QPA_PLATFORM names none that works), Qt ends the process with qFatal, status
// 134 and a paragraph; this says it in one line, with status 2, instead. Which platform would
// work is Qt's own decision, so it is asked rather than guessed from DISPLAY and friends.
QStringList* g_held_messages = nullptr;
goro::OutputSet* g_outputs = nullptr;  // discarded before such an exit: no temporary stays

void hold_or_refuse(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type != QtFatalMsg) {
        const QString category = QString::fromUtf8(context.category ? context.category : "");
        g_held_messages->append(category.isEmpty() || category == "default"
                                    ? message
                                    : category + QStringLiteral(": ") + message);
        return;
    }
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    std::fprintf(
        stderr,
        "gorama: the window cannot open here (%s): set QT_QPA_PLATFORM=offscreen to "
        "take a --screenshot without a display, or use gorama run SCENARIO\n",
        platform.isEmpty() ? "no display" : ("no platform '" + platform + "'").constData());
    std::fflush(stderr);
    if (g_outputs) g_outputs->discard();
    std::_Exit(2);
}

// Lets the window run its frames for `ms` of wall time (layout, animation, docks).
void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Encodes `image` into `png` (the --screenshot output of `files`) and commits it.
int save_png(const QImage& image, const RunOptions& o, std::ostream& png, goro::OutputSet& files,
             std::ostream& out, std::ostream& err) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG")) {
        err << "gorama: --screenshot: cannot encode the window as PNG\n";
        return 1;
    }
    png.write(bytes.constData(), bytes.size());
    std::string error;
    if (!files.commit(error)) {
        err << "gorama: " << error << '\n';
        return 1;
    }
    (o.screenshot == "-" ? err : out)
        << "wrote " << o.screenshot << " (" << image.width() << "x" << image.height() << ")\n";
    return 0;
}

}  // namespace

int window_command(const std::vector<std::string>& args, int& argc, char** argv, std::ostream& out,
                   std::ostream& err) {
    std::string error;
    const auto o = parse_run_options(Command::Window, args, error);
    auto setup = o ? make_setup(*o, error) : std::nullopt;
    if (!setup) {
        err << "gorama: " << error << '\n';
        return 2;
    }
    // Run B of a comparison: A's values with the --compare ones on top.
    std::optional<ui::RunSetup> compare;
    if (!o->compare.empty()) {
        compare = *setup;
        compare->params = setup->params->copy();
        if (!apply_sets(*compare->params, o->compare, error, "--compare")) {
            err << "gorama: " << error << '\n';
            return 2;
        }
    }
    // A screenshot's output is checked, and its temporary made, before anything else
    // (goro/atomic_file.hpp).
    goro::OutputSet files;
    std::ostream* png = nullptr;
    if (!o->screenshot.empty()) {
        if (setup->mode != goro::Mode::Deterministic) {
            err << "gorama: --screenshot needs the deterministic mode (the parallel one runs on "
                   "the wall clock)\n";
            return 2;
        }
        png = files.add(o->screenshot, "--screenshot", error);
        if (!png) {
            err << "gorama: " << error << '\n';
            return 2;
        }
    }
    QStringList held;
    g_held_messages = &held;
    g_outputs = &files;
    const QtMessageHandler previous = qInstallMessageHandler(hold_or_refuse);
    QApplication app(argc, argv);
    qInstallMessageHandler(previous);
    g_held_messages = nullptr;
    g_outputs = nullptr;
    for (const QString& message : held)
        err << message.toStdString() << '\n';
    QApplication::setApplicationName("Gorama");
    ui::MainWindow window;
    if (!png) {
        // The interactive window reopens as the user left it (ui/session_memory.hpp) when the
        // command line names no run of its own; --seed, --mode and --speed still apply.
        window.set_remember_session(true);
        if (!o->scenario_given && o->settings.empty() && o->sets.empty()) {
            ui::RememberedSession kept = ui::remembered_session();
            window.restore_layout(kept.geometry, kept.docks);
            if (kept.run) {
                if (o->seed_given) kept.run->seed = setup->seed;
                if (o->mode_given) kept.run->mode = setup->mode;
                if (o->speed_given) kept.run->speed = setup->speed;
                setup = std::move(kept.run);
            }
        }
        window.show();
        if (o->presentation) window.set_presentation(true);
        if (compare) {
            window.open_run(*setup, false);
            window.compare(std::move(*setup), std::move(*compare));
        } else {
            window.open_run(std::move(*setup));
        }
        return QApplication::exec();
    }
    window.show();
    if (o->presentation) window.set_presentation(true);
    if (compare) {
        // Both runs to the requested time, in step, then the comparison's own window.
        const goro::Time at(static_cast<std::int64_t>(o->after_ms * 1e6));
        window.open_run(*setup, false);
        ui::CompareWindow* both = window.compare(std::move(*setup), std::move(*compare), false);
        both->runs().a().fast_forward(at);
        both->runs().b().fast_forward(at);
        both->frame();
        settle(600);
        return save_png(both->grab().toImage(), *o, *png, files, out, err);
    }
    // Screenshot: run to the requested virtual time without pacing, let the window draw, save.
    window.open_run(std::move(*setup), /*play=*/false);
    window.model().fast_forward(goro::Time(static_cast<std::int64_t>(o->after_ms * 1e6)));
    // GORAMA_RAISE_DOCK=charts (a dock's object name) brings that tab to the front first.
    if (const char* dock = std::getenv("GORAMA_RAISE_DOCK")) {
        if (auto* d = window.findChild<QDockWidget*>(QString::fromLocal8Bit(dock))) d->raise();
    }
    settle(600);
    return save_png(window.snapshot(), *o, *png, files, out, err);
}

}  // namespace gorama
