-- ARGV[3] the most streams, ARGV[4] the most bytes of all, ARGV[5] the most bytes of a
-- stream, ARGV[6] the name, ARGV[7] the content type ('' for a fork: the source's),
-- ARGV[8] the ttl in seconds (''), ARGV[9] the expiry in ms (''), ARGV[10] the expiry as
-- requested (''), ARGV[11] '1' to create it closed, ARGV[12] the source of a fork (''),
-- ARGV[13] the fork's offset ('' for the source's tail), ARGV[14] its sub-offset,
-- ARGV[15..] the initial units; returns the handle (see describe) or a refusal
local maxStreams = tonumber(ARGV[3])
local maxTotal = tonumber(ARGV[4])
local maxBytes = tonumber(ARGV[5])
local name = ARGV[6]
local ct, ttl, exp, expat = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local sourceName = ARGV[12]
local sub = tonumber(ARGV[14])
local t = now()
local source
local at = ''
if sourceName ~= '' then
  source = load(sourceName, t)
  if not source then
    return { 404, 'No such source stream' }
  end
  if source.soft == '1' then
    return { 409, 'The source stream was deleted' }
  end
  if ct ~= '' and essence(ct) ~= essence(source.ct) then
    return { 409, "Content-Type does not match the source's" }
  end
  if ct == '' then
    ct = source.ct
  end
  if ttl == '' and exp == '' then
    ttl, exp, expat = source.ttl, source.exp, source.expat
  end
  at = (ARGV[13] ~= '') and tonumber(ARGV[13]) or tonumber(source.tail)
end

local existing = load(name, t)
if existing then
  if existing.soft == '1' then
    return { 409, 'The stream was deleted; forks of it remain' }
  end
  local sameFork
  if source then
    sameFork = existing.src == sourceName and existing.srcid == source.id and existing.fo == tostring(at)
      and existing.fso == ARGV[14]
  else
    sameFork = existing.src == ''
  end
  if essence(existing.ct) ~= essence(ct) or existing.ttl ~= ttl or existing.expat ~= expat or not sameFork then
    return { 409, 'The stream exists with another configuration' }
  end
  return describe(0, existing)
end

-- the units a fork starts with: the source's before the offset, then part of the append at it
local prefix, prefixEnds = {}, {}
if source then
  if at > tonumber(source.tail) then
    return { 400, 'Fork offset past the end of the stream' }
  end
  local data = key(sourceName, 'data')
  local cut = false
  for _, entry in ipairs(redis.call('XRANGE', data, '-', '(' .. at .. '-1')) do
    local unitStart = startOf(entry[1])
    local fields = hash(entry[2])
    if unitStart + #fields.d > at then
      prefix[#prefix + 1] = string.sub(fields.d, 1, at - unitStart)
      prefixEnds[#prefixEnds + 1] = true
      cut = true
    else
      prefix[#prefix + 1] = fields.d
      prefixEnds[#prefixEnds + 1] = fields.e == '1'
    end
  end
  if cut and sub > 0 then
    return { 400, 'Fork sub-offset inside an append' }
  end
  if not cut and sub > 0 then
    local json = essence(source.ct) == 'application/json'
    local next = redis.call('XRANGE', data, at .. '-1', '+', 'COUNT', json and sub or 1)
    if #next == 0 then
      return { 400, 'Fork sub-offset past the end of the stream' }
    end
    if json then
      if #next < sub then
        return { 400, 'Fork sub-offset past the messages of the append' }
      end
      for i = 1, sub do
        local fields = hash(next[i][2])
        if i < sub and fields.e == '1' then
          return { 400, 'Fork sub-offset past the messages of the append' }
        end
        prefix[#prefix + 1] = fields.d
        prefixEnds[#prefixEnds + 1] = i == sub
      end
    else
      local unit = hash(next[1][2]).d
      if sub > #unit then
        return { 400, 'Fork sub-offset past the bytes of the append' }
      end
      prefix[#prefix + 1] = string.sub(unit, 1, sub)
      prefixEnds[#prefixEnds + 1] = true
    end
  end
end

if redis.call('ZCARD', INDEX) >= maxStreams then
  for _, expired in ipairs(redis.call('ZRANGEBYSCORE', INDEX, '-inf', t, 'LIMIT', 0, 1000)) do
    load(expired, t)
  end
  if redis.call('ZCARD', INDEX) >= maxStreams then
    return { 429, 'The server holds as many streams as it may' }
  end
end
local bytes = 0
for _, unit in ipairs(prefix) do
  bytes = bytes + #unit
end
for i = 15, #ARGV do
  bytes = bytes + #ARGV[i]
end
if bytes > maxBytes then
  return { 413, 'The stream would exceed its bound of ' .. ARGV[5] .. ' bytes' }
end
if tonumber(redis.call('HGET', TOTALS, 'bytes') or '0') + bytes > maxTotal then
  return { 413, 'The server holds as many bytes as it may' }
end

-- the id of this incarnation: Redis' time and a counter, so that a stream created again
-- under the same name, even after Redis lost everything, never has an id a reader holds
local id = t * 1024 + redis.call('HINCRBY', TOTALS, 'ids', 1) % 1024
local m = { id = id, ct = ct, ttl = ttl, exp = exp, expat = expat, tail = 0,
  closed = (ARGV[11] == '1') and 1 or 0, soft = 0, forks = 0, src = sourceName, srcid = source and source.id or '',
  fo = at, fso = source and ARGV[14] or '', seq = '', acc = t, ver = 0 }
for i, unit in ipairs(prefix) do
  push(name, m, unit, prefixEnds[i])
end
for i = 15, #ARGV do
  push(name, m, ARGV[i], i == #ARGV)
end
local fields = {}
for field, value in pairs(m) do
  fields[#fields + 1] = field
  fields[#fields + 1] = value
end
redis.call('HSET', key(name, 'meta'), unpack(fields))
redis.call('HSET', SIZES, name, m.tail)
redis.call('HINCRBY', TOTALS, 'bytes', m.tail)
if source then
  redis.call('HINCRBY', key(sourceName, 'meta'), 'forks', 1)
end
expire(name, m, t)
redis.call('PUBLISH', CHANNEL, name)
return describe(1, m)
