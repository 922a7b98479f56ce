#include "canvas/stable_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <tuple>

namespace gorama::ui {

namespace {

constexpr std::size_t kNone = SIZE_MAX;
constexpr double kBandGap = 40;
// Between columns: room for the chips of the goroutines parked on a channel, and the edges.
constexpr double kStableColumnGap = 60;
constexpr double kNarrowStableColumnGap = 36;  // LayoutOptions::narrow
constexpr std::size_t kCompactRows = 2;
// As wide as a node: a column that becomes a group later keeps its width (moves nothing).
constexpr double kCompactWidth = kNodeWidth;
// The room a queue's column has before its first channel: a short name and a small buffer.
constexpr double kReservedChannelWidth = kNodeWidth;
// Nominal height of a row: the taller of a goroutine and a channel with its label, and a gap.
constexpr double kPitch = std::max(kNodeHeight, kChannelHeight + kChannelLabel) + kRowGap;

// "request" for the pattern "request *": the name a compact group shows with its count.
std::string group_label(const RoleSpec& r) {
    std::string s;
    for (char c : r.match)
        if (c != '*') s.push_back(c);
    while (!s.empty() && (s.back() == ' ' || s.back() == '.'))
        s.pop_back();
    return s.empty() ? r.group : s;
}

// A channel's room, counting each number in its name as three digits ("result 9" and
// "result 120", "op 1 attempt 0" and "op 12 attempt 3" get the same room), so that a column
// does not widen as the run goes on.
double channel_width(const goro::ChannelView& c) {
    double spare = 0;
    std::size_t run = 0;
    for (std::size_t i = 0; i <= c.name.size(); ++i) {
        if (i < c.name.size() && std::isdigit(static_cast<unsigned char>(c.name[i]))) {
            ++run;
            continue;
        }
        if (run > 0 && run < 3) spare += static_cast<double>(3 - run);
        run = 0;
    }
    return std::max(channel_box_size(c.cap).width(), label_width(c) + spare * kLabelCharWidth);
}

}  // namespace

StableLayout::StableLayout(std::vector<RoleSpec> roles, Arrangement arrangement,
                           bool show_internals)
    : m_roles(std::move(roles)), m_arrangement(arrangement) {
    std::map<std::string, std::size_t> by_group;
    for (std::size_t i = 0; i < m_roles.size(); ++i) {
        const RoleSpec& r = m_roles[i];
        const bool plumbing = r.role == Role::Plumbing;
        if (plumbing && !show_internals) {
            m_role_column.push_back(kNone);
            continue;
        }
        // Shown, every piece of plumbing shares one column, named for what it is.
        const std::string key = plumbing          ? "\n internals"
                                : r.group.empty() ? "#" + std::to_string(i)
                                                  : r.group;
        auto [it, added] = by_group.try_emplace(key, m_columns.size());
        if (added) {
            m_columns.emplace_back();
            m_columns.back().label = plumbing ? "internals" : group_label(r);
        }
        Column& c = m_columns[it->second];
        // A family of nodes ("worker *", "result *") may grow while the run goes on: it
        // reserves kRows. A stage is one goroutine, whatever its name ("stage 1*").
        c.growable = c.growable || r.role == Role::WorkerGroup ||
                     (r.role != Role::Stage && r.match.find('*') != std::string::npos);
        c.compact = c.compact || r.compact;
        c.goroutines = c.goroutines || r.role != Role::Queue;
        // Every role's column has its room from the start, so that one opening late (the first
        // time.After to fire) moves no column to its right.
        c.opened = true;
        c.width = std::max(c.width, r.role == Role::Queue ? kReservedChannelWidth : kNodeWidth);
        m_role_column.push_back(it->second);
    }
    m_columns.emplace_back();  // the unmatched nodes
    m_columns.back().growable = true;
    m_columns.back().label = "other";
}

std::size_t StableLayout::unmatched() const {
    std::size_t n = 0;
    for (const Slot& s : m_columns.back().rows)
        n += !s.empty;
    return n;
}

void StableLayout::place(std::size_t column, bool channel, std::uint32_t id, double width) {
    Column& c = m_columns[column];
    c.opened = true;
    c.width = std::max(c.width, width);
    if (channel) ++c.channels_admitted;
    if (c.compact_channels && channel) {
        c.channel_members.push_back(id);
        m_channels[id] = {column, kNone};
        return;
    }
    if (c.compact && !channel) {
        c.members.push_back(id);
        ++c.admitted;
        m_goroutines[id] = {column, kNone};
        return;
    }
    std::size_t k = 0;
    while (k < c.rows.size() && !c.rows[k].empty)
        ++k;
    if (k == c.rows.size() && c.rows.size() >= kRows) {
        // Full: the goroutine that finished longest ago gives up its slot.
        std::uint64_t oldest = UINT64_MAX;
        for (std::size_t i = 0; i < c.rows.size(); ++i) {
            const Slot& s = c.rows[i];
            if (s.channel) continue;
            auto f = m_finish_order.find(s.id);
            if (f != m_finish_order.end() && f->second < oldest) {
                oldest = f->second;
                k = i;
            }
        }
        if (k != c.rows.size()) {
            m_goroutines.erase(c.rows[k].id);
            m_finish_order.erase(c.rows[k].id);
            m_retired.insert(c.rows[k].id);
            ++c.folded;
        }
    }
    if (k == c.rows.size()) c.rows.emplace_back();
    c.rows[k] = {channel, id, false};
    (channel ? m_channels : m_goroutines)[id] = {column, k};
    if (!channel) ++c.admitted;
    std::size_t alive = 0, channels = 0;
    for (const Slot& s : c.rows) {
        alive += !s.empty && !s.channel && !m_finish_order.count(s.id);
        channels += !s.empty && s.channel;
    }
    if (alive > kRows) make_compact(c, column);
    if (channels > kRows) make_compact_channels(c, column);
}

void StableLayout::make_compact_channels(Column& c, std::size_t column) {
    c.compact_channels = true;
    for (Slot& s : c.rows) {
        if (s.empty || !s.channel) continue;
        c.channel_members.push_back(s.id);
        m_channels[s.id] = {column, kNone};
        s.empty = true;
    }
}

void StableLayout::make_compact(Column& c, std::size_t column) {
    c.compact = true;
    for (Slot& s : c.rows) {
        if (s.empty || s.channel) continue;
        if (m_finish_order.count(s.id)) {
            m_goroutines.erase(s.id);
            m_finish_order.erase(s.id);
            m_retired.insert(s.id);
        } else {
            c.members.push_back(s.id);
            m_goroutines[s.id] = {column, kNone};
        }
        s.empty = true;
    }
    c.folded = 0;
}

void StableLayout::free_forgotten(const goro::WorldState& world) {
    std::erase_if(m_sized, [&](goro::ObjectId id) { return !world.channels.count(id); });
    std::erase_if(m_hidden_channels, [&](goro::ObjectId id) { return !world.channels.count(id); });
    std::erase_if(m_hidden_goroutines,
                  [&](goro::GoroutineId id) { return !world.goroutines.count(id); });
    std::erase_if(m_retired, [&](goro::GoroutineId id) { return !world.goroutines.count(id); });
    for (Column& c : m_columns) {
        std::erase_if(c.members, [&](goro::GoroutineId id) {
            if (world.goroutines.count(id)) return false;
            m_goroutines.erase(id);
            return true;
        });
        std::erase_if(c.channel_members, [&](goro::ObjectId id) {
            if (world.channels.count(id)) return false;
            m_channels.erase(id);
            return true;
        });
        for (Slot& s : c.rows) {
            if (s.empty) continue;
            const bool gone =
                s.channel ? !world.channels.count(s.id) : !world.goroutines.count(s.id);
            if (!gone) continue;
            if (s.channel) {
                m_channels.erase(s.id);
            } else {
                m_goroutines.erase(s.id);
                m_finish_order.erase(s.id);
                ++c.folded;
            }
            s.empty = true;
        }
    }
}

std::size_t StableLayout::column_for(std::string_view name, bool channel) const {
    const RoleSpec* r = role_of(m_roles, name, channel);
    return r ? m_role_column[static_cast<std::size_t>(r - m_roles.data())] : m_columns.size() - 1;
}

void StableLayout::admit(const goro::WorldState& world) {
    free_forgotten(world);
    for (const auto& [id, g] : world.goroutines) {
        if (id == 0 || m_hidden_goroutines.count(id) || m_retired.count(id)) continue;
        if (auto known = m_goroutines.find(id); known != m_goroutines.end()) {
            if (shown_goroutine(g) || m_finish_order.count(id)) continue;
            if (known->second.slot == kNone) {  // a compact group counts it, and lets it go
                std::erase(m_columns[known->second.column].members, id);
                m_goroutines.erase(known);
                m_retired.insert(id);
            } else {
                m_finish_order[id] = m_finishes++;
            }
            continue;
        }
        const std::size_t column = column_for(g.name, false);
        if (column == kNone) {
            m_hidden_goroutines.insert(id);
            continue;
        }
        // One that came and went between two looks still takes a slot, greyed (the picture
        // shows that it ran), or is counted by its compact group, once.
        if (!shown_goroutine(g)) {
            Column& c = m_columns[column];
            if (c.compact) {
                if (m_retired.insert(id).second) ++c.admitted;
                c.opened = true;
                continue;
            }
            m_finish_order[id] = m_finishes++;
        }
        place(column, false, id, kNodeWidth);
    }
    for (const auto& [id, c] : world.channels) {
        if (m_channels.count(id) || m_hidden_channels.count(id)) continue;
        if (!shown_channel(c)) {
            // Not drawn yet (no value, nobody parked), but made: its column gets its width now,
            // so that its first value moves no column to its right.
            if (!m_sized.insert(id).second) continue;
            const std::size_t column = column_for(c.name, true);
            if (column == kNone) {
                m_hidden_channels.insert(id);
            } else {
                m_columns[column].width = std::max(m_columns[column].width, channel_width(c));
            }
            continue;
        }
        const std::size_t column = column_for(c.name, true);
        if (column == kNone) {
            m_hidden_channels.insert(id);
            continue;
        }
        place(column, true, id, channel_width(c));
    }
}

SceneLayout StableLayout::layout(const goro::WorldState& world,
                                 const LayoutOptions& options) const {
    SceneLayout out;
    layout_strip(world, options, out);
    out.hidden_channels = m_hidden_channels;
    const double big = nominal_size(options);

    // The open columns, their nominal widths and the rows they reserve.
    struct Open {
        std::size_t index;
        double width;
        std::size_t rows;
        bool breakable;  // a band may start here: it holds goroutines (a whole stage follows)
    };
    std::vector<Open> open;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const Column& c = m_columns[i];
        if (!c.opened) continue;
        const std::size_t groups = (c.compact ? 1 : 0) + (c.compact_channels ? 1 : 0);
        const std::size_t rows = groups > 0   ? groups * kCompactRows
                                 : c.growable ? std::max(kRows, c.rows.size())
                                              : std::max<std::size_t>(1, c.rows.size());
        const bool goroutines =
            std::any_of(c.rows.begin(), c.rows.end(), [](const Slot& s) { return !s.channel; });
        const bool grouped = c.compact || c.compact_channels;
        open.push_back({i, (grouped ? std::max(c.width, kCompactWidth) : c.width) * big, rows,
                        goroutines || c.compact});
    }
    if (open.empty()) return out;

