#include "transport_keys.hpp"

#include <QAbstractSpinBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMetaObject>

namespace gorama::ui {
namespace {

// The spin box `o` is, or whose editor it is; nullptr if none.
QAbstractSpinBox* spin_box_of(QObject* o) {
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(o)) return spin;
    if (qobject_cast<QLineEdit*>(o)) return qobject_cast<QAbstractSpinBox*>(o->parent());
    return nullptr;
}

}  // namespace

TransportKeys::TransportKeys(QWidget* home, QObject* parent) : QObject(parent), m_home(home) {
}

bool TransportKeys::is_transport_key(const QKeyEvent& key) {
    const Qt::KeyboardModifiers mods = key.modifiers() & ~Qt::KeypadModifier;
    switch (key.key()) {
        case Qt::Key_Space:
        case Qt::Key_Left:
        case Qt::Key_R:
            return mods == Qt::NoModifier;
        case Qt::Key_Right:
            return mods == Qt::NoModifier || mods == Qt::ShiftModifier;
        default:
            return false;
    }
}

bool TransportKeys::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress) return false;
    QAbstractSpinBox* spin = spin_box_of(watched);
    if (!spin) return false;
    const auto& key = static_cast<const QKeyEvent&>(*event);
    if (type == QEvent::ShortcutOverride) {
        // Left unaccepted, the override lets the window's shortcut run instead of the editor.
        return is_transport_key(key);
    }
    if ((key.key() == Qt::Key_Return || key.key() == Qt::Key_Enter) && m_home) {
        // After the spin box has taken the Enter (and committed its value).
        QMetaObject::invokeMethod(
            m_home,
            [home = m_home] {
                if (home) home->setFocus(Qt::OtherFocusReason);
            },
            Qt::QueuedConnection);
    }
    return false;
}

}  // namespace gorama::ui
