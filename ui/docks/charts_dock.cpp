#include "docks/charts_dock.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScrollArea>
#include <QThread>
#include <QValueAxis>
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "docks/chart_axes.hpp"
#include "docks/state_legend.hpp"
#include "goro/event_format.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

namespace gorama::ui {

namespace {

// Lines of one chart often coincide (a counter that tracks another, channels all empty): each
// line is drawn narrower than the ones before it, on top of them, so that none hides another.
double line_width(std::size_t i) {
    return std::max(1.5, 5.5 - 1.5 * static_cast<double>(i));
}

void set_line_style(QLineSeries* s, const QColor& color, std::size_t i) {
    QPen pen(color);
    pen.setWidthF(line_width(i));
    s->setPen(pen);
}

// The colours of depth lines: by the channel's place among the lines shown.
QColor depth_color(std::size_t i) {
    static const QColor colors[] = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
        QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
        QColor(0x17, 0xbe, 0xcf), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
        QColor(0xd6, 0x27, 0x28),
    };
    return colors[i % std::size(colors)];
}

QColor rgb(std::uint32_t v) {
    return QColor(static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
                  static_cast<int>(v & 0xff));
}

}  // namespace

struct ChartsDock::Impl {
    struct TimeChart {
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };

    QWidget* body = nullptr;
    QGridLayout* grid = nullptr;
    std::vector<QWidget*> cells;  // the charts and the numbers, in reading order
    std::vector<bool> laid_out;   // which cells the grid holds now
    int columns = 0;              // as laid out now
    QFont title_font;
    QFont axis_font;
    QFont legend_font;

    TimeChart throughput;
    QLineSeries* throughput_series = nullptr;

    TimeChart depth;
    std::map<goro::ObjectId, QLineSeries*> depth_series;
    std::size_t depth_lines_made = 0;  // since reset(): the next line's colour

    TimeChart states;
    static constexpr int kStates = static_cast<int>(StatesChart::kStates);  // bottom to top
    QLineSeries* upper[kStates] = {};
    QLineSeries* lower[kStates] = {};
    QAreaSeries* areas[kStates] = {};
    bool state_seen[kStates] = {};  // since reset(): its legend entry shows
    // The states' legend is the canvas's own (swatch, word), under the chart, wrapping: Qt's
    // one-row legend elided "blocked: select" to "blocked: s...".
    StateLegend* state_legend = nullptr;

    QChart* latency = nullptr;
    // The histogram is a stepped area over a numeric axis (bars that touch, with a line between
    // bins), so that the latency axis has round ticks however many bins there are.
    QLineSeries* latency_outline = nullptr;
    QAreaSeries* latency_series = nullptr;
    QLineSeries* p50_line = nullptr;  // vertical markers at the percentiles
    QLineSeries* p95_line = nullptr;
    QValueAxis* latency_x = nullptr;
    QValueAxis* latency_y = nullptr;

    TimeChart counters;
    std::map<std::string, QLineSeries*> counter_series;

    QLabel* big_completed = nullptr;
    QLabel* big_rate = nullptr;
    QLabel* big_latency = nullptr;
    QLabel* scenario = nullptr;

    ChartOptions options;

    QChart* make_chart(const QString& title) {
        auto* c = new QChart;
        c->setTitle(title);
        c->setTitleFont(title_font);
        c->setAnimationOptions(QChart::NoAnimation);
        c->setMargins(QMargins(2, 2, 2, 2));
        c->setBackgroundRoundness(0);
        c->legend()->setAlignment(Qt::AlignBottom);
        c->legend()->setFont(legend_font);
        return c;
    }

