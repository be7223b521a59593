-- Commits one change to a topic's timeline, then keeps the topic's keys bounded, in one atomic step: a retried
-- change can never take a second seq, and a reader of the state always sees it with the seq it includes.
-- RedisTimelineStore.CommitAsync runs it; docs/timeline.md tells the rules ("Epochs", "What Redis keeps").

-- KEYS: RedisKeys.TopicKeys, in that order (RedisKeys documents each key's layout).
local metaKey = KEYS[1]          -- hash: seq, epoch, settled, updatedAt (and the topic's info)
local eventsKey = KEYS[2]        -- stream: the retained events, entry id {seq}-0
local dedupeKey = KEYS[3]        -- hash: dedupe key -> {seq}|{message id} of its first commit
local revisionsKey = KEYS[4]     -- hash: development id -> revision, negative once retracted
local currentKey = KEYS[5]       -- hash: development id -> current state (see parse below)
local orderKey = KEYS[6]         -- sorted set: live developments by publish seq
local pinnedKey = KEYS[7]        -- sorted set: pinned developments by the seq that pinned them
local acceptedKey = KEYS[8]      -- hash: ids of accepted publishes, until a publish of the id commits (RedisKeys.Accepted)
local appliedKey = KEYS[9]       -- hash: lane (id, or id#pin) -> accept order of the last change applied
local sentKey = KEYS[10]         -- set: places on their way, and (negated) places whose change waits at a worker
local acceptsKey = KEYS[11]      -- string: the accept counter; only given the topic's lifetime here
local dedupeTimesKey = KEYS[12]  -- sorted set: trimmable dedupe keys by commit time (ms)

-- ARGV
local kind = ARGV[1]             -- published | corrected | retracted | pinned | unpinned
local stateKey = ARGV[2]         -- the development id
local dedupeId = ARGV[3]         -- the change's dedupe key
local messageId = ARGV[4]        -- the bus message that carried the change
local fieldsJson = ARGV[5]       -- the development's fields, JSON
local pinArg = ARGV[6]           -- '1' pin, '0' unpin, '' keep as it is
local acceptedAt = ARGV[7]       -- when the API accepted the change (ms)
local maxEvents = ARGV[8]        -- the history's length at most
local retentionMs = ARGV[9]      -- how long an event stays in the history
local acceptOrder = ARGV[10]     -- the change's place among the topic's accepted changes ('' when none)
local ordering = ARGV[11]        -- '' none, 'turn', 'overdue', 'stale', 'stuck' (TopicOrdering)
local seenEpoch = ARGV[12]       -- the epoch this process last committed under ('' when none)
local seenSeq = ARGV[13]         -- the highest seq this process committed under seenEpoch
local newEpoch = ARGV[14]        -- the epoch to start when the topic needs one
local keyLifetimeMs = ARGV[15]   -- every key of the topic lives this long after its last activity
local dedupeWindowMs = ARGV[16]  -- trimmable dedupe keys older than this go

-- The reply, as named pairs (RedisTimelineStore reads them by name):
--   status 'early' | 'unknown' | 'retracted' | 'superseded'
--   status 'duplicate', messageId (of the first commit), entries (XRANGE of its event), epoch
--   status 'committed', seq, revision, pinned, committedAt (ms), fields (JSON), epoch
-- commit() returns it and, for a commit, the commit time (ms) the retention below counts from.
local function commit()
    -- The epoch comes with the topic's meta (a lost meta starts a new one) and changes when the seq under the
    -- epoch this process committed under is now lower than it saw: Redis went back, and readers must reload.
    local epoch = redis.call('HGET', metaKey, 'epoch')
    if not epoch or (epoch == seenEpoch and tonumber(redis.call('HGET', metaKey, 'seq') or '0') < tonumber(seenSeq)) then
        epoch = newEpoch
        redis.call('HSET', metaKey, 'epoch', epoch)
    end

    -- The topic's accept orders settle in turn (docs/timeline.md#ordering, "Passing over a missing number").
    if ordering ~= '' then
        local place = tonumber(acceptOrder)
        local settled = tonumber(redis.call('HGET', metaKey, 'settled') or '0')
        local head = settled + 1
        if place > head and (ordering == 'stuck'
                or (redis.call('SISMEMBER', sentKey, -head) == 0 and (ordering == 'stale'
                    or (ordering == 'overdue' and redis.call('SISMEMBER', sentKey, head) == 0)))) then
            settled = head
            redis.call('HSET', metaKey, 'settled', settled)
            redis.call('SREM', sentKey, settled, -settled)
        end
        if place > settled + 1 then
            redis.call('SADD', sentKey, -place)
            return {'status', 'early'}
        end
        if place > settled then
            redis.call('HSET', metaKey, 'settled', place)
            for passed = settled + 1, place do redis.call('SREM', sentKey, passed, -passed) end
        end
    end

    local first = redis.call('HGET', dedupeKey, dedupeId)
    if first then
        local sep = string.find(first, '|', 1, true)
        local seq = string.sub(first, 1, sep - 1)
        return {'status', 'duplicate', 'messageId', string.sub(first, sep + 1),
            'entries', redis.call('XRANGE', eventsKey, seq .. '-0', seq .. '-0'), 'epoch', epoch}
    end

    -- current state: publishSeq|publishedAt|updatedAt|revision|pinned|fields
    local function parse(value)
        local parts, start = {}, 1
        for i = 1, 5 do
            local stop = string.find(value, '|', start, true)
            parts[i] = string.sub(value, start, stop - 1)
            start = stop + 1
        end
        parts[6] = string.sub(value, start)
        return parts
    end

    local fields = fieldsJson
    -- Accept orders are kept per lane: the content (publish, correct, retract) and the pin (pin, unpin). A
    -- retraction closes both lanes.
    local pinLane = stateKey .. '#pin'
    local lane = stateKey
    if kind == 'pinned' or kind == 'unpinned' then lane = pinLane end
    local revision = tonumber(redis.call('HGET', revisionsKey, stateKey) or '0')
    local current = nil
    local newRevision = revision
    if kind == 'published' then
        newRevision = 1
    else
        if revision == 0 then return {'status', 'unknown'} end
        -- A change accepted before the last one applied lost the race through the bus: drop it. The same accept
        -- order again is that change itself, sent twice: already applied.
        local applied = redis.call('HGET', appliedKey, lane)
        if acceptOrder ~= '' and applied and tonumber(acceptOrder) <= tonumber(applied) then
            return {'status', 'superseded'}
        end
        if revision < 0 then return {'status', 'retracted'} end
        current = parse(redis.call('HGET', currentKey, stateKey))
        if kind == 'corrected' then
            newRevision = revision + 1
        elseif kind ~= 'retracted' then
            fields = current[6]
        end
    end

    local pinned = pinArg
    if kind == 'retracted' then
        pinned = '0'
    elseif pinned == '' then
        pinned = current and current[5] or '0'
    end

    local now = redis.call('TIME')
    local committedAt = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
    local seq = redis.call('HINCRBY', metaKey, 'seq', 1)
    local entryId = seq .. '-0'
    redis.call('XADD', eventsKey, 'MAXLEN', maxEvents, entryId,
        'k', kind, 'r', newRevision, 'p', pinned, 'a', acceptedAt, 'c', committedAt, 'f', fields)

    -- Time-based retention: drop expired events from the front, a bounded number per commit.
    local cutoff = tonumber(committedAt) - tonumber(retentionMs)
    for _ = 1, 100 do
        local oldest = redis.call('XRANGE', eventsKey, '-', '+', 'COUNT', 1)[1]
        if not oldest or oldest[1] == entryId then break end
        local at = 0
        for i = 1, #oldest[2], 2 do
            if oldest[2][i] == 'c' then at = tonumber(oldest[2][i + 1]) end
        end
        if at >= cutoff then break end
        redis.call('XDEL', eventsKey, oldest[1])
    end

    redis.call('HSET', dedupeKey, dedupeId, seq .. '|' .. messageId)
    redis.call('HSET', metaKey, 'updatedAt', committedAt)
    if acceptOrder ~= '' then
        local function raise(field)
            local applied = tonumber(redis.call('HGET', appliedKey, field) or '0')
            if tonumber(acceptOrder) > applied then redis.call('HSET', appliedKey, field, acceptOrder) end
        end
        raise(lane)
        if kind == 'retracted' then raise(pinLane) end
    end
    if kind == 'retracted' then
        redis.call('HSET', revisionsKey, stateKey, -newRevision)
        redis.call('HDEL', currentKey, stateKey)
        redis.call('ZREM', orderKey, stateKey)
        redis.call('ZREM', pinnedKey, stateKey)
    else
        local publishSeq, publishedAt = seq, committedAt
        if current then publishSeq, publishedAt = current[1], current[2] end
        redis.call('HSET', revisionsKey, stateKey, newRevision)
        redis.call('HSET', currentKey, stateKey,
            publishSeq .. '|' .. publishedAt .. '|' .. committedAt .. '|' .. newRevision .. '|' .. pinned .. '|' .. fields)
        if kind == 'published' then
            redis.call('ZADD', orderKey, seq, stateKey)
            redis.call('HDEL', acceptedKey, stateKey)
        end
        if pinned == '1' then
            redis.call('ZADD', pinnedKey, 'NX', seq, stateKey)
        else
            redis.call('ZREM', pinnedKey, stateKey)
        end
    end
    return {'status', 'committed', 'seq', seq, 'revision', newRevision, 'pinned', pinned,
        'committedAt', committedAt, 'fields', fields, 'epoch', epoch}, tonumber(committedAt)
end

local reply, committedAt = commit()

-- What keeps the topic's keys bounded: every key of the topic lives the key lifetime after its last activity, so an
-- idle or ended topic goes whole; the dedupe keys of corrections and pins (any number per development) are trimmed,
-- at most 100 a commit, once older than the dedupe window, while those of publishes and retractions (one each per
-- development) stay with the topic, since a publish committed again would reset its development.
if committedAt then
    if kind ~= 'published' and kind ~= 'retracted' then
        redis.call('ZADD', dedupeTimesKey, committedAt, dedupeId)
    end
    local expired = redis.call('ZRANGEBYSCORE', dedupeTimesKey, '-inf', '(' .. (committedAt - tonumber(dedupeWindowMs)),
        'LIMIT', 0, 100)
    if #expired > 0 then
        redis.call('HDEL', dedupeKey, unpack(expired))
        redis.call('ZREM', dedupeTimesKey, unpack(expired))
    end
end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, keyLifetimeMs) end
return reply
