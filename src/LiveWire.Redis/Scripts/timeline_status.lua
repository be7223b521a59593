-- Where one development stands. RedisTimelineStore.GetStatusAsync runs it.

-- KEYS
local revisionsKey = KEYS[1]  -- hash: development id -> revision, negative once retracted (RedisKeys.Revisions)
local acceptedKey = KEYS[2]   -- hash: ids of accepted publishes, until a publish of the id commits (RedisKeys.Accepted)

-- ARGV
local stateKey = ARGV[1]  -- the development id

-- Reply, as named pairs: revision (negative once retracted, 0 unknown), accepted (1 when a publish of it is accepted
-- and not yet committed, else 0).
return {'revision', tonumber(redis.call('HGET', revisionsKey, stateKey) or '0'),
    'accepted', redis.call('HEXISTS', acceptedKey, stateKey)}