    // The unit is in the chart's title: a vertical axis title is cut off in a short chart.
    TimeChart make_time_chart(const QString& title) {
        TimeChart t;
        t.chart = make_chart(title);
        t.x = new QValueAxis;
        t.y = new QValueAxis;
        for (QValueAxis* a : {t.x, t.y}) {
            a->setLabelsFont(axis_font);
            a->setTitleFont(axis_font);
            a->setTickCount(5);
            a->setTruncateLabels(false);  // "..." in place of a number helps nobody
        }
        apply_axis(t.x, span_axis(0, 10, "%.0f s"));
        apply_axis(t.y, count_axis(1));
        t.chart->addAxis(t.x, Qt::AlignBottom);
        t.chart->addAxis(t.y, Qt::AlignLeft);
        return t;
    }

    static QLineSeries* add_line(TimeChart& t, const QString& name, const QString& label) {
        auto* s = new QLineSeries;
        s->setObjectName(name);
        s->setName(label);
        t.chart->addSeries(s);
        s->attachAxis(t.x);
        s->attachAxis(t.y);
        return s;
    }

    template <class Key>
    static void remove_lines(TimeChart& t, std::map<Key, QLineSeries*>& lines) {
        for (auto& [key, s] : lines) {
            t.chart->removeSeries(s);
            delete s;
        }
        lines.clear();
    }

    std::vector<QChartView*> views;

    QChartView* view(QChart* c) {
        auto* v = new QChartView(c, body);
        views.push_back(v);
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumSize(220, 160);
        return v;
    }
};

