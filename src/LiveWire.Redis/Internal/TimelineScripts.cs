namespace LiveWire.Redis.Internal;

/// <summary>
/// The Lua scripts behind <see cref="RedisTimelineStore"/>. Each runs atomically on the server, which is what makes
/// "next seq + history entry + dedupe record + current state" one step: a retried change can never take a second
/// seq, and a reader of the state always sees it together with the seq it includes.
/// </summary>
internal static class TimelineScripts
{
    /// <summary>
    /// KEYS: see <see cref="RedisKeys.CommitKeys"/> (meta, events, dedupe, revisions, current, order, pinned, accepted,
    /// applied, sent).
    /// ARGV: kind, state key, dedupe key, message id, fields JSON, pinned ('1', '0' or '' to keep), accepted-at ms,
    /// max events, retention ms, accept order ('' when none), topic ordering ('' none, 'turn', 'overdue', 'stale', 'stuck'),
    /// the epoch this process last committed under ('' when none), the highest seq it committed under it, a new epoch.
    /// Returns {'early'} | {'duplicate', first message id, XRANGE of the first event, epoch} | {'unknown'} |
    /// {'retracted'} | {'superseded'} | {'committed', seq, revision, pinned, committed-at ms, fields JSON, epoch}.
    /// </summary>
    public const string Commit = """
        -- The epoch comes with the topic's meta (a lost meta starts a new one) and changes when the seq under the
        -- epoch this process committed under is now lower than it saw: Redis went back, and readers must reload.
        local epoch = redis.call('HGET', KEYS[1], 'epoch')
        if not epoch or (epoch == ARGV[12] and tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') < tonumber(ARGV[13])) then
          epoch = ARGV[14]
          redis.call('HSET', KEYS[1], 'epoch', epoch)
        end

        -- The topic's accept orders settle in turn: a change waits while one accepted before it is still on its way.
        if ARGV[11] ~= '' then
          local place = tonumber(ARGV[10])
          local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
          -- KEYS[10] holds the places on their way (accepted, not abandoned) and, negated, the places whose change
          -- has reached a worker and waits there (or will again: the broker hands a dead worker's changes out again).
          -- Overdue: pass over the first missing place (one only: a change that came before this one goes first),
          -- unless its change is on its way; stale: even then, but not a place whose change has come; stuck: any.
          local head = settled + 1
          if place > head and (ARGV[11] == 'stuck'
              or (redis.call('SISMEMBER', KEYS[10], -head) == 0 and (ARGV[11] == 'stale'
                or (ARGV[11] == 'overdue' and redis.call('SISMEMBER', KEYS[10], head) == 0)))) then
            settled = head
            redis.call('HSET', KEYS[1], 'settled', settled)
            redis.call('SREM', KEYS[10], settled, -settled)
          end
          if place > settled + 1 then
            redis.call('SADD', KEYS[10], -place)
            return {'early'}
          end
          if place > settled then
            redis.call('HSET', KEYS[1], 'settled', place)
            for passed = settled + 1, place do redis.call('SREM', KEYS[10], passed, -passed) end
          end
        end

        local first = redis.call('HGET', KEYS[3], ARGV[3])
        if first then
          local sep = string.find(first, '|', 1, true)
          local seq = string.sub(first, 1, sep - 1)
          return {'duplicate', string.sub(first, sep + 1), redis.call('XRANGE', KEYS[2], seq .. '-0', seq .. '-0'), epoch}
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

        local kind, key, fields = ARGV[1], ARGV[2], ARGV[5]
        -- Accept orders are kept per lane: the content (publish, correct, retract) and the pin (pin, unpin). A
        -- retraction closes both lanes.
        local pinLane = key .. '#pin'
        local lane = key
        if kind == 'pinned' or kind == 'unpinned' then lane = pinLane end
        local revision = tonumber(redis.call('HGET', KEYS[4], key) or '0')
        local current = nil
        local newRevision = revision
        if kind == 'published' then
          newRevision = 1
        else
          if revision == 0 then return {'unknown'} end
          -- A change accepted before the last one applied lost the race through the bus: drop it. The same accept
          -- order again is that change itself, sent twice: already applied.
          local applied = redis.call('HGET', KEYS[9], lane)
          if ARGV[10] ~= '' and applied and tonumber(ARGV[10]) <= tonumber(applied) then return {'superseded'} end
          if revision < 0 then return {'retracted'} end
          current = parse(redis.call('HGET', KEYS[5], key))
          if kind == 'corrected' then
            newRevision = revision + 1
          elseif kind ~= 'retracted' then
            fields = current[6]
          end
        end

        local pinned = ARGV[6]
        if kind == 'retracted' then
          pinned = '0'
        elseif pinned == '' then
          pinned = current and current[5] or '0'
        end

        local now = redis.call('TIME')
        local committedAt = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
        local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
        local entryId = seq .. '-0'
        redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[8], entryId,
          'k', kind, 'r', newRevision, 'p', pinned, 'a', ARGV[7], 'c', committedAt, 'f', fields)

        -- Time-based retention: drop expired events from the front, a bounded number per commit.
        local cutoff = tonumber(committedAt) - tonumber(ARGV[9])
        for _ = 1, 100 do
          local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
          if not oldest or oldest[1] == entryId then break end
          local at = 0
          for i = 1, #oldest[2], 2 do
            if oldest[2][i] == 'c' then at = tonumber(oldest[2][i + 1]) end
          end
          if at >= cutoff then break end
          redis.call('XDEL', KEYS[2], oldest[1])
        end

        redis.call('HSET', KEYS[3], ARGV[3], seq .. '|' .. ARGV[4])
        redis.call('HSET', KEYS[1], 'updatedAt', committedAt)
        if ARGV[10] ~= '' then
          local function raise(field)
            local applied = tonumber(redis.call('HGET', KEYS[9], field) or '0')
            if tonumber(ARGV[10]) > applied then redis.call('HSET', KEYS[9], field, ARGV[10]) end
          end
          raise(lane)
          if kind == 'retracted' then raise(pinLane) end
        end
        if kind == 'retracted' then
          redis.call('HSET', KEYS[4], key, -newRevision)
          redis.call('HDEL', KEYS[5], key)
          redis.call('ZREM', KEYS[6], key)
          redis.call('ZREM', KEYS[7], key)
        else
          local publishSeq, publishedAt = seq, committedAt
          if current then publishSeq, publishedAt = current[1], current[2] end
          redis.call('HSET', KEYS[4], key, newRevision)
          redis.call('HSET', KEYS[5], key,
            publishSeq .. '|' .. publishedAt .. '|' .. committedAt .. '|' .. newRevision .. '|' .. pinned .. '|' .. fields)
          if kind == 'published' then
            redis.call('ZADD', KEYS[6], seq, key)
            redis.call('HDEL', KEYS[8], key)
          end
          if pinned == '1' then
            redis.call('ZADD', KEYS[7], 'NX', seq, key)
          else
            redis.call('ZREM', KEYS[7], key)
          end
        end
        return {'committed', seq, newRevision, pinned, committedAt, fields, epoch}
        """;

