#include "docks/compare_charts.hpp"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <array>

#include "docks/chart_axes.hpp"
#include "model/compare_chart_data.hpp"
#include "scenarios/scenario.hpp"

namespace gorama::ui {

// Okabe-Ito blue and vermilion.
const QColor CompareCharts::kColorA = QColor(0x00, 0x72, 0xb2);
const QColor CompareCharts::kColorB = QColor(0xd5, 0x5e, 0x00);

namespace {

constexpr std::array<const char*, 3> kNames = {"throughput", "depth", "waiting"};

}  // namespace

struct CompareCharts::Impl {
    struct Chart {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
        QLineSeries* a = nullptr;
        QLineSeries* b = nullptr;
    };
    std::array<Chart, kNames.size()> charts;
    ChartOptions options;

    Chart* find(const QString& name) {
        for (std::size_t i = 0; i < kNames.size(); ++i)
            if (name == QLatin1String(kNames[i])) return &charts[i];
        return nullptr;
    }
};

CompareCharts::CompareCharts(QWidget* parent) : QWidget(parent), d(new Impl) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    for (Impl::Chart& c : d->charts) {
        c.chart = new QChart;
        c.chart->setAnimationOptions(QChart::NoAnimation);
        c.chart->setMargins(QMargins(2, 2, 2, 2));
        c.chart->setBackgroundRoundness(0);
        c.chart->legend()->setAlignment(Qt::AlignBottom);
        c.x = new QValueAxis;
        c.y = new QValueAxis;
        for (QValueAxis* axis : {c.x, c.y})
            axis->setTruncateLabels(false);
        c.chart->addAxis(c.x, Qt::AlignBottom);
        c.chart->addAxis(c.y, Qt::AlignLeft);
        apply_axis(c.x, span_axis(0, 10, "%.0f s"));
        apply_axis(c.y, count_axis(1));
        for (bool is_b : {false, true}) {
            auto* s = new QLineSeries;
            QPen pen(is_b ? kColorB : kColorA);
            pen.setWidthF(is_b ? 3.0 : 4.0);
            if (is_b) pen.setStyle(Qt::DashLine);
            s->setPen(pen);
            c.chart->addSeries(s);
            s->attachAxis(c.x);
            s->attachAxis(c.y);
            (is_b ? c.b : c.a) = s;
        }
        c.view = new QChartView(c.chart, this);
        c.view->setRenderHint(QPainter::Antialiasing);
        c.view->setMinimumSize(200, 150);
        row->addWidget(c.view, 1);
    }
    d->charts[0].chart->setTitle(tr("Completed per second"));
    d->charts[2].chart->setTitle(tr("Goroutines waiting"));
    set_text_size(font().pointSizeF());
}

CompareCharts::~CompareCharts() = default;

void CompareCharts::reset(const gorama::ScenarioInfo& info, const QString& a, const QString& b) {
    d->options = chart_options(info);
    for (Impl::Chart& c : d->charts) {
        c.a->setName(a);
        c.b->setName(b);
        c.a->clear();
        c.b->clear();
        apply_axis(c.x, span_axis(0, 10, "%.0f s"));
        apply_axis(c.y, count_axis(1));
    }
    d->charts[1].chart->setTitle(tr("Queue depth"));
}

void CompareCharts::update_metrics(const goro::Metrics& a, const goro::Metrics& b) {
    const CompareChartData runs = compare_chart_data(a, b, d->options);
    const std::array<const PairedChart*, kNames.size()> paired = {&runs.throughput, &runs.depth,
                                                                  &runs.waiting};
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        Impl::Chart& c = d->charts[i];
        apply_axis(c.x, paired[i]->x);
        apply_axis(c.y, paired[i]->y);
        c.a->replace(to_points(paired[i]->a));
        c.b->replace(to_points(paired[i]->b));
    }
    const QString depth_title =
        runs.depth_channel.empty()
            ? tr("Queue depth (no channel to compare)")
            : tr("Depth of %1").arg(QString::fromStdString(runs.depth_channel));
    if (d->charts[1].chart->title() != depth_title) d->charts[1].chart->setTitle(depth_title);
}

void CompareCharts::set_text_size(double point_size) {
    QFont title = font();
    title.setPointSizeF(point_size * 1.1);
    title.setBold(true);
    QFont text = font();
    text.setPointSizeF(point_size);
    for (Impl::Chart& c : d->charts) {
        c.chart->setTitleFont(title);
        c.chart->legend()->setFont(text);
        c.x->setLabelsFont(text);
        c.y->setLabelsFont(text);
    }
}

QStringList CompareCharts::chart_names() const {
    QStringList out;
    for (const char* n : kNames)
        out << QString::fromLatin1(n);
    return out;
}

QString CompareCharts::chart_title(const QString& chart) const {
    const Impl::Chart* c = d->find(chart);
    return c ? c->chart->title() : QString();
}

QStringList CompareCharts::legend(const QString& chart) const {
    const Impl::Chart* c = d->find(chart);
    QStringList out;
    if (!c) return out;
    for (QLegendMarker* m : c->chart->legend()->markers())
        if (m->isVisible()) out << m->label();
    return out;
}

QList<QPointF> CompareCharts::points(const QString& chart, bool b) const {
    const Impl::Chart* c = d->find(chart);
    if (!c) return {};
    return (b ? c->b : c->a)->points();
}

QColor CompareCharts::color(const QString& chart, bool b) const {
    const Impl::Chart* c = d->find(chart);
    if (!c) return {};
    return (b ? c->b : c->a)->pen().color();
}

}  // namespace gorama::ui