ChartsDock::ChartsDock(QWidget* parent) : QDockWidget(tr("Charts"), parent), d(new Impl) {
    setObjectName(QStringLiteral("charts_dock"));
    d->body = new QWidget(this);
    d->title_font = font();
    d->title_font.setPointSizeF(font().pointSizeF() * 1.3);
    d->title_font.setBold(true);
    d->axis_font = font();
    d->axis_font.setPointSizeF(font().pointSizeF() * 1.05);
    d->legend_font = font();
    d->legend_font.setPointSizeF(font().pointSizeF());

    d->throughput = d->make_time_chart(tr("Throughput (per s)"));
    d->throughput_series =
        Impl::add_line(d->throughput, QStringLiteral("completed/s"), tr("completed / s"));
    set_line_style(d->throughput_series, QColor(0x2e, 0xa0, 0x4a), 1);
    d->throughput.chart->legend()->hide();

    d->depth = d->make_time_chart(tr("Queue depth"));

    d->states = d->make_time_chart(tr("Goroutine states"));
    d->states.chart->legend()->hide();
    d->states.chart->setToolTip(
        tr("Goroutines in each state at the end of each quarter second, in the canvas's colours. "
           "Running includes simulated work: a sleep or a timer at a line the pattern marks as "
           "work. Finished counts those that ended during the quarter second."));
    for (int i = 0; i < Impl::kStates; ++i) {
        const VisualState state = kChartedStates[static_cast<std::size_t>(i)];
        const QColor color = state_color(state);
        d->upper[i] = new QLineSeries(d->states.chart);
        d->lower[i] = new QLineSeries(d->states.chart);
        d->areas[i] = new QAreaSeries(d->upper[i], d->lower[i]);
        const QString name = QString::fromLatin1(visual_state_label(state));
        d->areas[i]->setObjectName(name);
        d->areas[i]->setName(name);
        d->areas[i]->setColor(color);
        d->areas[i]->setBorderColor(color.darker(130));
        d->states.chart->addSeries(d->areas[i]);
        d->areas[i]->attachAxis(d->states.x);
        d->areas[i]->attachAxis(d->states.y);
    }

    d->latency = d->make_chart(tr("Latency"));
    d->latency_outline = new QLineSeries(d->latency);
    d->latency_series = new QAreaSeries(d->latency_outline);
    d->latency_series->setObjectName(QStringLiteral("count"));
    d->latency_series->setName(tr("count"));
    d->latency_series->setColor(QColor(0x1f, 0x77, 0xb4));
    d->latency_series->setBorderColor(QColor(Qt::white));
    d->latency->addSeries(d->latency_series);
    d->latency_x = new QValueAxis;
    d->latency_y = new QValueAxis;
    d->latency_y->setTitleText(tr("tasks"));
    for (QValueAxis* a : {d->latency_x, d->latency_y}) {
        a->setTruncateLabels(false);
        a->setLabelsFont(d->axis_font);
        a->setTitleFont(d->axis_font);
    }
    d->latency->addAxis(d->latency_x, Qt::AlignBottom);
    d->latency->addAxis(d->latency_y, Qt::AlignLeft);
    d->latency_series->attachAxis(d->latency_x);
    d->latency_series->attachAxis(d->latency_y);
    for (auto [line, color, dash] : {std::tuple{&d->p50_line, QColor(0x20, 0x20, 0x20), false},
                                     std::tuple{&d->p95_line, QColor(0xd6, 0x27, 0x28), true}}) {
        *line = new QLineSeries;
        QPen pen(color);
        pen.setWidth(3);
        if (dash) pen.setStyle(Qt::DashLine);
        (*line)->setPen(pen);
        d->latency->addSeries(*line);
        (*line)->attachAxis(d->latency_x);
        (*line)->attachAxis(d->latency_y);
    }
    for (QLineSeries* line : {d->p50_line, d->p95_line}) {
        line->setObjectName(line == d->p50_line ? QStringLiteral("p50") : QStringLiteral("p95"));
        line->setName(line->objectName());
    }
    d->latency->legend()->markers(d->latency_series).value(0)->setVisible(false);

    d->counters = d->make_time_chart(tr("Counters (per s)"));

    // The big numbers.
    auto* numbers = new QWidget(d->body);
    auto* nl = new QVBoxLayout(numbers);
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 2.2);
    big.setBold(true);
    QFont caption = font();
    caption.setPointSizeF(font().pointSizeF() * 1.1);
    d->scenario = new QLabel(numbers);
    d->scenario->setFont(d->title_font);
    d->scenario->setWordWrap(true);
    nl->addWidget(d->scenario);
    auto add_number = [&](const QString& what) {
        auto* c = new QLabel(what, numbers);
        c->setFont(caption);
        auto* v = new QLabel(QStringLiteral("–"), numbers);
        v->setFont(big);
        nl->addWidget(c);
        nl->addWidget(v);
        return v;
    };
    d->big_completed = add_number(tr("completed"));
    d->big_rate = add_number(tr("throughput, last second"));
    d->big_latency = add_number(tr("latency p50 / p95"));
    nl->addStretch(1);

    d->grid = new QGridLayout(d->body);
    d->grid->setContentsMargins(2, 2, 2, 2);
    d->grid->setSpacing(4);
    auto* states = new QWidget(d->body);
    auto* states_layout = new QVBoxLayout(states);
    states_layout->setContentsMargins(0, 0, 0, 0);
    states_layout->setSpacing(0);
    states_layout->addWidget(d->view(d->states.chart), 1);
    d->state_legend = new StateLegend(states);
    d->state_legend->setAutoFillBackground(true);
    states_layout->addWidget(d->state_legend);
    d->cells = {d->view(d->throughput.chart), d->view(d->depth.chart),    states,
                d->view(d->latency),          d->view(d->counters.chart), numbers};
    clear_charts();
    arrange(3);
    // In a narrow dock (the window's right column) the charts stack and scroll.
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(d->body);
    setWidget(scroll);
}

void ChartsDock::arrange(int columns) {
    std::vector<bool> shown;
    for (QWidget* w : d->cells)
        shown.push_back(!w->isHidden());
    if (columns == d->columns && shown == d->laid_out) return;
    d->columns = columns;
    d->laid_out = shown;
    for (QWidget* w : d->cells)
        d->grid->removeWidget(w);
    int at = 0;
    for (std::size_t i = 0; i < d->cells.size(); ++i) {
        if (!shown[i]) continue;
        d->grid->addWidget(d->cells[i], at / columns, at % columns);
        ++at;
    }
    for (int c = 0; c < 3; ++c)
        d->grid->setColumnStretch(c, c < columns ? 1 : 0);
    // Stacked, each chart keeps a readable height; side by side they share the dock's.
    for (QChartView* v : d->views)
        v->setMinimumHeight(columns == 1 ? 230 : 160);
}

