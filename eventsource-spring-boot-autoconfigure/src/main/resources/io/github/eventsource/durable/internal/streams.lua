-- The durable streams of the cluster mode: what every script of RedisStreamScripts shares.
-- ARGV[1] the key prefix, ARGV[2] how long an unused stream lives at most (ms); then the
-- script's own arguments. Keys: <prefix>durable:<length>:<name>:<role>, the name's byte
-- length before it, so that no name can reach another's keys; roles: meta (a hash), data
-- (a Redis Stream, one entry per unit, its id <start position>-1, fields d and e (ends an
-- append)), prod (a hash, producer id -> "epoch:seq"). Shared: <prefix>durable:index (a
-- sorted set, name -> when its keys expire), :sizes (a hash, name -> bytes), :totals (a
-- hash, bytes and ids). Every key expires. Changes are announced on <prefix>durable:changed.
local P = ARGV[1]
local IDLE = tonumber(ARGV[2])
local GRACE = 60000
local NEVER = 9007199254740991
local INDEX = P .. 'durable:index'
local SIZES = P .. 'durable:sizes'
local TOTALS = P .. 'durable:totals'
local CHANNEL = P .. 'durable:changed'
local ROLES = { 'meta', 'data', 'prod' }

local function key(name, role)
  return P .. 'durable:' .. #name .. ':' .. name .. ':' .. role
end

local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function hash(list)
  local m = {}
  for i = 1, #list, 2 do
    m[list[i]] = list[i + 1]
  end
  return m
end

local function expiry(m)
  local e = NEVER
  if m.ttl ~= '' then
    e = tonumber(m.acc) + tonumber(m.ttl) * 1000
  end
  if m.exp ~= '' then
    e = math.min(e, tonumber(m.exp))
  end
  return e
end

local function essence(ct)
  local s = string.match(ct, '^[^;]*')
  s = string.match(s, '^%s*(.-)%s*$')
  return string.lower(s)
end

local function startOf(id)
  return tonumber(string.match(id, '^(%d+)'))
end

-- the keys of a stream expire when it does, and at most IDLE after its last use
local function expire(name, m, t)
  local e = expiry(m)
  local at = math.min(e, t + IDLE)
  for _, role in ipairs(ROLES) do
    redis.call('PEXPIREAT', key(name, role), at + GRACE)
  end
  redis.call('ZADD', INDEX, at, name)
  for _, k in ipairs({ INDEX, SIZES, TOTALS }) do
    redis.call('PEXPIRE', k, IDLE + 2 * GRACE)
  end
end

local function touch(name, m, t)
  m.acc = t
  redis.call('HSET', key(name, 'meta'), 'acc', t)
  expire(name, m, t)
end

local function changed(name, m)
  redis.call('HINCRBY', key(name, 'meta'), 'ver', 1)
  redis.call('PUBLISH', CHANNEL, name)
end

-- remove a stream, then each soft-deleted source it held that has no fork left
local function remove(name)
  while name do
    local meta = key(name, 'meta')
    local source = redis.call('HMGET', meta, 'src', 'srcid')
    redis.call('DEL', meta, key(name, 'data'), key(name, 'prod'))
    local bytes = tonumber(redis.call('HGET', SIZES, name) or '0')
    redis.call('HDEL', SIZES, name)
    redis.call('ZREM', INDEX, name)
    if bytes > 0 then
      -- never -0: Redis reads it as no integer
      redis.call('HINCRBY', TOTALS, 'bytes', 0 - bytes)
    end
    redis.call('PUBLISH', CHANNEL, name)
    name = nil
    if source[1] and source[1] ~= '' then
      local sourceMeta = key(source[1], 'meta')
      if redis.call('HGET', sourceMeta, 'id') == source[2] then
        local forks = redis.call('HINCRBY', sourceMeta, 'forks', -1)
        if forks <= 0 and redis.call('HGET', sourceMeta, 'soft') == '1' then
          name = source[1]
        end
      end
    end
  end
end

-- a stream's metadata, or nil if there is none or it expired (then it is removed)
local function load(name, t)
  local m = hash(redis.call('HGETALL', key(name, 'meta')))
  if m.id == nil then
    if redis.call('ZSCORE', INDEX, name) then
      remove(name)
    end
    return nil
  end
  if expiry(m) <= t then
    remove(name)
    return nil
  end
  return m
end

-- the stream's handle: {0, created, id, content type, ttl, expires-at, tail, closed, soft-deleted}
local function describe(created, m)
  return { 0, created, tonumber(m.id), m.ct, m.ttl, m.expat, tonumber(m.tail), tonumber(m.closed),
    tonumber(m.soft) }
end

local function push(name, m, unit, ends)
  redis.call('XADD', key(name, 'data'), m.tail .. '-1', 'd', unit, 'e', ends and '1' or '0')
  m.tail = tonumber(m.tail) + #unit
end

local function gone()
  return { 410, 'The stream was deleted; forks of it remain' }
end

-- the stream of a handle, or nil and the refusal: 404 if it is gone or was created again
-- since (another id), 410 if it is soft-deleted
local function opened(name, id, t)
  local m = load(name, t)
  if not m or m.id ~= id then
    return nil, { 404, 'No such stream' }
  end
  if m.soft == '1' then
    return nil, gone()
  end
  return m
end
