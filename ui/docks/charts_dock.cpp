#include "docks/charts_dock.hpp"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QThread>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "goro/event_format.hpp"
#include "goro/metrics.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

namespace gorama::ui {

namespace {

constexpr int kMaxDepthSeries = 10;
constexpr int kMaxCounterSeries = 10;
constexpr int kLatencyBins = 12;

// 1, 2 or 5 times a power of ten, at or above v.
double nice_ceiling(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * p >= v) return m * p;
    }
    return 10 * p;
}

// A value axis from 0 (or `from`) to a round number at or above `max`, ticked every round step,
// so that labels read 0, 2, 4... and never 2.5.
// Every chart counts things, so a step is at least 1.
void set_nice_range(QValueAxis* axis, double max, double from = 0.0) {
    const double top = nice_ceiling(std::max(max, 1.0));
    axis->setRange(from, std::max(top, from + 1.0));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(std::max(1.0, nice_ceiling(top / 5.0)));
}

// A printf format for labels `interval` apart: as many decimals as it takes to tell them apart.
QString label_format(double interval) {
    const int decimals =
        std::clamp(static_cast<int>(std::ceil(-std::log10(interval) - 1e-9)), 0, 9);
    return QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f");
}

// A continuous axis (time, latency): `x0`..`x1`, ticked every 1, 2 or 5 x 10^k.
void set_time_range(QValueAxis* axis, double x0, double x1) {
    axis->setRange(x0, x1);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(nice_ceiling((x1 - x0) / 5.0));
}

QColor palette_color(int i) {
    static const QColor colors[] = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
        QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b),
        QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf), QColor(0x7f, 0x7f, 0x7f),
        QColor(0xbc, 0xbd, 0x22),
    };
    return colors[static_cast<std::size_t>(i) % std::size(colors)];
}

}  // namespace

struct ChartsDock::Impl {
    struct TimeChart {
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };

    QWidget* body = nullptr;
    QFont title_font;
    QFont axis_font;
    QFont legend_font;

    TimeChart throughput;
    QLineSeries* throughput_series = nullptr;

    TimeChart depth;
    std::map<goro::ObjectId, QLineSeries*> depth_series;

    TimeChart states;
    static constexpr int kStates = 4;  // running, runnable, blocked, finished (bottom to top)
    QLineSeries* upper[kStates] = {};
    QLineSeries* lower[kStates] = {};
    QAreaSeries* areas[kStates] = {};

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

    // What was plotted, in data units, for points().
    std::map<QString, std::map<QString, QList<QPointF>>> raw;

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

    TimeChart make_time_chart(const QString& title, const QString& y_title) {
        TimeChart t;
        t.chart = make_chart(title);
        t.x = new QValueAxis;
        t.y = new QValueAxis;
        t.x->setLabelFormat(QStringLiteral("%.0f s"));
        t.y->setLabelFormat(QStringLiteral("%.0f"));
        t.y->setTitleText(y_title);
        for (QValueAxis* a : {t.x, t.y}) {
            a->setLabelsFont(axis_font);
            a->setTitleFont(axis_font);
            a->setTickCount(5);
            a->setTruncateLabels(false);  // "..." in place of a number helps nobody
        }
        set_time_range(t.x, 0, 10);
        set_nice_range(t.y, 1);
        t.chart->addAxis(t.x, Qt::AlignBottom);
        t.chart->addAxis(t.y, Qt::AlignLeft);
        return t;
    }

