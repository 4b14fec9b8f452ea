-- Reads what a client missed from the histories of the targets its stream listens to,
-- merged in position order, without scanning: an application id is looked up in each
-- target's index, the size of what was missed is known from the byte offsets before
-- anything is read, and every read starts at a position.
-- KEYS[1]        the timeline: a hash with the epoch and the last position
-- KEYS[3k-1], KEYS[3k], KEYS[3k+1]  the history stream, its hash of facts and its index
--                of application ids, of the k-th target
-- ARGV[1]        the epoch of the client's last event id, or '' if that id is the
--                application's own
-- ARGV[2]        the position of the client's last event id, or the application's id
-- ARGV[3]        the maximum age of events kept, in milliseconds
-- ARGV[4]        the most bytes a replay may hold
-- ARGV[5]        the most events a history holds
-- Returns nothing when the client must reset: its id is of another epoch or unknown, a
-- target dropped events after it (trimmed by count, bytes or age, or expired), or more
-- than the bytes a replay may hold were missed. Otherwise the last position of the
-- timeline, which the read covers, then the position and frame of every missed event,
-- oldest first.
local timeline = KEYS[1]
local maxAge = tonumber(ARGV[3]) * 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local epoch = redis.call('HGET', timeline, 'epoch')
local upTo = redis.call('HGET', timeline, 'position')
if not epoch or not upTo then
	return {}
end
local targets = (#KEYS - 1) / 3

local function position(entry)
	return tonumber(string.match(entry[1], '^(%d+)'))
end

local last = nil
if ARGV[1] ~= '' then
	if ARGV[1] ~= epoch then
		return {}
	end
	last = tonumber(ARGV[2])
else
	for k = 0, targets - 1 do
		local found = redis.call('HGET', KEYS[4 + k * 3], ARGV[2])
		if found and (last == nil or tonumber(found) > last) then
			last = tonumber(found)
		end
	end
end
if last == nil or last > tonumber(upTo) then
	return {}
end
local from = '(' .. string.format('%.0f', last) .. '-0'
local missedBytes = 0
for k = 0, targets - 1 do
	local facts = KEYS[3 + k * 3]
	local since = redis.call('HGET', facts, 'since')
	-- since: the first position of the history as it is now; the one before it expired
	-- as a whole, so its events are older than since - maxAge
	if since then
		if tonumber(redis.call('HGET', facts, 'dropped') or '0') > last then
			return {}
		end
		if last < tonumber(since) - maxAge then
			return {}
		end
		local first = redis.call('XRANGE', KEYS[2 + k * 3], from, '+', 'COUNT', 1)
		if #first == 1 then
			missedBytes = missedBytes + tonumber(redis.call('HGET', facts, 'end')) - tonumber(field(first[1], 'o'))
		end
	elseif last < now - maxAge then
		return {}
	end
end
if missedBytes > tonumber(ARGV[4]) then
	return {}
end
local missed = {}
for k = 0, targets - 1 do
	for _, entry in ipairs(redis.call('XRANGE', KEYS[2 + k * 3], from, '+', 'COUNT', ARGV[5])) do
		missed[#missed + 1] = { position(entry), field(entry, 'f') }
	end
end
table.sort(missed, function(a, b) return a[1] < b[1] end)
local result = { upTo }
for _, event in ipairs(missed) do
	result[#result + 1] = string.format('%.0f', event[1])
	result[#result + 1] = event[2]
end
return result
