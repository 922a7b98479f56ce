// gorama lesson check FILE: reads and checks a guided lesson (ui/lesson/lesson.hpp).
// gorama lesson run FILE: plays it on the real engine without a display, step by step, and
// says where each step paused and whether its expectations held.
#include <ostream>

#include "commands.hpp"
#include "lesson/input_file.hpp"
#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"

namespace gorama {

int lesson_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() != 2 || (args[0] != "check" && args[0] != "run")) {
        err << "gorama lesson: takes check FILE or run FILE\n";
        return 2;
    }
    if (args[1].empty()) {
        err << "gorama lesson " << args[0] << ": FILE must not be empty\n";
        return 2;
    }
    const QString path = QString::fromStdString(args[1]);
    QString error;
    const std::optional<QByteArray> bytes = read_input_file(path, QStringLiteral("lesson"), error);
    const std::optional<lesson::Lesson> l =
        bytes ? lesson::parse_lesson(*bytes, path, error) : std::nullopt;
    if (!l) {
        err << "gorama lesson " << args[0] << ": " << error.toStdString() << '\n';
        return 2;
    }
    out << l->title.toStdString() << " (" << l->start.scenario->info().name << ", "
        << l->steps.size() << " steps)\n";
    if (args[0] == "check") return 0;
    const lesson::PlayReport report = lesson::play_lesson(*l, &out);
    out << (report.ok() ? "every step paused where it should and every expectation held\n"
                        : "the lesson does not play as written\n");
    return report.ok() ? 0 : 1;
}

}  // namespace gorama