    static QLineSeries* add_line(TimeChart& t, const QString& name, const QColor& color) {
        auto* s = new QLineSeries;
        s->setName(name);
        QPen pen(color);
        pen.setWidth(3);
        s->setPen(pen);
        t.chart->addSeries(s);
        s->attachAxis(t.x);
        s->attachAxis(t.y);
        return s;
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

    d->throughput = d->make_time_chart(tr("Throughput"), tr("completed / s"));
    d->throughput_series =
        Impl::add_line(d->throughput, tr("completed/s"), QColor(0x2e, 0xa0, 0x4a));
    d->throughput.chart->legend()->hide();

    d->depth = d->make_time_chart(tr("Queue depth"), tr("values buffered"));

    d->states = d->make_time_chart(tr("Goroutine states"), tr("goroutines"));
    const char* state_names[Impl::kStates] = {"running", "runnable", "blocked", "finished"};
    const QColor state_colors[Impl::kStates] = {
        state_color(VisualState::Running), state_color(VisualState::Runnable),
        state_color(VisualState::BlockedSend), state_color(VisualState::Finished)};
    for (int i = 0; i < Impl::kStates; ++i) {
        d->upper[i] = new QLineSeries(d->states.chart);
        d->lower[i] = new QLineSeries(d->states.chart);
        d->areas[i] = new QAreaSeries(d->upper[i], d->lower[i]);
        d->areas[i]->setName(QString::fromLatin1(state_names[i]));
        d->areas[i]->setColor(state_colors[i]);
        d->areas[i]->setBorderColor(state_colors[i].darker(130));
        d->states.chart->addSeries(d->areas[i]);
        d->areas[i]->attachAxis(d->states.x);
        d->areas[i]->attachAxis(d->states.y);
    }

    d->latency = d->make_chart(tr("Latency"));
    d->latency_outline = new QLineSeries(d->latency);
    d->latency_series = new QAreaSeries(d->latency_outline);
    d->latency_series->setName(tr("count"));
    d->latency_series->setColor(QColor(0x1f, 0x77, 0xb4));
    d->latency_series->setBorderColor(QColor(Qt::white));
    d->latency->addSeries(d->latency_series);
    d->latency_x = new QValueAxis;
    d->latency_y = new QValueAxis;
    d->latency_x->setLabelFormat(QStringLiteral("%.3g"));
    d->latency_y->setLabelFormat(QStringLiteral("%.0f"));
    d->latency_y->setTitleText(tr("tasks"));
    for (QValueAxis* a : {d->latency_x, d->latency_y})
        a->setTruncateLabels(false);
    for (QAbstractAxis* a : std::initializer_list<QAbstractAxis*>{d->latency_x, d->latency_y}) {
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
    d->p50_line->setName(QStringLiteral("p50"));
    d->p95_line->setName(QStringLiteral("p95"));
    d->latency->legend()->markers(d->latency_series).value(0)->setVisible(false);

    d->counters = d->make_time_chart(tr("Counters"), tr("per second"));

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

    auto* grid = new QGridLayout(d->body);
    grid->setContentsMargins(2, 2, 2, 2);
    grid->setSpacing(4);
    grid->addWidget(d->view(d->throughput.chart), 0, 0);
    grid->addWidget(d->view(d->depth.chart), 0, 1);
    grid->addWidget(d->view(d->states.chart), 0, 2);
    grid->addWidget(d->view(d->latency), 1, 0);
    grid->addWidget(d->view(d->counters.chart), 1, 1);
    grid->addWidget(numbers, 1, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);
    setWidget(d->body);
}

ChartsDock::~ChartsDock() = default;

void ChartsDock::resizeEvent(QResizeEvent* e) {
    QDockWidget::resizeEvent(e);
    // Narrow charts (three to a row) keep their legends at the right, where entries are not
    // elided.
    const Qt::Alignment want = width() / 3 < 380 ? Qt::AlignRight : Qt::AlignBottom;
    for (QChartView* v : d->views) {
        QLegend* legend = v->chart()->legend();
        if (legend->alignment() != want) legend->setAlignment(want);
    }
}

void ChartsDock::reset(const gorama::ScenarioInfo& info) {
    d->scenario->setText(QString::fromStdString(info.title));
    d->throughput_series->clear();
    for (auto& [id, s] : d->depth_series) {
        d->depth.chart->removeSeries(s);
        delete s;
    }
    d->depth_series.clear();
    for (auto& [name, s] : d->counter_series) {
        d->counters.chart->removeSeries(s);
        delete s;
    }
    d->counter_series.clear();
    for (int i = 0; i < Impl::kStates; ++i) {
        d->upper[i]->clear();
        d->lower[i]->clear();
    }
    d->latency_outline->clear();
    d->p50_line->clear();
    d->p95_line->clear();
    d->latency->setTitle(tr("Latency"));
    d->counters.chart->setTitle(tr("Counters"));
    for (Impl::TimeChart* t : {&d->throughput, &d->depth, &d->states, &d->counters}) {
        set_time_range(t->x, 0, 10);
        set_nice_range(t->y, 1);
    }
    d->big_completed->setText(QStringLiteral("–"));
    d->big_rate->setText(QStringLiteral("–"));
    d->big_latency->setText(QStringLiteral("–"));
    d->raw.clear();
}

void ChartsDock::update_metrics(const goro::Metrics& m) {
    Q_ASSERT(QThread::currentThread() == thread());
    const auto& windows = m.windows();
    const std::size_t n = windows.size();
    const std::size_t first = n > static_cast<std::size_t>(kShownWindows) ? n - kShownWindows : 0;
    auto secs = [](std::int64_t ns) { return static_cast<double>(ns) / 1e9; };
    auto per_second = [&](const goro::MetricsWindow& w, double count) {
        const double s = secs(w.end - w.start);
        return s > 0 ? count / s : 0.0;
    };

    // The time axis all time charts share: the shown windows, at least 10 s wide.
    double x0 = n ? secs(windows[first].start) : 0.0;
    double x1 = n ? secs(windows.back().end) : 10.0;
    if (x1 - x0 < 10.0) x1 = x0 + 10.0;
    for (Impl::TimeChart* t : {&d->throughput, &d->depth, &d->states, &d->counters})
        set_time_range(t->x, x0, x1);

    // Throughput.
    QList<QPointF> tp;
    double tp_max = 0;
    for (std::size_t i = first; i < n; ++i) {
        const double v = per_second(windows[i], static_cast<double>(windows[i].completed));
        tp.append(QPointF(secs(windows[i].end), v));
        tp_max = std::max(tp_max, v);
    }
    d->throughput_series->replace(tp);
    set_nice_range(d->throughput.y, tp_max * 1.1);
    d->raw[QStringLiteral("throughput")][QStringLiteral("completed/s")] = tp;

    // Queue depth of buffered channels (not timers' channels).
    auto& depth_raw = d->raw[QStringLiteral("depth")];
    double depth_max = 1;
    for (const goro::ChannelStats& c : m.channels()) {
        if (c.cap == 0 || c.timer) continue;
        if (c.gone) {
            // Collected (a result channel per request): its line goes, and its place in the
            // legend serves a channel that is alive.
            if (auto gone = d->depth_series.find(c.id); gone != d->depth_series.end()) {
                d->depth.chart->removeSeries(gone->second);
                delete gone->second;
                d->depth_series.erase(gone);
                depth_raw.erase(QString::fromStdString(c.name));
            }
            continue;
        }
        auto it = d->depth_series.find(c.id);
        if (it == d->depth_series.end()) {
            if (static_cast<int>(d->depth_series.size()) >= kMaxDepthSeries) continue;
            const QString name = QString::fromStdString(c.name);
            it = d->depth_series
                     .emplace(c.id, Impl::add_line(
                                        d->depth, name,
                                        palette_color(static_cast<int>(d->depth_series.size()))))
                     .first;
        }
        QList<QPointF> pts;
        bool used = false;
        for (std::size_t i = first; i < n; ++i) {
            auto w = windows[i].depth.find(c.id);
            const double v = w == windows[i].depth.end() ? 0.0 : static_cast<double>(w->second);
            used = used || v > 0;
            pts.append(QPointF(secs(windows[i].end), v));
        }
        // The axis reaches the capacity of the channels in use, so "full" is the top.
        if (used) depth_max = std::max(depth_max, static_cast<double>(c.cap));
        it->second->replace(pts);
        depth_raw[QString::fromStdString(c.name)] = pts;
    }
    set_nice_range(d->depth.y, depth_max);

    // Goroutine states, stacked: running, runnable, blocked, finished from the bottom.
    QList<QPointF> up[Impl::kStates], lo[Impl::kStates];
    auto& state_raw = d->raw[QStringLiteral("states")];
    const QString state_names[Impl::kStates] = {
        QStringLiteral("running"), QStringLiteral("runnable"), QStringLiteral("blocked"),
        QStringLiteral("finished")};
    state_raw.clear();
    double state_max = 1;
    for (std::size_t i = first; i < n; ++i) {
        const goro::MetricsWindow& w = windows[i];
        const double x = secs(w.end);
        const double v[Impl::kStates] = {
            static_cast<double>(w.running), static_cast<double>(w.runnable),
            static_cast<double>(w.blocked), static_cast<double>(w.finished)};
        double base = 0;
        for (int s = 0; s < Impl::kStates; ++s) {
            lo[s].append(QPointF(x, base));
            base += v[s];
            up[s].append(QPointF(x, base));
            state_raw[state_names[s]].append(QPointF(x, v[s]));
        }
        state_max = std::max(state_max, base);
    }
    for (int s = 0; s < Impl::kStates; ++s) {
        d->lower[s]->replace(lo[s]);
        d->upper[s]->replace(up[s]);
    }
    set_nice_range(d->states.y, state_max);

    // The scenario's own counters, per second ("completed" is the throughput chart).
    auto& counter_raw = d->raw[QStringLiteral("counters")];
    double counter_max = 0;
    for (const auto& [name, total] : m.counters()) {
        if (name == "completed") continue;
        auto it = d->counter_series.find(name);
        if (it == d->counter_series.end()) {
            if (static_cast<int>(d->counter_series.size()) >= kMaxCounterSeries) continue;
            it = d->counter_series
                     .emplace(name, Impl::add_line(
                                        d->counters, QString::fromStdString(name),
                                        palette_color(static_cast<int>(d->counter_series.size()))))
                     .first;
        }
        QList<QPointF> pts;
        for (std::size_t i = first; i < n; ++i) {
            auto c = windows[i].counters.find(name);
            const double v = per_second(
                windows[i], c == windows[i].counters.end() ? 0.0 : static_cast<double>(c->second));
            counter_max = std::max(counter_max, v);
            pts.append(QPointF(secs(windows[i].end), v));
        }
        it->second->replace(pts);
        counter_raw[QString::fromStdString(name)] = pts;
    }
    set_nice_range(d->counters.y, counter_max * 1.1);
    d->counters.chart->setTitle(d->counter_series.empty() ? tr("Counters (none in this pattern)")
                                                          : tr("Counters"));

    // Latency histogram over the newest observations.
    const std::vector<std::int64_t>& all = m.latencies();
    std::vector<std::int64_t> sample(
        all.end() - static_cast<std::ptrdiff_t>(std::min(all.size(), kLatencySample)), all.end());
    QList<QPointF> bins_raw;
    if (!sample.empty()) {
        std::sort(sample.begin(), sample.end());
        auto pct = [&](double p) {
            const double rank = std::ceil(p / 100.0 * static_cast<double>(sample.size()));
            const auto i =
                static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(sample.size())));
            return sample[i - 1];
        };
        const std::int64_t lo_ns = sample.front();
        const std::int64_t hi_ns = sample.back();
        // Bins of a round width (1, 2 or 5 x 10^k ns) from a multiple of it, and no narrower
        // than a 120th of the largest latency: a few equal latencies would otherwise fill an
        // axis a few nanoseconds wide, on which every label reads the same.
        const double width =
            nice_ceiling(std::max({1.0, static_cast<double>(hi_ns - lo_ns + 1) / kLatencyBins,
                                   static_cast<double>(hi_ns) / (10.0 * kLatencyBins)}));
        const double start = std::floor(static_cast<double>(lo_ns) / width) * width;
        const int bins = std::clamp(
            static_cast<int>(std::floor((static_cast<double>(hi_ns) - start) / width)) + 1, 1,
            kLatencyBins + 1);
        QList<qreal> counts(bins, 0);
        for (std::int64_t v : sample) {
            const int b = std::min(
                bins - 1, static_cast<int>(std::floor((static_cast<double>(v) - start) / width)));
            counts[b] += 1;
        }
        // Labels are the bins' lower edges as plain numbers in one unit, named in the axis title.
        double unit = 1;
        QString unit_name = QStringLiteral("ns");
        const double top = start + bins * width;
        if (top >= 1e9) {
            unit = 1e9;
            unit_name = QStringLiteral("s");
        } else if (top >= 1e6) {
            unit = 1e6;
            unit_name = QStringLiteral("ms");
        } else if (top >= 1e3) {
            unit = 1e3;
            unit_name = QStringLiteral("µs");
        }
        d->latency_x->setTitleText(tr("latency (%1)").arg(unit_name));
        QList<QPointF> outline;
        outline.reserve(3 * bins + 1);
        outline.append(QPointF(start / unit, 0));
        double count_max = 1;
        for (int b = 0; b < bins; ++b) {
            const double edge = start + b * width;
            outline.append(QPointF(edge / unit, counts[b]));
            outline.append(QPointF((edge + width) / unit, counts[b]));
            outline.append(QPointF((edge + width) / unit, 0));
            bins_raw.append(QPointF(edge / 1e6, counts[b]));
            count_max = std::max(count_max, counts[b]);
        }
        d->latency_outline->replace(outline);
        set_time_range(d->latency_x, start / unit, top / unit);
        d->latency_x->setLabelFormat(label_format(d->latency_x->tickInterval()));
        set_nice_range(d->latency_y, count_max * 1.1);
        const QString p50 = QString::fromStdString(goro::format_duration(pct(50)));
        const QString p95 = QString::fromStdString(goro::format_duration(pct(95)));
        const QString p99 = QString::fromStdString(goro::format_duration(pct(99)));
        d->latency->setTitle(tr("Latency"));
        const double y_top = d->latency_y->max();
        for (auto [line, p, label] :
             {std::tuple{d->p50_line, pct(50), p50}, std::tuple{d->p95_line, pct(95), p95}}) {
            const double x = static_cast<double>(p) / unit;
            line->replace({QPointF(x, 0), QPointF(x, y_top)});
            line->setName(line == d->p50_line ? tr("p50 %1").arg(label) : tr("p95 %1").arg(label));
            d->raw[QStringLiteral("latency")]
                  [line == d->p50_line ? QStringLiteral("p50") : QStringLiteral("p95")] = {
                QPointF(static_cast<double>(p) / 1e6, y_top)};
        }
        d->latency->setToolTip(tr("p99 %1, %2 observations").arg(p99).arg(sample.size()));
        d->big_latency->setText(p50 + QStringLiteral(" / ") + p95);
    } else {
        d->latency->setTitle(tr("Latency (none observed yet)"));
        d->latency_outline->clear();
        d->p50_line->clear();
        d->p95_line->clear();
    }
    d->raw[QStringLiteral("latency")][QStringLiteral("count")] = bins_raw;

