// The window's words for the run's clock and speed: "2.5×", "0.25×", "3.200 s".
#pragma once

#include <QString>
#include <cstdint>

namespace gorama::ui {

inline QString speed_text(double speed) {
    return QStringLiteral("%1\u00d7").arg(speed, 0, 'g', speed < 1 ? 2 : 3);
}

inline QString seconds_text(std::int64_t ns) {
    return QStringLiteral("%1 s").arg(static_cast<double>(ns) / 1e9, 0, 'f', 3);
}

}  // namespace gorama::ui
