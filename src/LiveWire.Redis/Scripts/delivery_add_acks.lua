-- Adds one node's flush for one event to the event's delivery report: the sums add up and the maximum is kept.
-- Every write gives the report its retention again. RedisDeliveryStore.AddAcksAsync runs it.

-- KEYS
local deliveryKey = KEYS[1]  -- hash: the event's report (RedisKeys.Delivery)

-- ARGV: four named values, then any number of latency bucket and count pairs.
local acks = ARGV[1]         -- readers that acknowledged the event
local maxMs = ARGV[2]        -- the slowest of them (ms)
local ttlSeconds = ARGV[3]   -- the report's retention
local written = ARGV[4]      -- connections this node wrote the event to
local firstBucket = 5        -- ARGV[firstBucket], ARGV[firstBucket + 1]...: bucket (LatencyHistogram), count

-- Reply: 1.
redis.call('HINCRBY', deliveryKey, 'acks', acks)
redis.call('HINCRBY', deliveryKey, 's', written)
local max = tonumber(redis.call('HGET', deliveryKey, 'max') or '0')
if tonumber(maxMs) > max then redis.call('HSET', deliveryKey, 'max', maxMs) end
for i = firstBucket, #ARGV, 2 do redis.call('HINCRBY', deliveryKey, 'b' .. ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', deliveryKey, ttlSeconds)
return 1