    d->big_completed->setText(QString::number(m.completed()));
    // The big rate: over the newest windows that make up a second (windows may be shorter).
    std::uint64_t recent = 0;
    std::int64_t recent_ns = 0;
    for (std::size_t i = n; i > 0 && recent_ns < 1'000'000'000; --i) {
        recent += windows[i - 1].completed;
        recent_ns += windows[i - 1].end - windows[i - 1].start;
    }
    d->big_rate->setText(
        recent_ns <= 0
            ? QStringLiteral("–")
            : QString::number(static_cast<double>(recent) / secs(recent_ns), 'f', 1) + tr(" /s"));
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

QStringList ChartsDock::series_names(const QString& chart) const {
    QStringList names;
    auto it = d->raw.find(chart);
    if (it == d->raw.end()) return names;
    for (const auto& [name, pts] : it->second)
        names << name;
    return names;
}

QList<QPointF> ChartsDock::points(const QString& chart, const QString& series) const {
    auto it = d->raw.find(chart);
    if (it == d->raw.end()) return {};
    auto s = it->second.find(series);
    return s == it->second.end() ? QList<QPointF>() : s->second;
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
    if (!axis || axis->tickInterval() <= 0) return {};
    // The ticks QValueAxis draws with TicksDynamic: anchor + k * interval, within the range.
    const double step = axis->tickInterval();
    const double first =
        axis->tickAnchor() + std::ceil((axis->min() - axis->tickAnchor()) / step - 1e-9) * step;
    QStringList labels;
    for (double t = first; t <= axis->max() + step * 1e-9; t += step)
        labels.append(QString::asprintf(axis->labelFormat().toLatin1().constData(), t));
    return labels;
}

}  // namespace gorama::ui
