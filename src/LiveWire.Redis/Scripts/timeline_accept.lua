-- Gives a change the API accepted its place among the topic's accepted changes (1, 2, 3...), marked as on its way;
-- for a publish, marks the development as on its way too, so a correction right after it is not refused as unknown.
-- An accept is activity: every key of the topic gets its lifetime again, so the seq and the accept orders it is
-- counted against expire together. RedisAcceptLedger.AcceptAsync runs it.

-- KEYS: RedisKeys.TopicKeys, in that order; besides the three it writes, they are here to be given their lifetime.
local acceptedKey = KEYS[8]  -- hash: ids of accepted publishes, until a publish of the id commits (RedisKeys.Accepted)
local sentKey = KEYS[10]     -- set: the places on their way (RedisKeys.Sent)
local acceptsKey = KEYS[11]  -- string: the topic's accept counter (RedisKeys.Accepts)

-- ARGV
local stateKey = ARGV[1]       -- the development id
local isPublish = ARGV[2]      -- '1' for a publish, '0' otherwise
local keyLifetimeMs = ARGV[3]  -- every key of the topic lives this long after its last activity

-- Reply: the change's accept order (an integer).
if isPublish == '1' then redis.call('HSET', acceptedKey, stateKey, '1') end
local order = redis.call('INCR', acceptsKey)
redis.call('SADD', sentKey, order)
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, keyLifetimeMs) end
return order