    /// <summary>
    /// <see cref="Commit"/>, then what keeps the topic's keys bounded, in the same atomic step.
    /// KEYS: see <see cref="RedisKeys.TopicKeys"/> (the commit's keys, then accepts, dedupe-times last).
    /// ARGV: the commit's, then key lifetime ms, dedupe window ms (always the last two).
    /// Returns what <see cref="Commit"/> returns.
    /// </summary>
    /// <remarks>
    /// Kept apart from <see cref="Commit"/>, which it wraps unchanged, and reading its own arguments from the ends of
    /// KEYS and ARGV. The rules (docs/timeline.md, "What Redis keeps"): every key of the topic lives the key lifetime
    /// after its last activity, so an idle or ended topic goes whole; the dedupe keys of corrections and pins (any
    /// number per development) are trimmed, at most 100 a commit, once older than the dedupe window, while those of
    /// publishes and retractions (one each per development) stay with the topic, since a publish committed again would
    /// reset its development.
    /// </remarks>
    public const string CommitRetained = $$"""
        local function commit()
        {{Commit}}
        end

        local result = commit()
        local lifetime, window = ARGV[#ARGV - 1], tonumber(ARGV[#ARGV])
        local dedupeTimes = KEYS[#KEYS]
        if result[1] == 'committed' then
          local committedAt = tonumber(result[5])
          if ARGV[1] ~= 'published' and ARGV[1] ~= 'retracted' then
            redis.call('ZADD', dedupeTimes, committedAt, ARGV[3])
          end
          local expired = redis.call('ZRANGEBYSCORE', dedupeTimes, '-inf', '(' .. (committedAt - window), 'LIMIT', 0, 100)
          if #expired > 0 then
            redis.call('HDEL', KEYS[3], unpack(expired))
            redis.call('ZREM', dedupeTimes, unpack(expired))
          end
        end
        for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], lifetime) end
        return result
        """;

