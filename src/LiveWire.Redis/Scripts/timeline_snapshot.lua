-- A topic's current state: its info and seq, its live developments newest first and its pinned ones.
-- RedisTimelineStore.GetTopicAsync runs it.

-- KEYS: RedisKeys.SnapshotKeys, in that order.
local metaKey = KEYS[1]     -- hash: seq, title, summary, status, updatedAt, epoch (RedisKeys.Meta)
local currentKey = KEYS[2]  -- hash: development id -> current state (RedisKeys.Current)
local orderKey = KEYS[3]    -- sorted set: live developments by publish seq (RedisKeys.Order)
local pinnedKey = KEYS[4]   -- sorted set: pinned developments by the seq that pinned them (RedisKeys.Pinned)

-- ARGV
local limit = tonumber(ARGV[1])  -- developments (and pinned developments) at most

-- Reply, as named pairs: latestSeq, title, summary, status, updatedAt, epoch (each nil when unset), developments
-- (current states, newest first), pinned (current states of the pinned, newest pin first).
local latest = redis.call('HGET', metaKey, 'seq') or '0'
local info = redis.call('HMGET', metaKey, 'title', 'summary', 'status', 'updatedAt', 'epoch')
local ids = redis.call('ZREVRANGE', orderKey, 0, limit - 1)
local pinnedIds = redis.call('ZREVRANGE', pinnedKey, 0, limit - 1)
local developments, pinned = {}, {}
if #ids > 0 then developments = redis.call('HMGET', currentKey, unpack(ids)) end
if #pinnedIds > 0 then pinned = redis.call('HMGET', currentKey, unpack(pinnedIds)) end
return {'latestSeq', latest, 'title', info[1], 'summary', info[2], 'status', info[3], 'updatedAt', info[4],
    'epoch', info[5], 'developments', developments, 'pinned', pinned}
