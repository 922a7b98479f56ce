#include "canvas/scene_layout.hpp"

#include <algorithm>
#include <cmath>

#include "style/visual_state.hpp"

namespace gorama::ui {

namespace {

constexpr double kSubColumnGap = 20;
constexpr double kBandGap = 40;
constexpr std::size_t kMaxBands = 4;
// A chip is kChipWidth wide where the strip has room (wide enough for "context.Background" and
// "deadline exceeded" whole), narrower down to kMinChipWidth where it has not.
constexpr double kChipWidth = 190;
constexpr double kMinChipWidth = 112;
constexpr double kChipHeight = 34;
constexpr double kChipGap = 8;
// A sync object's chip is this many context chips wide: its status names who holds and who
// waits ("2 readers, writer waits, 1 queued").
constexpr double kSyncChipWidths = 1.6;
constexpr std::size_t kMaxContexts = 24;
constexpr std::int64_t kCancelledShownNs = 1'000'000'000;
// The legend's room at the right of the bottom strip (drawn by the painter).
constexpr double kLegendWidth = 560;
constexpr double kLegendHeight = 66;
constexpr double kPresentationLegend = 1.7;

struct Item {
    bool channel = false;
    std::uint32_t id = 0;
    double w = 0;      // room taken, including a channel's label
    double h = 0;      // including a channel's label
    double box_w = 0;  // a channel's box
};

}  // namespace

goro::ObjectId worn_context(const goro::GoroutineView& g, const goro::WorldState& world) {
    static constexpr std::string_view kDone = ".Done()";
    for (auto c = g.recvs_from.rbegin(); c != g.recvs_from.rend(); ++c) {
        const goro::ChannelView* chan = world.channel(*c);
        if (!chan || !chan->name.ends_with(kDone)) continue;
        const std::string_view ctx(chan->name.data(), chan->name.size() - kDone.size());
        for (auto it = world.contexts.rbegin(); it != world.contexts.rend(); ++it)
            if (it->second.name == ctx) return it->first;
    }
    return 0;
}

double nominal_size(const LayoutOptions& options) {
    return (options.presentation ? kPresentationSize : 1.0) * options.zoom;
}

double label_width(const goro::ChannelView& c) {
    // After the name: "  3/5", "  (unbuffered)" or, once closed, "  closed by sender" (a longer
    // closer's name is elided).
    const std::size_t chars = c.name.size() + 20;
    return static_cast<double>(chars) * kLabelCharWidth;
}

namespace {

// The graph of goroutines and channels: nodes [0, ng) are goroutines, [ng, n) channels.
struct Graph {
    std::vector<std::vector<int>> out;
    std::vector<std::vector<int>> in;
    explicit Graph(std::size_t n) : out(n), in(n) {}
    void add(int a, int b) {
        if (std::find(out[a].begin(), out[a].end(), b) != out[a].end()) return;
        out[a].push_back(b);
        in[b].push_back(a);
    }
};

// Drops the edges that close a cycle (DFS from the oldest node) and returns a topological order.
std::vector<int> break_cycles(Graph& g) {
    const int n = static_cast<int>(g.out.size());
    std::vector<int> colour(n, 0);  // 0 unseen, 1 on the stack, 2 done
    std::vector<int> post;
    post.reserve(n);
    std::vector<std::pair<int, std::size_t>> stack;
    for (int root = 0; root < n; ++root) {
        if (colour[root]) continue;
        colour[root] = 1;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            auto& [v, next] = stack.back();
            if (next < g.out[v].size()) {
                const int w = g.out[v][next];
                if (colour[w] == 1) {  // back edge: drop it
                    g.out[v].erase(g.out[v].begin() + static_cast<std::ptrdiff_t>(next));
                    auto& ins = g.in[w];
                    ins.erase(std::find(ins.begin(), ins.end(), v));
                    continue;
                }
                ++next;
                if (colour[w] == 0) {
                    colour[w] = 1;
                    stack.push_back({w, 0});
                }
                continue;
            }
            colour[v] = 2;
            post.push_back(v);
            stack.pop_back();
        }
    }
    std::reverse(post.begin(), post.end());
    return post;
}

std::vector<int> ranks(Graph& g) {
    const std::vector<int> order = break_cycles(g);
    std::vector<int> rank(g.out.size(), 0);
    for (int v : order)
        for (int w : g.out[v])
            rank[w] = std::max(rank[w], rank[v] + 1);
    // A source stands just left of its nearest successor.
    for (std::size_t v = 0; v < rank.size(); ++v) {
        if (!g.in[v].empty() || g.out[v].empty()) continue;
        int m = INT32_MAX;
        for (int w : g.out[v])
            m = std::min(m, rank[w]);
        rank[v] = std::max(0, m - 1);
    }
    // Compact: no empty columns.
    std::vector<int> used(rank);
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    for (int& r : rank)
        r = static_cast<int>(std::lower_bound(used.begin(), used.end(), r) - used.begin());
    return rank;
}

// Splits the columns into `bands` consecutive runs of about equal nominal width; returns the
// first column of each band, then columns.size().
std::vector<std::size_t> split_bands(const std::vector<std::vector<Item>>& columns,
                                     std::size_t bands) {
    std::vector<double> w(columns.size(), 0);
    double total = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        for (const Item& it : columns[c])
            w[c] = std::max(w[c], it.w);
        total += w[c];
    }
    std::vector<std::size_t> starts{0};
    double acc = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const double target =
            total * static_cast<double>(starts.size()) / static_cast<double>(bands);
        if (c > starts.back() && starts.size() < bands && acc + w[c] / 2 > target)
            starts.push_back(c);
        acc += w[c];
    }
    starts.push_back(columns.size());
    return starts;
}