    // Bands: runs of whole columns of about equal width; the split with the largest scale wins,
    // the fewest bands on a near tie.
    const QRectF graph = out.graph;
    const double nominal_gap = options.narrow ? kNarrowStableColumnGap : kStableColumnGap;
    const double gap = nominal_gap * big;
    auto split = [&](std::size_t bands) {
        double total = -gap;
        for (const Open& o : open)
            total += o.width + gap;
        std::vector<std::size_t> starts{0};
        double run = 0;
        for (std::size_t i = 0; i < open.size(); ++i) {
            const double target = total / static_cast<double>(bands);
            if (i > 0 && open[i].breakable && starts.size() < bands &&
                run + open[i].width > target) {
                starts.push_back(i);
                run = 0;
            }
            run += open[i].width + gap;
        }
        starts.push_back(open.size());
        return starts;
    };
    auto scale_of = [&](const std::vector<std::size_t>& starts) {
        double widest = 0, height = kTopRoom * big;
        for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
            double w = 0;  // each column with the gap after it: the last one's chips need room too
            std::size_t rows = 1;
            for (std::size_t i = starts[b]; i < starts[b + 1]; ++i) {
                w += open[i].width + gap;
                rows = std::max(rows, open[i].rows);
            }
            widest = std::max(widest, w);
            height += static_cast<double>(rows) * kPitch * big + (b > 0 ? kBandGap * big : 0);
        }
        return std::min({kMaxUpscale, graph.width() / widest, graph.height() / height});
    };
    std::vector<std::size_t> starts = split(1);
    double s = scale_of(starts);
    const std::size_t max_bands = m_arrangement == Arrangement::Chain ? kMaxBands : 1;
    for (std::size_t b = 2; b <= std::min(max_bands, open.size()); ++b) {
        const std::vector<std::size_t> more = split(b);
        if (more.size() != b + 1) continue;  // no place to break
        const double sb = scale_of(more);
        if (sb > s * 1.2) {
            s = sb;
            starts = std::move(more);
        }
    }
    out.scale = s * big;
    // The text's own size decides; a narrow canvas holds its text at a floor, whatever the scale.
    out.labels = options.narrow || s * big >= kLabelMinScale;
    out.chip_room = (nominal_gap - 6) * big * s;

    // Positions: bands left-aligned (a column opening at the right moves no other), rows from
    // the top of the band.
    const double pitch = kPitch * big * s;
    double top = graph.top() + kTopRoom * big * s;
    for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
        std::size_t rows = 1;
        for (std::size_t i = starts[b]; i < starts[b + 1]; ++i)
            rows = std::max(rows, open[i].rows);
        double x = graph.left();
        for (std::size_t i = starts[b]; i < starts[b + 1]; ++i) {
            const Column& c = m_columns[open[i].index];
            const int column = static_cast<int>(open[i].index);
            // A compact group `rows_down` group heights below the band's top.
            auto group_at = [&](std::size_t rows_down, std::size_t total, bool of_channels) {
                CompactGroup group;
                group.rect =
                    QRectF(x, top + static_cast<double>(rows_down) * pitch, open[i].width * s,
                           static_cast<double>(kCompactRows) * pitch - kRowGap * big * s);
                group.label = c.label;
                group.total = total;
                group.of_channels = of_channels;
                return group;
            };
            if (c.compact) {
                CompactGroup group = group_at(0, c.admitted, false);
                for (goro::GoroutineId id : c.members) {
                    group.members.push_back(id);
                    out.goroutines[id] = group.rect;
                    out.goroutine_column[id] = column;
                    out.compacted[id] = out.compact.size();
                }
                out.compact.push_back(std::move(group));
            }
            if (c.compact_channels) {  // below the goroutines' group, if any
                CompactGroup group =
                    group_at(c.compact ? kCompactRows : 0, c.channels_admitted, true);
                for (goro::ObjectId id : c.channel_members) {
                    group.channels.push_back(id);
                    out.channels[id] = group.rect;
                    out.channel_column[id] = column;
                    out.compacted_channels[id] = out.compact.size();
                }
                out.compact.push_back(std::move(group));
            }
            const std::size_t skip =
                ((c.compact ? 1 : 0) + (c.compact_channels ? 1 : 0)) * kCompactRows;
            for (std::size_t k = 0; k < c.rows.size(); ++k) {
                const Slot& slot = c.rows[k];
                if (slot.empty || (c.compact && !slot.channel)) continue;
                const double y = top + static_cast<double>(k + skip) * pitch;
                if (slot.channel) {
                    const auto ch = world.channels.find(slot.id);
                    const QSizeF box =
                        channel_box_size(ch == world.channels.end() ? 0 : ch->second.cap);
                    out.channels[slot.id] = QRectF(x, y + kChannelLabel * big * s,
                                                   box.width() * big * s, box.height() * big * s);
                    out.channel_column[slot.id] = column;
                } else {
                    out.goroutines[slot.id] =
                        QRectF(x, y, kNodeWidth * big * s, kNodeHeight * big * s);
                    out.goroutine_column[slot.id] = column;
                }
            }
            if (c.folded > 0 && !c.compact)  // in the room above the column's first row
                out.folded.push_back({QPointF(x, top - kTopRoom * big * s), c.folded});
            for (const Slot& slot : c.rows)
                if (!slot.empty && slot.channel) out.label_room[slot.id] = open[i].width * s;
            x += (open[i].width + gap) * s;
        }
        top += static_cast<double>(rows) * pitch + kBandGap * big * s;
    }

    // Edges between what is drawn; a compact group's once per channel (or channel group) and
    // direction.
    std::set<std::tuple<std::uint64_t, std::uint64_t, bool>> group_edges;
    for (const auto& [id, place] : m_goroutines) {
        const auto it = world.goroutines.find(id);
        if (it == world.goroutines.end()) continue;
        const goro::GoroutineView& g = it->second;
        const auto grouped = out.compacted.find(id);
        auto edge = [&](goro::ObjectId chan, bool send) {
            if (!out.channels.count(chan)) return;
            const auto chan_group = out.compacted_channels.find(chan);
            if (grouped != out.compacted.end() || chan_group != out.compacted_channels.end()) {
                constexpr std::uint64_t kGroup = 1ull << 63;
                const std::uint64_t from =
                    grouped != out.compacted.end() ? kGroup | grouped->second : id;
                const std::uint64_t to =
                    chan_group != out.compacted_channels.end() ? kGroup | chan_group->second : chan;
                if (!group_edges.insert({from, to, send}).second) return;
            }
            if (send) {
                out.sends.push_back({id, chan});
            } else {
                out.recvs.push_back({chan, id});
            }
        };
        for (goro::ObjectId c : g.sends_to)
            edge(c, true);
        for (goro::ObjectId c : g.recvs_from)
            edge(c, false);
        if (const auto parked = parked_edge(g)) edge(parked->chan, parked->send);
    }
    return out;
}

}  // namespace gorama::ui
