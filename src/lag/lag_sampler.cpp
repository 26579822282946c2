// SPDX-License-Identifier: Apache-2.0
#include "lag/lag_sampler.h"

#include "lag/lag_requests.h"

#include <algorithm>
#include <set>
#include <thread>
#include <unordered_map>

namespace sluice::lag {

namespace {

bool isCancelled(const kafka::CancelFlag* cancel)
{
    return cancel && cancel->load();
}

Error cancelledError()
{
    return Error { ErrorKind::Transient, "Lag refresh cancelled.", "cancelled" };
}

struct TopicPartitionHash {
    std::size_t operator()(const domain::TopicPartition& tp) const noexcept
    {
        return std::hash<std::string>{}(tp.topic) * 31 + static_cast<std::size_t>(tp.partition);
    }
};

} // namespace

const LagPartitionRow* LagGroupSnapshot::partition(std::string_view topic, std::int32_t partitionId) const
{
    for (const auto& row : partitions) {
        if (row.partition.topic == topic && row.partition.partition == partitionId)
            return &row;
    }
    return nullptr;
}

const LagGroupSnapshot* LagSnapshot::group(std::string_view id) const
{
    for (const auto& g : groups) {
        if (g.group == id)
            return &g;
    }
    return nullptr;
}

LagSampler::LagSampler(const Clock& clock, LagSamplerSettings settings)
    : m_clock(clock)
    , m_settings(std::move(settings))
    , m_evaluator(clock, m_settings.evaluator)
{
}

Result<LagSnapshot> LagSampler::sample(
    rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel)
{
    return sampleWith(rk, timeout, cancel, nullptr);
}

Result<LagSnapshot> LagSampler::sample(
    rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel, const Prefetched& prefetched)
{
    return sampleWith(rk, timeout, cancel, &prefetched);
}

void LagSampler::replayStored(const std::vector<LagObservation>& refreshes, TimePoint now)
{
    for (const LagObservation& refresh : refreshes) {
        if (refresh.observedAt >= now)
            break; // not a past refresh: the live one decides
        for (const PartitionObservation& p : refresh.partitions) {
            // Several groups read one partition: its end is appended once per time (the
            // history ignores a sample that is not newer).
            m_endHistories.try_emplace(p.partition, m_settings.historyCapacity)
                .first->second.append(refresh.observedAt, p.offsets.end);
            if (p.offsets.committed)
                m_commitHistories[p.group]
                    .try_emplace(p.partition, m_settings.historyCapacity)
                    .first->second.append(refresh.observedAt, *p.offsets.committed);
        }
        m_evaluator.observe(refresh);
        std::map<std::string_view, std::int64_t> totals;
        for (const PartitionObservation& p : refresh.partitions)
            if (p.offsets.committed)
                totals[p.group] += std::max<std::int64_t>(0, p.offsets.end - *p.offsets.committed);
        for (const auto& [group, total] : totals)
            m_storedTotals[std::string(group)].push_back(total);
        for (const auto& [group, stored] : refresh.storedVerdicts)
            m_since.seed(group, stored);
    }
}

Result<LagSnapshot> LagSampler::sampleWith(
    rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel, const Prefetched* prefetched)
{
    const auto started = m_clock.steadyNow();
    LagSnapshot snapshot;

    int requests = 0;
    // Without a prefetched listing, the committed offsets are asked for on a second thread as
    // soon as the groups are listed, while their descriptions are on the way.
    std::map<std::string, GroupOffsetsRead> committed;
    int committedRequests = 0;
    std::jthread committedReader;
    Result<kafka::GroupListing> listing = prefetched
        ? Result<kafka::GroupListing>(prefetched->listing)
        : kafka::describeAllGroups(rk, timeout, requests, cancel, /*withCommittedTopics=*/false,
              [&](const std::vector<std::string>& ids) {
                  committedReader = std::jthread([&, ids] {
                      committed = committedOffsetsOfGroups(rk, ids, timeout, committedRequests, cancel);
                  });
              });
    const bool readAlongside = committedReader.joinable();
    if (readAlongside)
        committedReader.join();
    requests += committedRequests;
    if (!listing)
        return listing.error();
    if (isCancelled(cancel))
        return cancelledError();
    snapshot.warnings = listing->warnings;

    struct GroupRead {
        const domain::ConsumerGroupInfo* info = nullptr;
        std::map<domain::TopicPartition, std::int64_t> committed;
        std::map<domain::TopicPartition, std::string> owners; // partition → member client id
        bool readable = true;
    };
    if (!readAlongside) {
        std::vector<std::string> groupIds;
        for (const auto& info : listing->groups)
            groupIds.push_back(info.groupId);
        if (prefetched && prefetched->committed)
            committed = *prefetched->committed;
        else // one request per group, all in flight together
            committed = committedOffsetsOfGroups(rk, groupIds, timeout, requests, cancel);
    }
    if (isCancelled(cancel))
        return cancelledError();
    std::vector<GroupRead> reads;
    std::set<domain::TopicPartition> partitions;
    for (const auto& info : listing->groups) {
        GroupRead read;
        read.info = &info;
        for (const auto& member : info.members) {
            for (const auto& tp : member.assignment)
                read.owners[tp] = member.clientId;
        }
        auto& offsets = committed[info.groupId];
        if (!offsets.error.empty()) {
            read.readable = false;
            snapshot.warnings.push_back(
                "Couldn't read committed offsets of group " + info.groupId + ": " + offsets.error);
        } else {
            read.committed = std::move(offsets.committed);
        }
        for (const auto& [tp, offset] : read.committed)
            partitions.insert(tp);
        for (const auto& [tp, client] : read.owners)
            partitions.insert(tp);
        reads.push_back(std::move(read));
    }

    std::vector<domain::TopicPartition> partitionList(partitions.begin(), partitions.end());
    kafka::OffsetQueryResult ends;
    kafka::OffsetQueryResult starts;
    if (prefetched) {
        // Take what the refresh read; ask only for partitions it did not answer.
        std::vector<domain::TopicPartition> missing;
        for (const auto& tp : partitionList) {
            const auto end = prefetched->ends.find(tp);
            const auto start = prefetched->starts.find(tp);
            if (end == prefetched->ends.end() || start == prefetched->starts.end()) {
                missing.push_back(tp);
                continue;
            }
            ends.offsets.emplace(tp, end->second);
            starts.offsets.emplace(tp, start->second);
        }
        partitionList = std::move(missing);
    }
    if (!partitionList.empty()) {
        auto range = kafka::queryOffsetRange(rk, partitionList, timeout);
        auto& queriedEnds = range.latest;
        auto& queriedStarts = range.earliest;
        requests += queriedEnds.calls + queriedStarts.calls;
        ends.offsets.merge(queriedEnds.offsets);
        starts.offsets.merge(queriedStarts.offsets);
        ends.error = std::move(queriedEnds.error);
        starts.error = std::move(queriedStarts.error);
        if (isCancelled(cancel))
            return cancelledError();
        if (!ends.error.empty())
            snapshot.warnings.push_back("Couldn't read some end offsets: " + ends.error);
        if (!starts.error.empty())
            snapshot.warnings.push_back("Couldn't read some log-start offsets: " + starts.error);
    }

    const TimePoint now = m_clock.now();
    snapshot.sampledAt = now;

    std::set<std::string, std::less<>> listed;
    for (const auto& info : listing->groups)
        listed.insert(info.groupId);
    if (!m_seeded) {
        // Before this refresh appends anything: the stored refreshes come first in time.
        m_seeded = true;
        if (m_settings.storedRefreshes)
            replayStored(m_settings.storedRefreshes(std::vector<std::string>(listed.begin(), listed.end()), now), now);
    }

    // End-offset histories: append the new end, drop partitions no group refers to any more.
    for (auto it = m_endHistories.begin(); it != m_endHistories.end();) {
        if (!partitions.count(it->first))
            it = m_endHistories.erase(it);
        else
            ++it;
    }
    // What each partition answered, resolved once: a refresh of 1 000 groups looks partitions up
    // 100 000 times, and ordered maps keyed by topic names made that a third of its time (B6).
    struct PartitionState {
        std::int64_t end = 0;
        std::optional<std::int64_t> logStart;
        const OffsetHistory* endHistory = nullptr;
    };
    std::unordered_map<domain::TopicPartition, PartitionState, TopicPartitionHash> answered;
    answered.reserve(ends.offsets.size());
    for (const auto& [tp, end] : ends.offsets) {
        auto [it, inserted] = m_endHistories.try_emplace(tp, m_settings.historyCapacity);
        (void)inserted;
        it->second.append(now, end);
        answered.emplace(tp, PartitionState{end, std::nullopt, &it->second});
    }
    for (const auto& [tp, start] : starts.offsets) {
        if (auto it = answered.find(tp); it != answered.end())
            it->second.logStart = start;
    }

    LagObservation observation;
    observation.observedAt = now;
    observation.partitions.reserve(ends.offsets.size());
    struct GroupPartitionView {
        const domain::TopicPartition* partition;
        const PartitionState* state;
        const std::int64_t* committed; // null: no commit
        bool owned;
    };
    std::vector<GroupPartitionView> views;
    for (const auto& read : reads) {
        const auto& info = *read.info;
        if (!read.readable || !info.error.empty()) {
            observation.unreadGroups.push_back(info.groupId);
            continue;
        }
        // The group's partitions: committed or assigned (both maps are ordered by partition).
        views.clear();
        bool complete = true;
        auto c = read.committed.begin();
        auto o = read.owners.begin();
        while (complete && (c != read.committed.end() || o != read.owners.end())) {
            const bool takeC = c != read.committed.end() && (o == read.owners.end() || !(o->first < c->first));
            const bool takeO = o != read.owners.end() && (c == read.committed.end() || !(c->first < o->first));
            const domain::TopicPartition& tp = takeC ? c->first : o->first;
            const auto state = answered.find(tp);
            complete = state != answered.end();
            if (complete)
                views.push_back({&tp, &state->second, takeC ? &c->second : nullptr, takeO});
            if (takeC)
                ++c;
            if (takeO)
                ++o;
        }
        if (!complete) {
            observation.unreadGroups.push_back(info.groupId);
            continue;
        }
        // Commit histories: partitions the group no longer commits are dropped.
        auto& histories = m_commitHistories[info.groupId];
        std::erase_if(histories, [&](const auto& entry) { return !read.committed.count(entry.first); });
        for (const auto& view : views) {
            PartitionObservation obs;
            obs.group = info.groupId;
            obs.partition = *view.partition;
            obs.offsets.end = view.state->end;
            obs.offsets.logStart = view.state->logStart;
            if (view.committed) {
                obs.offsets.committed = *view.committed;
                auto [hist, inserted] = histories.try_emplace(*view.partition, m_settings.historyCapacity);
                (void)inserted;
                hist->second.append(now, *view.committed);
                obs.timeLag = view.state->endHistory->timeLag(*view.committed, now);
            }
            if (info.protocolType.empty())
                obs.ownership = Ownership::Unknown;
            else
                obs.ownership = view.owned ? Ownership::Owned : Ownership::Unowned;
            observation.partitions.push_back(std::move(obs));
        }
    }
    // Groups no longer listed lose their commit histories; unread ones keep them as they were.
    std::erase_if(m_commitHistories, [&](const auto& entry) { return !listed.count(entry.first); });

    // Rebalances and offset resets, from what each readable group looked like last time.
    for (const auto& read : reads) {
        const auto& info = *read.info;
        if (!read.readable || !info.error.empty())
            continue;
        GroupObservation seen;
        seen.state = info.state;
        for (const auto& member : info.members) {
            seen.members[member.memberId] = member.clientId;
            for (const auto& tp : member.assignment)
                seen.owners[tp] = member.memberId;
        }
        seen.committed = read.committed;
        for (auto& event : m_events.observe(info.groupId, now, std::move(seen)))
            snapshot.events.push_back(std::move(event));
    }
    m_events.retain(std::vector<std::string>(listed.begin(), listed.end()));

    m_evaluator.observe(observation);
    LagEvaluation evaluation = m_evaluator.evaluate();
    snapshot.changes = std::move(evaluation.changes);

    std::map<std::string, const GroupRead*, std::less<>> readById;
    for (const auto& read : reads)
        readById[read.info->groupId] = &read;

    for (const auto& gv : evaluation.groups) {
        LagGroupSnapshot group;
        group.group = gv.group;
        group.verdict = gv.verdict;
        group.verdictSince = m_since.update(gv.group, gv.verdict, now);
        if (auto stored = m_storedTotals.find(gv.group); stored != m_storedTotals.end())
            group.storedTotalLag = std::move(stored->second);
        group.totals = gv.totals;
        const GroupRead* read = nullptr;
        if (auto r = readById.find(gv.group); r != readById.end()) {
            read = r->second;
            group.state = read->info->state;
            group.protocolType = read->info->protocolType;
        }
        const auto histories = m_commitHistories.find(gv.group);
        group.partitions.reserve(gv.partitions.size());
        for (const auto& pv : gv.partitions) {
            LagPartitionRow row;
            row.partition = pv.partition;
            row.lag = pv.lag;
            row.committed = pv.lag.offsets.committed;
            row.end = pv.lag.offsets.end;
            row.logStart = pv.lag.offsets.logStart;
            row.timeLag = pv.timeLag;
            row.verdict = pv.verdict;
            row.reason = pv.reason;
            if (auto a = answered.find(pv.partition); a != answered.end())
                row.produceRate = a->second.endHistory->rate(m_settings.rateWindow);
            else if (auto h = m_endHistories.find(pv.partition); h != m_endHistories.end())
                row.produceRate = h->second.rate(m_settings.rateWindow);
            if (histories != m_commitHistories.end()) {
                if (auto h = histories->second.find(pv.partition); h != histories->second.end())
                    row.consumeRate = h->second.rate(m_settings.rateWindow);
            }
            row.catchUp = estimateCatchUp(pv.lag.lagRecords, row.consumeRate, row.produceRate);
            if (read) {
                const auto o = read->owners.find(pv.partition);
                if (o != read->owners.end())
                    row.memberClientId = o->second;
                if (read->info->protocolType.empty())
                    row.ownership = Ownership::Unknown;
                else
                    row.ownership = o != read->owners.end() ? Ownership::Owned : Ownership::Unowned;
            }
            group.partitions.push_back(std::move(row));
        }
        snapshot.groups.push_back(std::move(group));
    }

    m_since.retain(listed); // a group listed but not read this time keeps its start
    m_storedTotals.clear(); // handed out with the first sample only

    snapshot.cost.requests = requests;
    snapshot.cost.duration = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.steadyNow() - started);
    return snapshot;
}

} // namespace sluice::lag
