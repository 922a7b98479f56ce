#include "param_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "scenarios/params.hpp"

namespace gorama::ui {
namespace {

QString label_text(const ParamSpec& spec) {
    QString text = QString::fromStdString(spec.label);
    if (!spec.unit.empty() && spec.kind != ParamKind::Duration)
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(spec.unit));
    if (!spec.live) text += QStringLiteral(" \u27f3");  // marked: takes effect on restart
    return text;
}

}  // namespace

ParamPanel::ParamPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(m_form);
    m_restart = new QPushButton(tr("Restart with these values"), this);
    m_restart->setToolTip(tr("Parameters marked \u27f3 take effect when the run restarts"));
    m_restart->setVisible(false);
    layout->addWidget(m_restart);
    layout->addStretch(1);
    connect(m_restart, &QPushButton::clicked, this, [this] {
        auto params = values_with_pending();
        m_pending.clear();
        m_restart->setVisible(false);
        Q_EMIT restart_requested(params);
    });
}

void ParamPanel::set_params(std::shared_ptr<Params> params) {
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    m_pending.clear();
    m_restart->setVisible(false);
    m_params = std::move(params);
    if (!m_params) return;
    for (const ParamSpec& spec : m_params->specs()) {
        const double value = m_params->get(spec.name);
        QWidget* editor = nullptr;
        switch (spec.kind) {
            case ParamKind::Int:
            case ParamKind::Duration: {
                auto* box = new QSpinBox(this);
                box->setRange(static_cast<int>(std::ceil(spec.min)),
                              static_cast<int>(std::floor(spec.max)));
                box->setValue(static_cast<int>(std::lround(value)));
                if (spec.kind == ParamKind::Duration) box->setSuffix(QStringLiteral(" ms"));
                box->setAccelerated(true);
                connect(box, &QSpinBox::valueChanged, this,
                        [this, &spec](int v) { edited(spec, v); });
                editor = box;
                break;
            }
            case ParamKind::Real: {
                auto* box = new QDoubleSpinBox(this);
                box->setDecimals(2);
                box->setRange(spec.min, spec.max);
                box->setSingleStep(spec.max - spec.min > 10 ? 1.0 : 0.05);
                box->setValue(value);
                connect(box, &QDoubleSpinBox::valueChanged, this,
                        [this, &spec](double v) { edited(spec, v); });
                editor = box;
                break;
            }
            case ParamKind::Bool: {
                auto* box = new QCheckBox(this);
                box->setChecked(value != 0);
                connect(box, &QCheckBox::toggled, this,
                        [this, &spec](bool on) { edited(spec, on ? 1 : 0); });
                editor = box;
                break;
            }
            case ParamKind::Choice: {
                auto* box = new QComboBox(this);
                for (const std::string& choice : spec.choices)
                    box->addItem(QString::fromStdString(choice));
                box->setCurrentIndex(static_cast<int>(std::lround(value)));
                connect(box, &QComboBox::currentIndexChanged, this,
                        [this, &spec](int i) { edited(spec, i); });
                editor = box;
                break;
            }
        }
        editor->setObjectName(QString::fromStdString(spec.name));
        editor->setToolTip(QString::fromStdString(spec.help));
        auto* label = new QLabel(label_text(spec), this);
        label->setToolTip(QString::fromStdString(spec.help) +
                          (spec.live ? QString() : tr(" (takes effect on restart)")));
        m_form->addRow(label, editor);
        m_editors[spec.name] = editor;
    }
}

void ParamPanel::edited(const ParamSpec& spec, double value) {
    if (!m_params) return;
    if (spec.live || m_editing_copy) {
        std::string error;
        if (m_params->set(spec.name, value, error))
            Q_EMIT live_changed(QString::fromStdString(spec.name));
        return;
    }
    if (value == m_params->get(spec.name)) {
        m_pending.erase(spec.name);
    } else {
        m_pending[spec.name] = value;
    }
    m_restart->setVisible(!m_pending.empty());
}

std::shared_ptr<Params> ParamPanel::values_with_pending() const {
    auto fresh = m_params->copy();
    std::string error;
    for (const auto& [name, value] : m_pending)
        fresh->set(name, value, error);  // in range: the editor's limits are the spec's
    return fresh;
}

bool ParamPanel::set_value(const std::string& name, double value) {
    QWidget* w = editor(name);
    if (!w) return false;
    if (auto* spin = qobject_cast<QSpinBox*>(w)) {
        spin->setValue(static_cast<int>(std::lround(value)));
    } else if (auto* real = qobject_cast<QDoubleSpinBox*>(w)) {
        real->setValue(value);
    } else if (auto* check = qobject_cast<QCheckBox*>(w)) {
        check->setChecked(value != 0);
    } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
        combo->setCurrentIndex(static_cast<int>(std::lround(value)));
    }
    return true;
}

double ParamPanel::shown_value(const std::string& name) const {
    QWidget* w = editor(name);
    if (auto* spin = qobject_cast<QSpinBox*>(w)) return spin->value();
    if (auto* real = qobject_cast<QDoubleSpinBox*>(w)) return real->value();
    if (auto* check = qobject_cast<QCheckBox*>(w)) return check->isChecked() ? 1 : 0;
    if (auto* combo = qobject_cast<QComboBox*>(w)) return combo->currentIndex();
    return std::nan("");
}

QWidget* ParamPanel::editor(const std::string& name) const {
    auto it = m_editors.find(name);
    return it == m_editors.end() ? nullptr : it->second;
}

bool ParamPanel::restart_pending() const {
    return !m_pending.empty();
}

}  // namespace gorama::ui