struct Placement {
    bool ok = true;
    double width = 0;   // nominal
    double height = 0;  // nominal
};

// Lays the columns out band by band (nominal units): each band may be `band_height` tall, a
// column taller than that wraps into sub-columns. `at` (optional) receives each item's offset.
Placement place(const std::vector<std::vector<Item>>& columns,
                const std::vector<std::size_t>& starts, double band_height, double big,
                double column_gap, std::vector<std::vector<QPointF>>* at) {
    Placement out;
    double top = 0;
    for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
        if (b) top += kBandGap * big;
        double x = 0;
        double band_h = 0;
        for (std::size_t c = starts[b]; c < starts[b + 1]; ++c) {
            if (c > starts[b]) x += column_gap * big;
            double y = 0;
            double sub_x = x;
            double sub_w = 0;
            if (at) (*at)[c].clear();
            for (const Item& it : columns[c]) {
                if (it.h > band_height) return {false, 0, 0};
                if (y > 0 && y + it.h > band_height) {  // wrap into a new sub-column
                    sub_x += sub_w + kSubColumnGap * big;
                    sub_w = 0;
                    y = 0;
                }
                if (at) (*at)[c].push_back(QPointF(sub_x, top + y));
                band_h = std::max(band_h, y + it.h);
                y += it.h + kRowGap * big;
                sub_w = std::max(sub_w, it.w);
            }
            x = sub_x + sub_w;
        }
        out.width = std::max(out.width, x);
        top += band_h;
    }
    out.height = top;
    return out;
}

}  // namespace

bool shown_goroutine(const goro::GoroutineView& g) {
    if (g.id == 0) return false;
    return g.state != goro::GoState::Finished || g.leaked;
}

bool shown_channel(const goro::ChannelView& c) {
    // A context's Done() carries no value, only its closing: the strip's chip stands for it, and
    // the goroutines waiting on it wear its ring. As a node it would add a column in front of
    // every goroutine that selects on it.
    if (c.sends == 0 && c.name.ends_with(".Done()")) return false;
    // A closed channel that never carried a value is left out.
    return c.sends > 0 || c.recvs > 0 || !c.senders.empty() || !c.receivers.empty() ||
           !c.buffer.empty();
}

const goro::SyncView* semaphore_of(const goro::WorldState& world, const goro::ChannelView& c) {
    constexpr std::string_view kSuffix = ".ready";
    if (!c.name.ends_with(kSuffix)) return nullptr;
    const std::string_view base =
        std::string_view(c.name).substr(0, c.name.size() - kSuffix.size());
    for (const auto& [id, s] : world.sync_objects)
        if (s.kind == goro::SyncKind::Semaphore && s.name == base) return &s;
    return nullptr;
}

const goro::SyncView* awaited_semaphore(const goro::GoroutineView& g,
                                        const goro::WorldState& world) {
    if (g.state != goro::GoState::Blocked || g.reason != goro::BlockReason::Select) return nullptr;
    for (goro::ObjectId c : g.select_on) {
        const goro::ChannelView* ch = world.channel(c);
        if (const goro::SyncView* sem = ch ? semaphore_of(world, *ch) : nullptr) return sem;
    }
    return nullptr;
}

