#include "guide_window.hpp"

#include <QFile>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "key_card.hpp"

namespace gorama::ui {

GuideWindow::GuideWindow(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Gorama guide"));
    QFile file(QStringLiteral(":/guide/guide.md"));
    if (file.open(QIODevice::ReadOnly)) m_markdown = QString::fromUtf8(file.readAll());
    // The keys, as the menus have them now.
    m_markdown += QStringLiteral("\n## Every key\n\n| Keys | What they do |\n|---|---|\n");
    for (const QString& row : key_rows(actions)) {
        const QStringList cells = row.split(QLatin1Char('\t'));
        m_markdown += QStringLiteral("| **%1** | %2 |\n").arg(cells[0], cells[1]);
    }
    m_text = new QTextBrowser(this);
    m_text->setOpenExternalLinks(false);
    m_text->setMarkdown(m_markdown);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    resize(900, 800);
}

void GuideWindow::set_text_size(double point_size) {
    QFont f = m_text->font();
    f.setPointSizeF(point_size);
    m_text->setFont(f);
    m_text->document()->setDefaultFont(f);
}

}  // namespace gorama::ui