ChartsDock::~ChartsDock() = default;

void ChartsDock::resizeEvent(QResizeEvent* e) {
    QDockWidget::resizeEvent(e);
    arrange(width() < kStackBelowWidth ? 1 : 3);
    // Narrow charts (three to a row) keep their legends at the right, where entries are not
    // elided.
    const Qt::Alignment want = width() / 3 < 380 ? Qt::AlignRight : Qt::AlignBottom;
    for (QChartView* v : d->views) {
        QLegend* legend = v->chart()->legend();
        if (legend->alignment() != want) legend->setAlignment(want);
    }
}

void ChartsDock::clear_charts() {
    d->throughput_series->clear();
    Impl::remove_lines(d->depth, d->depth_series);
    d->depth_lines_made = 0;
    Impl::remove_lines(d->counters, d->counter_series);
    for (int i = 0; i < Impl::kStates; ++i) {
        d->upper[i]->clear();
        d->lower[i]->clear();
        d->state_seen[i] = false;
    }
    d->state_legend->set_states({});
    d->latency_outline->clear();
    d->p50_line->clear();
    d->p95_line->clear();
    d->p50_line->setName(QStringLiteral("p50"));
    d->p95_line->setName(QStringLiteral("p95"));
    d->latency->setToolTip({});
    d->latency_x->setTitleText({});
    apply_axis(d->latency_x, span_axis(0, 1, "%.1f"));
    apply_axis(d->latency_y, count_axis(1));
    for (Impl::TimeChart* t : {&d->throughput, &d->depth, &d->states, &d->counters}) {
        apply_axis(t->x, span_axis(0, 10, "%.0f s"));
        apply_axis(t->y, count_axis(1));
    }
    d->big_completed->setText(QStringLiteral("–"));
    d->big_rate->setText(QStringLiteral("–"));
    d->big_latency->setText(QStringLiteral("–"));
    show_charts_with_data();
}

void ChartsDock::show_charts_with_data() {
    // Empty charts are hidden: no buffered channel, no counter, nothing observed yet.
    const std::pair<QChart*, bool> charts[] = {
        {d->depth.chart, !d->depth_series.empty()},
        {d->counters.chart, !d->counter_series.empty()},
        {d->latency, !d->latency_outline->points().isEmpty()},
    };
    for (QChartView* v : d->views) {
        for (const auto& [c, has_data] : charts)
            if (v->chart() == c && v->isHidden() == has_data) v->setVisible(has_data);
    }
    if (d->columns > 0) arrange(d->columns);
}

void ChartsDock::reset(const gorama::ScenarioInfo& info) {
    d->scenario->setText(QString::fromStdString(info.title));
    d->options = chart_options(info);
    clear_charts();
}

