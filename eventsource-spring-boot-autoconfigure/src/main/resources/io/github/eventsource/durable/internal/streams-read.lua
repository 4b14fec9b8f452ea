-- ARGV[3] the name, ARGV[4] the stream's id, ARGV[5] the position (-2 for the tail),
-- ARGV[6] the most bytes, ARGV[7] '1' for a JSON stream (units are never cut)
-- returns {0, start, next, up to date, closed, parts...}
local name = ARGV[3]
local m, refusal = opened(name, ARGV[4], now())
if not m then
  return refusal
end
local tail = tonumber(m.tail)
local from = tonumber(ARGV[5])
local maxBytes = tonumber(ARGV[6])
local json = ARGV[7] == '1'
local start = (from == -2) and tail or from
if start > tail then
  return { 400, 'Offset past the end of the stream' }
end
local result = { 0, start, start, 0, 0 }
local position = start
if from ~= -2 and start < tail then
  local data = key(name, 'data')
  local cursor = '-'
  local before = redis.call('XREVRANGE', data, start .. '-1', '-', 'COUNT', 1)
  if #before == 1 then
    local unit = hash(before[1][2]).d
    cursor = (startOf(before[1][1]) + #unit > start) and before[1][1] or ('(' .. before[1][1])
  end
  local taken = 0
  local done = false
  while not done do
    local batch = redis.call('XRANGE', data, cursor, '+', 'COUNT', 64)
    if #batch == 0 then
      break
    end
    for _, entry in ipairs(batch) do
      local unitStart = startOf(entry[1])
      local unit = hash(entry[2]).d
      if #result > 5 and taken + #unit > maxBytes then
        done = true
        break
      end
      local skip = math.max(0, position - unitStart)
      if json then
        skip = 0
      end
      local part = (skip == 0) and unit or string.sub(unit, skip + 1)
      result[#result + 1] = part
      taken = taken + #part
      position = unitStart + #unit
    end
    cursor = '(' .. batch[#batch][1]
  end
end
result[3] = position
if position == tail then
  result[4] = 1
  result[5] = tonumber(m.closed)
end
return result
