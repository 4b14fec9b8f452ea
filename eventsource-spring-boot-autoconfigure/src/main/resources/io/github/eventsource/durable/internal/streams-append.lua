-- ARGV[3] the most bytes of a stream, ARGV[4] the most bytes of all, ARGV[5] the name,
-- ARGV[6] the stream's id, ARGV[7] '1' to close, ARGV[8] '1' if there is a Stream-Seq,
-- ARGV[9] the Stream-Seq, ARGV[10] the producer id ('' for none), ARGV[11] its epoch,
-- ARGV[12] its sequence, ARGV[13..] the units
-- returns {0, tail, duplicate, closed, producer's sequence or -1}, or a refusal:
-- {status, message[, kind, number, number]}, kind one of gap, epoch, closed
local maxBytes = tonumber(ARGV[3])
local maxTotal = tonumber(ARGV[4])
local name = ARGV[5]
local close = ARGV[7] == '1'
local pid = ARGV[10]
local epoch = tonumber(ARGV[11])
local pseq = tonumber(ARGV[12])
local t = now()
local m, refusal = opened(name, ARGV[6], t)
if not m then
  return refusal
end
local meta = key(name, 'meta')
local prod = key(name, 'prod')
local tail = tonumber(m.tail)
local closed = tonumber(m.closed)

-- a byte-wise comparison, as Java compares the Stream-Seq of appends
local function after(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x > y
    end
  end
  return #a > #b
end

if pid ~= '' then
  local state = redis.call('HGET', prod, pid)
  local stateEpoch, stateSeq
  if state then
    local e, s = string.match(state, '^(%d+):(%d+)$')
    stateEpoch, stateSeq = tonumber(e), tonumber(s)
  end
  if not state or epoch > stateEpoch then
    if pseq ~= 0 then
      if not state then
        return { 409, 'Producer sequence gap', 'gap', 0, pseq }
      end
      return { 400, 'A new producer epoch must start at sequence 0' }
    end
  elseif epoch < stateEpoch then
    return { 403, 'Stale producer epoch', 'epoch', stateEpoch, 0 }
  elseif pseq <= stateSeq then
    return { 0, tail, 1, closed, stateSeq }
  elseif pseq > stateSeq + 1 then
    return { 409, 'Producer sequence gap', 'gap', stateSeq + 1, pseq }
  end
end
local units = {}
local bytes = 0
for i = 13, #ARGV do
  units[#units + 1] = ARGV[i]
  bytes = bytes + #ARGV[i]
end
if closed == 1 then
  if #units == 0 and close then
    return { 0, tail, (pid ~= '') and 1 or 0, 1, (pid ~= '') and pseq or -1 }
  end
  return { 409, 'Stream is closed', 'closed', tail, 0 }
end
if ARGV[8] == '1' and m.seq ~= '' and not after(ARGV[9], m.seq) then
  return { 409, 'Stream-Seq must increase' }
end
if tail + bytes > maxBytes then
  return { 413, 'The stream would exceed its bound of ' .. ARGV[3] .. ' bytes' }
end
if tonumber(redis.call('HGET', TOTALS, 'bytes') or '0') + bytes > maxTotal then
  return { 413, 'The server holds as many bytes as it may' }
end
for i, unit in ipairs(units) do
  push(name, m, unit, i == #units)
end
if ARGV[8] == '1' then
  redis.call('HSET', meta, 'seq', ARGV[9])
end
if pid ~= '' then
  if redis.call('HEXISTS', prod, pid) == 0 and redis.call('HLEN', prod) >= 1024 then
    redis.call('HDEL', prod, redis.call('HRANDFIELD', prod))
  end
  redis.call('HSET', prod, pid, ARGV[11] .. ':' .. ARGV[12])
end
if close then
  closed = 1
end
redis.call('HSET', meta, 'tail', m.tail, 'closed', closed)
redis.call('HINCRBY', SIZES, name, bytes)
redis.call('HINCRBY', TOTALS, 'bytes', bytes)
touch(name, m, t)
changed(name, m)
return { 0, tonumber(m.tail), 0, closed, (pid ~= '') and pseq or -1 }