void ChartsDock::update_metrics(const goro::Metrics& m) {
    Q_ASSERT(QThread::currentThread() == thread());
    const ChartData charts = chart_data(m, d->options);
    auto set_axes = [](Impl::TimeChart& t, const auto& chart) {
        apply_axis(t.x, chart.x);
        apply_axis(t.y, chart.y);
    };

    set_axes(d->throughput, charts.throughput);
    d->throughput_series->replace(to_points(charts.throughput.completed));

    // Lines no longer shown go before new ones come, so that a new line takes the freed place
    // in the legend. A collected channel's line stays (chart_data keeps it while it has points).
    set_axes(d->depth, charts.depth);
    for (auto it = d->depth_series.begin(); it != d->depth_series.end();) {
        const bool shown = std::any_of(charts.depth.lines.begin(), charts.depth.lines.end(),
                                       [&](const DepthLine& l) { return l.id == it->first; });
        if (shown) {
            ++it;
            continue;
        }
        d->depth.chart->removeSeries(it->second);
        delete it->second;
        it = d->depth_series.erase(it);
    }
    for (const DepthLine& line : charts.depth.lines) {
        auto it = d->depth_series.find(line.id);
        if (it == d->depth_series.end()) {
            const QString name = QString::fromStdString(line.name);
            it = d->depth_series.emplace(line.id, Impl::add_line(d->depth, name, name)).first;
            set_line_style(it->second, depth_color(d->depth_lines_made),
                           d->depth_series.size() - 1);
            ++d->depth_lines_made;
        }
        // A collected channel's line stays, dashed: the channel is gone, its history is not.
        if (line.gone && it->second->pen().style() != Qt::DashLine) {
            QPen pen = it->second->pen();
            pen.setStyle(Qt::DashLine);
            it->second->setPen(pen);
        }
        it->second->replace(to_points(line.points));
    }

    set_axes(d->states, charts.states);
    bool newly_seen = false;
    for (std::size_t s = 0; s < StatesChart::kStates; ++s) {
        d->lower[s]->replace(to_points(charts.states.lower[s]));
        d->upper[s]->replace(to_points(charts.states.upper[s]));
        // A state's legend entry shows from the first time a goroutine is in it until restart.
        if (charts.states.seen[s] && !d->state_seen[s]) {
            d->state_seen[s] = true;
            newly_seen = true;
        }
    }
    if (newly_seen) {
        std::vector<VisualState> seen;
        for (std::size_t s = 0; s < StatesChart::kStates; ++s)
            if (d->state_seen[s]) seen.push_back(kChartedStates[s]);
        d->state_legend->set_states(std::move(seen));
    }

    set_axes(d->counters, charts.counters);
    for (std::size_t i = 0; i < charts.counters.lines.size(); ++i) {
        const CounterLine& line = charts.counters.lines[i];
        auto it = d->counter_series.find(line.name);
        if (it == d->counter_series.end()) {
            QLineSeries* s = Impl::add_line(d->counters, QString::fromStdString(line.name),
                                            QString::fromStdString(line.label));
            set_line_style(s, rgb(line.rgb), i);
            it = d->counter_series.emplace(line.name, s).first;
        }
        it->second->replace(to_points(line.points));
        // The total beside the label: a rate says little of a count made once ("Final count").
        it->second->setName(tr("%1: %2").arg(QString::fromStdString(line.label)).arg(line.total));
    }

    const LatencyChart& latency = charts.latency;
    if (!latency.empty()) {
        d->latency_x->setTitleText(
            tr("latency (%1)").arg(QString::fromStdString(latency.unit_name)));
        d->latency_outline->replace(to_points(latency.outline));
        apply_axis(d->latency_x, latency.x);
        apply_axis(d->latency_y, latency.y);
        auto text = [](std::int64_t ns) {
            return QString::fromStdString(goro::format_duration(ns));
        };
        const QString p50 = text(latency.p50);
        const QString p95 = text(latency.p95);
        d->p50_line->replace(to_points(latency.p50_line));
        d->p50_line->setName(tr("p50 %1").arg(p50));
        d->p95_line->replace(to_points(latency.p95_line));
        d->p95_line->setName(tr("p95 %1").arg(p95));
        d->latency->setToolTip(
            tr("p99 %1, %2 observations").arg(text(latency.p99)).arg(latency.observations));
        d->big_latency->setText(p50 + QStringLiteral(" / ") + p95);
    }

    d->big_completed->setText(QString::number(charts.completed));
    d->big_rate->setText(charts.rate ? QString::number(*charts.rate, 'f', 1) + tr(" /s")
                                     : QStringLiteral("–"));
    show_charts_with_data();
}