bool shown_context(const goro::ContextView& c, std::int64_t now) {
    return c.cancelled_at < 0 || now - c.cancelled_at <= kCancelledShownNs;
}

QSizeF channel_box_size(std::size_t cap) {
    if (cap == 0) return {80, 16};
    // A gauge shows a fraction and its count: it needs no room per slot, and a wide one would
    // shrink the whole picture (and its text) to fit.
    const std::size_t slots = cap > kMaxSlotsDrawn ? kGaugeSlots : cap;
    return {std::max(70.0, static_cast<double>(slots) * kSlotWidth + 6), kChannelHeight};
}

std::optional<ParkedEdge> parked_edge(const goro::GoroutineView& g) {
    if (g.state != goro::GoState::Blocked) return std::nullopt;
    const bool send = g.reason == goro::BlockReason::ChanSend;
    if (!send && g.reason != goro::BlockReason::ChanRecv) return std::nullopt;
    const auto& seen = send ? g.sends_to : g.recvs_from;
    if (std::find(seen.begin(), seen.end(), g.waits_on) != seen.end()) return std::nullopt;
    return ParkedEdge{g.waits_on, send};
}

namespace {

// The contexts of the strip, in depth-first order with their depths: at most `room`, those not
// cancelled before those cancelled, the newest first, each with its shown ancestors (a chip
// never stands without its parent's). A context's parent not shown (cancelled a while ago) is
// skipped: its children attach to the nearest shown ancestor.
std::vector<std::pair<const goro::ContextView*, int>> strip_contexts(const goro::WorldState& world,
                                                                     std::size_t room) {
    auto shown_parent = [&](const goro::ContextView& c) -> const goro::ContextView* {
        for (auto it = world.contexts.find(c.parent); it != world.contexts.end();
             it = world.contexts.find(it->second.parent)) {
            if (shown_context(it->second, world.time)) return &it->second;
        }
        return nullptr;
    };
    std::vector<const goro::ContextView*> candidates;
    for (const auto& [id, c] : world.contexts)
        if (shown_context(c, world.time)) candidates.push_back(&c);
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
        const bool a_live = a->cancelled_at < 0, b_live = b->cancelled_at < 0;
        return a_live != b_live ? a_live : a->id > b->id;
    });
    std::set<goro::ObjectId> kept;
    for (const goro::ContextView* c : candidates) {
        std::vector<goro::ObjectId> chain;
        for (const goro::ContextView* n = c; n && !kept.count(n->id); n = shown_parent(*n))
            chain.push_back(n->id);
        if (kept.size() + chain.size() <= room) kept.insert(chain.begin(), chain.end());
    }
    std::map<goro::ObjectId, std::vector<const goro::ContextView*>> children;
    for (goro::ObjectId id : kept) {
        const goro::ContextView& c = world.contexts.at(id);
        const goro::ContextView* parent = shown_parent(c);
        children[parent ? parent->id : 0].push_back(&c);
    }
    std::vector<std::pair<const goro::ContextView*, int>> order;
    std::vector<std::pair<const goro::ContextView*, int>> todo;
    for (auto it = children[0].rbegin(); it != children[0].rend(); ++it)
        todo.push_back({*it, 0});
    while (!todo.empty()) {
        auto [c, depth] = todo.back();
        todo.pop_back();
        order.push_back({c, depth});
        auto& kids = children[c->id];
        for (auto it = kids.rbegin(); it != kids.rend(); ++it)
            todo.push_back({*it, depth + 1});
    }
    return order;
}

}  // namespace