    /// <summary>
    /// KEYS: meta, events. ARGV: after seq, limit.
    /// Returns {latest seq, reset (0/1), XRANGE of the events after, epoch (false when none)}.
    /// </summary>
    public const string Read = """
        local latest = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
        local epoch = redis.call('HGET', KEYS[1], 'epoch')
        local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
        local firstSeq = latest + 1
        if oldest then firstSeq = tonumber(string.match(oldest[1], '^(%d+)')) end
        local after = tonumber(ARGV[1])
        if after > latest or after < firstSeq - 1 then return {latest, 1, {}, epoch} end
        return {latest, 0, redis.call('XRANGE', KEYS[2], string.format('%d-0', after + 1), '+', 'COUNT', ARGV[2]), epoch}
        """;

    /// <summary>
    /// KEYS: see <see cref="RedisKeys.SnapshotKeys"/> (meta, current, order, pinned). ARGV: limit.
    /// Returns {latest seq, {title, summary, status, updatedAt, epoch}, current states newest first, pinned states}.
    /// </summary>
    public const string Snapshot = """
        local latest = redis.call('HGET', KEYS[1], 'seq') or '0'
        local info = redis.call('HMGET', KEYS[1], 'title', 'summary', 'status', 'updatedAt', 'epoch')
        local limit = tonumber(ARGV[1]) - 1
        local ids = redis.call('ZREVRANGE', KEYS[3], 0, limit)
        local pinnedIds = redis.call('ZREVRANGE', KEYS[4], 0, limit)
        local developments, pinned = {}, {}
        if #ids > 0 then developments = redis.call('HMGET', KEYS[2], unpack(ids)) end
        if #pinnedIds > 0 then pinned = redis.call('HMGET', KEYS[2], unpack(pinnedIds)) end
        return {latest, info, developments, pinned}
        """;

    /// <summary>
    /// KEYS: accepts, accepted, sent, then the topic's other keys (<see cref="RedisKeys.TopicKeys"/>).
    /// ARGV: state key, '1' for a publish, key lifetime ms.
    /// Returns the change's accept order, marked as on its way (in sent); for a publish, marks the id as on its way
    /// too. An accept is activity: every key of the topic gets its lifetime again, so the seq and the accept orders it
    /// is counted against expire together.
    /// </summary>
    public const string Accept = """
        if ARGV[2] == '1' then redis.call('HSET', KEYS[2], ARGV[1], '1') end
        local order = redis.call('INCR', KEYS[1])
        redis.call('SADD', KEYS[3], order)
        for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
        return order
        """;

    /// <summary>
    /// KEYS: revisions, accepted. ARGV: state key.
    /// Returns the revision (negative once retracted; 0 unknown) and whether a publish is accepted but not committed.
    /// </summary>
    public const string Status = """
        return {tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'), redis.call('HEXISTS', KEYS[2], ARGV[1])}
        """;
}
