#include "compare_dialog.hpp"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

#include "docks/compare_charts.hpp"
#include "param_panel.hpp"
#include "scenarios/params.hpp"

namespace gorama::ui {

CompareDialog::CompareDialog(const Params& current, const QString& scenario_title, QWidget* parent)
    : QDialog(parent), m_a(current.copy()), m_b(current.copy()) {
    setWindowTitle(tr("Compare two settings"));
    auto* grid = new QGridLayout(this);
    auto* intro = new QLabel(
        tr("%1, twice, side by side: change the knobs of B (or of both). Both runs get the same "
           "seed, speed and mode.")
            .arg(scenario_title),
        this);
    intro->setWordWrap(true);
    grid->addWidget(intro, 0, 0, 1, 2);
    const std::array<QColor, 2> colors = {CompareCharts::kColorA, CompareCharts::kColorB};
    for (int i = 0; i < 2; ++i) {
        auto* title = new QLabel(i == 0 ? tr("A") : tr("B"), this);
        title->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold; font-size: 150%;").arg(colors[i].name()));
        auto* panel = new ParamPanel(this);
        panel->set_form(true);
        panel->set_params(i == 0 ? m_a : m_b);
        grid->addWidget(title, 1, i, Qt::AlignHCenter);
        grid->addWidget(panel, 2, i);
        (i == 0 ? m_panel_a : m_panel_b) = panel;
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Compare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    grid->addWidget(buttons, 3, 0, 1, 2);
}

}  // namespace gorama::ui