int ChartsDock::series_count() const {
    int n = 0;
    for (QChart* c :
         {d->throughput.chart, d->depth.chart, d->states.chart, d->latency, d->counters.chart})
        n += static_cast<int>(c->series().size());
    return n;
}

QStringList ChartsDock::chart_names() const {
    return {QStringLiteral("throughput"), QStringLiteral("depth"), QStringLiteral("states"),
            QStringLiteral("latency"), QStringLiteral("counters")};
}

QStringList ChartsDock::series_names(const QString& name) const {
    QStringList names;
    if (const QChart* c = chart(name)) {
        for (const QAbstractSeries* s : c->series())
            names << s->objectName();
    }
    return names;
}

QStringList ChartsDock::legend(const QString& name) const {
    QStringList entries;
    if (QChart* c = chart(name)) {
        if (c == d->throughput.chart) return entries;  // one line, named in the title
        if (c == d->states.chart) {
            for (VisualState state : d->state_legend->states())
                entries << QString::fromLatin1(visual_state_label(state));
            return entries;
        }
        for (QLegendMarker* marker : c->legend()->markers())
            if (marker->series() != d->latency_series) entries << marker->label();
    }
    return entries;
}

QColor ChartsDock::color(const QString& chart_name, const QString& series) const {
    const QChart* c = chart(chart_name);
    if (!c) return {};
    for (QAbstractSeries* s : c->series()) {
        if (s->objectName() != series) continue;
        if (const auto* line = qobject_cast<const QLineSeries*>(s)) return line->pen().color();
        if (const auto* area = qobject_cast<const QAreaSeries*>(s)) return area->color();
    }
    return {};
}

bool ChartsDock::chart_shown(const QString& name) const {
    const QChart* c = chart(name);
    for (const QChartView* v : d->views)
        if (v->chart() == c) return !v->isHidden();
    return false;
}

QList<QPointF> ChartsDock::points(const QString& chart_name, const QString& series) const {
    const QChart* c = chart(chart_name);
    if (!c) return {};
    for (QAbstractSeries* s : c->series()) {
        if (s->objectName() != series) continue;
        if (const auto* line = qobject_cast<const QLineSeries*>(s)) return line->points();
        const auto* area = qobject_cast<const QAreaSeries*>(s);
        if (!area || !area->upperSeries()) return {};
        QList<QPointF> pts = area->upperSeries()->points();
        if (const QLineSeries* lower = area->lowerSeries()) {
            const QList<QPointF> base = lower->points();
            for (qsizetype i = 0; i < pts.size() && i < base.size(); ++i)
                pts[i].ry() -= base[i].y();
        }
        return pts;
    }
    return {};
}

QChart* ChartsDock::chart(const QString& name) const {
    if (name == QLatin1String("throughput")) return d->throughput.chart;
    if (name == QLatin1String("depth")) return d->depth.chart;
    if (name == QLatin1String("states")) return d->states.chart;
    if (name == QLatin1String("latency")) return d->latency;
    if (name == QLatin1String("counters")) return d->counters.chart;
    return nullptr;
}

QString ChartsDock::chart_title(const QString& name) const {
    const QChart* c = chart(name);
    return c ? c->title() : QString();
}

QStringList ChartsDock::x_labels(const QString& name) const {
    const QChart* c = chart(name);
    if (!c) return {};
    const QList<QAbstractAxis*> axes = c->axes(Qt::Horizontal);
    const auto* axis = axes.isEmpty() ? nullptr : qobject_cast<const QValueAxis*>(axes.first());
    if (!axis) return {};
    // The axes tick from 0 (apply_axis), as ChartAxis does.
    const ChartAxis drawn{axis->min(), axis->max(), axis->tickInterval(),
                          axis->labelFormat().toStdString()};
    QStringList labels;
    for (const std::string& label : drawn.labels())
        labels.append(QString::fromStdString(label));
    return labels;
}

}  // namespace gorama::ui
