#include "message_banner.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace gorama::ui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_label, 1);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    hide();
}

void MessageBanner::show_message(Kind kind, const QString& headline, const QStringList& lines) {
    m_kind = kind;
    // Colours that read on a projector: dark text on a pale tint of the message's colour.
    const char* tint = kind == Kind::Error     ? "#ffd7d5"
                       : kind == Kind::Warning ? "#ffe9b8"
                                               : "#d9ecff";
    const char* edge = kind == Kind::Error     ? "#c0392b"
                       : kind == Kind::Warning ? "#b7791f"
                                               : "#2b6cb0";
    setStyleSheet(
        QStringLiteral("gorama--ui--MessageBanner { background: %1; border: 2px solid %2; "
                       "border-radius: 4px; } QLabel { color: #1a1a1a; }")
            .arg(QLatin1String(tint), QLatin1String(edge)));
    QString html = QStringLiteral("<b>%1</b>").arg(headline.toHtmlEscaped());
    for (const QString& line : lines)
        html += QStringLiteral("<br>%1").arg(line.toHtmlEscaped());
    m_label->setText(html);
    m_lines = QStringList(headline) + lines;
    show();
}

void MessageBanner::dismiss() {
    m_lines.clear();
    hide();
}

QString MessageBanner::text() const {
    return isHidden() ? QString() : m_lines.join('\n');
}

}  // namespace gorama::ui
