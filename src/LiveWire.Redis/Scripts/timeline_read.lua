-- Reads a page of a topic's history after a seq, or says the reader must reset: what it asks for is gone (trimmed
-- or expired) or was never there (the seq is ahead of the topic's, as after Redis went back).
-- RedisTimelineStore.ReadAsync runs it.

-- KEYS
local metaKey = KEYS[1]    -- hash: seq, epoch (RedisKeys.Meta)
local eventsKey = KEYS[2]  -- stream: the retained events, entry id {seq}-0 (RedisKeys.Events)

-- ARGV
local afterSeq = tonumber(ARGV[1])  -- the last seq the reader has
local limit = ARGV[2]               -- events in the page at most

-- Reply, as named pairs: latestSeq, reset (0/1), entries (XRANGE of the events after afterSeq), epoch (nil when none).
local latest = tonumber(redis.call('HGET', metaKey, 'seq') or '0')
local epoch = redis.call('HGET', metaKey, 'epoch')
local oldest = redis.call('XRANGE', eventsKey, '-', '+', 'COUNT', 1)[1]
local firstSeq = latest + 1
if oldest then firstSeq = tonumber(string.match(oldest[1], '^(%d+)')) end
if afterSeq > latest or afterSeq < firstSeq - 1 then
    return {'latestSeq', latest, 'reset', 1, 'entries', {}, 'epoch', epoch}
end
return {'latestSeq', latest, 'reset', 0,
    'entries', redis.call('XRANGE', eventsKey, string.format('%d-0', afterSeq + 1), '+', 'COUNT', limit), 'epoch', epoch}
