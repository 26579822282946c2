// SPDX-License-Identifier: Apache-2.0
#include "lag/lag_sampler.h"

#include "lag/lag_requests.h"

#include <algorithm>
#include <set>

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

Result<LagSnapshot> LagSampler::sampleWith(
    rd_kafka_t* rk, std::chrono::milliseconds timeout, const kafka::CancelFlag* cancel, const Prefetched* prefetched)
{
    const auto started = m_clock.steadyNow();
    LagSnapshot snapshot;

    int requests = 0;
    Result<kafka::GroupListing> listing = prefetched
        ? Result<kafka::GroupListing>(prefetched->listing)
        : kafka::describeAllGroups(rk, timeout, requests, cancel, /*withCommittedTopics=*/false);
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
    std::vector<std::string> groupIds;
    for (const auto& info : listing->groups)
        groupIds.push_back(info.groupId);
    // All committed-offset requests in flight together.
    auto committed = committedOffsetsOfGroups(rk, groupIds, timeout, requests, cancel);
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
        auto queriedEnds = kafka::queryOffsets(rk, partitionList, kafka::OffsetSpec::Latest, timeout);
        ++requests;
        if (isCancelled(cancel))
            return cancelledError();
        auto queriedStarts = kafka::queryOffsets(rk, partitionList, kafka::OffsetSpec::Earliest, timeout);
        ++requests;
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

    // End-offset histories: append the new end, drop partitions no group refers to any more.
    for (auto it = m_endHistories.begin(); it != m_endHistories.end();) {
        if (!partitions.count(it->first))
            it = m_endHistories.erase(it);
        else
            ++it;
    }
    for (const auto& [tp, end] : ends.offsets) {
        auto [it, inserted] = m_endHistories.try_emplace(tp, m_settings.historyCapacity);
        (void)inserted;
        it->second.append(now, end);
    }

    LagObservation observation;
    observation.observedAt = now;
    std::set<GroupPartition> seenCommitKeys;
    for (const auto& read : reads) {
        const auto& info = *read.info;
        if (!read.readable || !info.error.empty()) {
            observation.unreadGroups.push_back(info.groupId);
            continue;
        }
        std::set<domain::TopicPartition> groupPartitions;
        for (const auto& [tp, offset] : read.committed)
            groupPartitions.insert(tp);
        for (const auto& [tp, client] : read.owners)
            groupPartitions.insert(tp);
        bool complete = true;
        for (const auto& tp : groupPartitions)
            complete = complete && ends.offsets.count(tp);
        if (!complete) {
            observation.unreadGroups.push_back(info.groupId);
            continue;
        }
        for (const auto& tp : groupPartitions) {
            PartitionObservation obs;
            obs.group = info.groupId;
            obs.partition = tp;
            obs.offsets.end = ends.offsets.at(tp);
            if (auto s = starts.offsets.find(tp); s != starts.offsets.end())
                obs.offsets.logStart = s->second;
            if (auto c = read.committed.find(tp); c != read.committed.end()) {
                obs.offsets.committed = c->second;
                GroupPartition key { info.groupId, tp };
                auto [hist, inserted] = m_commitHistories.try_emplace(key, m_settings.historyCapacity);
                (void)inserted;
                hist->second.append(now, c->second);
                seenCommitKeys.insert(std::move(key));
                obs.timeLag = m_endHistories.at(tp).timeLag(c->second, now);
            }
            if (info.protocolType.empty())
                obs.ownership = Ownership::Unknown;
            else
                obs.ownership = read.owners.count(tp) ? Ownership::Owned : Ownership::Unowned;
            observation.partitions.push_back(std::move(obs));
        }
    }
    // Commit histories of groups read this time but without that commit any more are dropped;
    // those of unread groups are kept as they were.
    std::set<std::string, std::less<>> unread(observation.unreadGroups.begin(), observation.unreadGroups.end());
    std::set<std::string, std::less<>> listed;
    for (const auto& info : listing->groups)
        listed.insert(info.groupId);
    for (auto it = m_commitHistories.begin(); it != m_commitHistories.end();) {
        const bool keep
            = seenCommitKeys.count(it->first) || (unread.count(it->first.first) && listed.count(it->first.first));
        it = keep ? std::next(it) : m_commitHistories.erase(it);
    }

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

    if (!m_seeded) {
        m_seeded = true;
        if (m_settings.seedWindows)
            m_settings.seedWindows(m_evaluator, std::vector<std::string>(listed.begin(), listed.end()), now);
    }
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
        group.totals = gv.totals;
        const GroupRead* read = nullptr;
        if (auto r = readById.find(gv.group); r != readById.end()) {
            read = r->second;
            group.state = read->info->state;
            group.protocolType = read->info->protocolType;
        }
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
            if (auto h = m_endHistories.find(pv.partition); h != m_endHistories.end())
                row.produceRate = h->second.rate(m_settings.rateWindow);
            if (auto h = m_commitHistories.find(GroupPartition { gv.group, pv.partition });
                h != m_commitHistories.end())
                row.consumeRate = h->second.rate(m_settings.rateWindow);
            row.catchUp = estimateCatchUp(pv.lag.lagRecords, row.consumeRate, row.produceRate);
            if (read) {
                if (auto o = read->owners.find(pv.partition); o != read->owners.end())
                    row.memberClientId = o->second;
                if (read->info->protocolType.empty())
                    row.ownership = Ownership::Unknown;
                else
                    row.ownership = read->owners.count(pv.partition) ? Ownership::Owned : Ownership::Unowned;
            }
            group.partitions.push_back(std::move(row));
        }
        snapshot.groups.push_back(std::move(group));
    }

    snapshot.cost.requests = requests;
    snapshot.cost.duration = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.steadyNow() - started);
    return snapshot;
}

} // namespace sluice::lag
