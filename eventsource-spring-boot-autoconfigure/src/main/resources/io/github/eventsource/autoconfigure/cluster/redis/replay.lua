-- Reads the events of a path or group after a client's last event id.
-- KEYS[1]  the history stream of the target
-- ARGV[1]  the client's last event id
-- ARGV[2]  the maximum age of events kept, in milliseconds
-- Returns nothing when the id is not in the history (unknown or too old); otherwise the
-- position of that event, then the position and frame of every later event, oldest first.
local key = KEYS[1]
local last = ARGV[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local oldest = (now - tonumber(ARGV[2])) * 1000

local function field(entry, name)
	local fields = entry[2]
	for i = 1, #fields, 2 do
		if fields[i] == name then
			return fields[i + 1]
		end
	end
	return nil
end

local function position(entry)
	return string.match(entry[1], '^(%d+)')
end

local found = nil
if string.match(last, '^%d+$') and #last <= 18 then
	local entries = redis.call('XRANGE', key, last .. '-0', last .. '-0')
	if #entries == 1 and field(entries[1], 'u') == nil then
		found = last
	end
end
if found == nil then
	for _, entry in ipairs(redis.call('XRANGE', key, '-', '+')) do
		if field(entry, 'u') == last then
			found = position(entry)
		end
	end
end
if found == nil or tonumber(found) < oldest then
	return {}
end
local result = { found }
for _, entry in ipairs(redis.call('XRANGE', key, '(' .. found .. '-0', '+')) do
	result[#result + 1] = position(entry)
	result[#result + 1] = field(entry, 'f')
end
return result
