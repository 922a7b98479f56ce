#include "key_card.hpp"

#include <QAction>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QRegularExpression>

namespace gorama::ui {
namespace {

// "&Presentation mode" -> "Presentation mode"; "Step one raw event" unchanged.
QString plain(QString text) {
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("\u2026"))) text.chop(1);
    // "Play or pause (Space)": the card shows the keys in a column of their own.
    text.remove(QRegularExpression(QStringLiteral("\\s*\\([^)]*\\)$")));
    return text;
}

}  // namespace

QStringList key_rows(const QList<QAction*>& actions) {
    QStringList rows;
    for (QAction* a : actions) {
        if (!a || a->text().isEmpty()) continue;
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        if (keys.isEmpty()) continue;
        const QString what = plain(
            a->toolTip().isEmpty() || a->toolTip() == plain(a->text()) ? a->text() : a->toolTip());
        rows << keys.join(QStringLiteral("  or  ")) + QLatin1Char('\t') + what;
    }
    return rows;
}

KeyCard::KeyCard(const QList<QAction*>& actions, double point_size, QWidget* parent)
    : QDialog(parent), m_rows(key_rows(actions)) {
    setWindowTitle(tr("Keys"));
    auto* grid = new QGridLayout(this);
    grid->setHorizontalSpacing(24);
    QFont key_font = font();
    key_font.setPointSizeF(point_size);
    key_font.setBold(true);
    QFont text_font = key_font;
    text_font.setBold(false);
    for (int row = 0; row < m_rows.size(); ++row) {
        const QStringList cells = m_rows[row].split(QLatin1Char('\t'));
        auto* k = new QLabel(cells[0], this);
        k->setFont(key_font);
        auto* t = new QLabel(cells[1], this);
        t->setFont(text_font);
        grid->addWidget(k, row, 0, Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(t, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
    }
}

void KeyCard::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_F1 || event->key() == Qt::Key_Question) {
        close();
        return;
    }
    QDialog::keyPressEvent(event);  // Esc closes
}

}  // namespace gorama::ui