void layout_strip(const goro::WorldState& world, const LayoutOptions& options, SceneLayout& out) {
    const double big = nominal_size(options);
    out.zoom = options.zoom;
    QRectF area = options.area.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    // One line of caption text (points at 96 dpi, and room for descenders).
    const double caption_h =
        kCaptionPoint[options.presentation ? 1 : 0] * options.zoom * 96.0 / 72.0 * 1.45;
    out.caption = QRectF(area.left(), area.top(), area.width(), caption_h);
    area.setTop(area.top() + caption_h + kMargin / 2);
    // The legend's text is 14 pt in presentation mode against 8.5 pt (scene_painter.cpp): its
    // box grows with the text, more than the nodes do.
    const double legend_k = (options.presentation ? kPresentationLegend : 1.0) * options.zoom;
    // Four columns of states where they fit in half the width, else fewer and more rows.
    const double cell_w = kLegendWidth / 4 * legend_k;
    out.legend_columns = std::clamp(static_cast<int>(area.width() * 0.55 / cell_w), 2, 4);
    const int legend_rows = (kVisualStateCount + out.legend_columns - 1) / out.legend_columns;
    // Without the legend (LayoutOptions::legend), its corner keeps room for the clock alone: a
    // line of chrome text (kLegendHeight / 3 is one legend row).
    const double legend_w = options.legend ? cell_w * out.legend_columns : cell_w * 1.5;
    const double strip_w = std::max(0.0, area.width() - legend_w - kMargin);
    const auto room = static_cast<std::size_t>(
        std::max(1.0, (strip_w + kChipGap) / (kMinChipWidth * big + kChipGap)));
    // Sync objects take the row's room before the contexts, two context chips' room each, the
    // oldest first.
    std::vector<goro::ObjectId> syncs;
    for (const auto& [id, s] : world.sync_objects)
        if (s.has_chip() && syncs.size() < std::max<std::size_t>(1, room / 2)) syncs.push_back(id);
    const std::size_t context_room = room > 2 * syncs.size() ? room - 2 * syncs.size() : 0;
    const std::vector<std::pair<const goro::ContextView*, int>> order =
        strip_contexts(world, std::min(context_room, kMaxContexts));
    int depths = syncs.empty() ? 0 : 1;
    for (const auto& [c, d] : order)
        depths = std::max(depths, d + 1);
    const double legend_h =
        options.legend ? kLegendHeight / 3 * legend_rows * legend_k : kLegendHeight / 3 * legend_k;
    if (!options.legend) out.legend_columns = 0;
    const double chip_h = kChipHeight * big;
    const double strip_h = std::max(legend_h, depths * (chip_h + kChipGap * big));
    out.legend = QRectF(area.right() - legend_w, area.bottom() - legend_h, legend_w, legend_h);
    out.strip = QRectF(area.left(), area.bottom() - strip_h, strip_w, strip_h);
    if (order.empty() && syncs.empty()) {
        out.strip.setWidth(0);
    } else {
        const double n = static_cast<double>(order.size() + syncs.size());
        const double widths =
            static_cast<double>(order.size()) + kSyncChipWidths * static_cast<double>(syncs.size());
        const double chip_w =
            std::min(kChipWidth * big, (out.strip.width() - (n - 1) * kChipGap) / widths);
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto& [c, d] = order[i];
            out.contexts[c->id] =
                QRectF(out.strip.left() + static_cast<double>(i) * (chip_w + kChipGap),
                       out.strip.top() + d * (chip_h + kChipGap * big), chip_w, chip_h);
        }
        const double sync_w = chip_w * kSyncChipWidths;
        const double syncs_left =
            out.strip.left() + static_cast<double>(order.size()) * (chip_w + kChipGap);
        for (std::size_t i = 0; i < syncs.size(); ++i)
            out.syncs[syncs[i]] = QRectF(syncs_left + static_cast<double>(i) * (sync_w + kChipGap),
                                         out.strip.top(), sync_w, chip_h);
    }
    out.graph = QRectF(area.left(), area.top(), area.width(),
                       std::max(10.0, area.height() - strip_h - kMargin));
}

SceneLayout layout_scene(const goro::WorldState& world, const LayoutOptions& options) {
    SceneLayout out;
    const double column_gap = options.narrow ? kNarrowColumnGap : kColumnGap;
    const double big = nominal_size(options);
    layout_strip(world, options, out);

    // --- the graph
    std::vector<const goro::GoroutineView*> gs;
    for (const auto& [id, g] : world.goroutines) {
        const bool keep = std::find(options.finished.begin(), options.finished.end(), id) !=
                          options.finished.end();
        if (id != 0 && (shown_goroutine(g) || keep)) gs.push_back(&g);
    }
    std::vector<const goro::ChannelView*> cs;
    std::map<goro::ObjectId, int> chan_index;
    for (const auto& [id, c] : world.channels) {
        if (semaphore_of(world, c)) out.hidden_channels.insert(id);
        if (!shown_channel(c) || out.hidden_channels.count(id)) continue;
        chan_index[id] = static_cast<int>(gs.size() + cs.size());
        cs.push_back(&c);
    }
    Graph graph(gs.size() + cs.size());
    for (std::size_t i = 0; i < gs.size(); ++i) {
        const goro::GoroutineView& g = *gs[i];
        const int gi = static_cast<int>(i);
        auto edge = [&](goro::ObjectId chan, bool send) {
            auto it = chan_index.find(chan);
            if (it == chan_index.end()) return;
            if (send) {
                graph.add(gi, it->second);
                out.sends.push_back({g.id, chan});
            } else {
                graph.add(it->second, gi);
                out.recvs.push_back({chan, g.id});
            }
        };
        for (goro::ObjectId c : g.sends_to)
            edge(c, true);
        for (goro::ObjectId c : g.recvs_from)
            edge(c, false);
        if (const auto parked = parked_edge(g)) edge(parked->chan, parked->send);
    }
    const std::vector<int> rank = ranks(graph);
    const int ncols = rank.empty() ? 0 : *std::max_element(rank.begin(), rank.end()) + 1;
    std::vector<std::vector<Item>> columns(static_cast<std::size_t>(ncols));
    for (std::size_t i = 0; i < cs.size(); ++i) {  // channels first, by id
        const QSizeF box = channel_box_size(cs[i]->cap);
        const int r = rank[gs.size() + i];
        columns[static_cast<std::size_t>(r)].push_back(
            {true, cs[i]->id, std::max(box.width(), label_width(*cs[i])) * big,
             (box.height() + kChannelLabel) * big, box.width() * big});
        out.channel_column[cs[i]->id] = r;
    }
    for (std::size_t i = 0; i < gs.size(); ++i) {
        const int r = rank[i];
        columns[static_cast<std::size_t>(r)].push_back(
            {false, gs[i]->id, kNodeWidth * big, kNodeHeight * big, 0});
        out.goroutine_column[gs[i]->id] = r;
    }
    // A graph much wider than the area (a long pipeline) is cut into bands read like lines of
    // text; the band count that gives the largest scale wins, the fewest bands on a tie.
    // Room above the nodes for the edges that go back to an earlier column (cycles).
    const QRectF g = out.graph.adjusted(0, kTopRoom * big, 0, 0);
    auto fit = [&](const std::vector<std::size_t>& starts) {
        const double nb = static_cast<double>(starts.size() - 1);
        auto fits = [&](double s) {
            const double band_h = (g.height() / s - (nb - 1) * kBandGap * big) / nb;
            const Placement pl = place(columns, starts, band_h, big, column_gap, nullptr);
            return pl.ok && pl.width * s <= g.width() && pl.height * s <= g.height();
        };
        if (fits(kMaxUpscale)) return kMaxUpscale;
        double lo = 0.02;
        double hi = kMaxUpscale;
        for (int i = 0; i < 22; ++i) {
            const double mid = (lo + hi) / 2;
            (fits(mid) ? lo : hi) = mid;
        }
        return lo;
    };
    std::vector<std::size_t> starts = split_bands(columns, 1);
    double s = fit(starts);
    for (std::size_t b = 2; b <= std::min<std::size_t>(kMaxBands, columns.size()) && s < 1.0; ++b) {
        const std::vector<std::size_t> more = split_bands(columns, b);
        const double sb = fit(more);
        if (sb > s * 1.2) {  // bands cost some reading: only for a clear gain
            s = sb;
            starts = more;
        }
    }
    out.scale = s * big;
    // The text's own size decides; a narrow canvas holds its text at a floor, whatever the scale.
    out.labels = options.narrow || s * big >= kLabelMinScale;
    out.chip_room = (column_gap - 6) * big * s;
    std::vector<std::vector<QPointF>> at(columns.size());
    const double nb = static_cast<double>(starts.size() - 1);
    const Placement pl = place(columns, starts, (g.height() / s - (nb - 1) * kBandGap * big) / nb,
                               big, column_gap, &at);
    const double x0 = g.left() + std::max(0.0, (g.width() - pl.width * s) / 2);
    const double y0 = g.top();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        for (std::size_t k = 0; k < columns[c].size(); ++k) {
            const Item& it = columns[c][k];
            const QPointF p(x0 + at[c][k].x() * s, y0 + at[c][k].y() * s);
            if (it.channel) {
                const double label = kChannelLabel * big * s;
                out.channels[it.id] = QRectF(p.x(), p.y() + label, it.box_w * s, it.h * s - label);
            } else {
                out.goroutines[it.id] = QRectF(p.x(), p.y(), it.w * s, it.h * s);
            }
        }
    }
    return out;
}

}  // namespace gorama::ui
