-- Publishes a batch of events to every instance, in one atomic step. An event for a
-- replaying target gets the next position of the cluster's one sequence, is appended to
-- its target's history and published with its id; any other event is published as it is.
-- An event whose deadline has passed (its sender gave up waiting) is refused: it is then
-- in no history and published nowhere.
-- KEYS[1]        the timeline: a hash with the epoch and the last position
-- KEYS[2k], KEYS[2k+1]  the history stream and its hash of facts (since, dropped), for
--                the k-th event of a replaying target
-- ARGV[1]        the pub/sub channel
-- ARGV[2]        the epoch to use if the timeline has none
-- ARGV[3]        the maximum number of events kept per target
-- ARGV[4]        the maximum age of events kept, in milliseconds
-- then five per event:
--   deadline     microseconds of Redis' clock after which the event is refused
--   replays      '1' for a replaying target, '0' otherwise
--   head         the message head: origin, kind and name (see ClusterMessage)
--   frame        the encoded event, without an id line if its target replays
--   id           the application's event id, or '' to use epoch-position
-- Returns, per event, its position; '0' for an event published without one; '-1' for a
-- refused event.
-- Positions are the time in microseconds, or the last position plus one if that is not
-- larger: they increase, and they tell the age of an event.
if redis.replicate_commands then
	redis.replicate_commands()
end
local unordered = '9223372036854775807'
local timeline = KEYS[1]
local channel = ARGV[1]
local maxEvents = tonumber(ARGV[3])
local maxAge = tonumber(ARGV[4]) * 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local epoch = redis.call('HGET', timeline, 'epoch')
if not epoch then
	epoch = ARGV[2]
	redis.call('HSET', timeline, 'epoch', epoch)
end
local last = tonumber(redis.call('HGET', timeline, 'position') or '0')
local assigned = false

local function drop(facts, entry)
	local position = tonumber(string.match(entry[1], '^(%d+)'))
	local dropped = tonumber(redis.call('HGET', facts, 'dropped') or '0')
	if position > dropped then
		redis.call('HSET', facts, 'dropped', string.format('%.0f', position))
	end
end

local function trim(history, facts)
	local excess = redis.call('XLEN', history) - maxEvents
	if excess > 0 then
		local oldest = redis.call('XRANGE', history, '-', '+', 'COUNT', excess)
		drop(facts, oldest[#oldest])
		redis.call('XTRIM', history, 'MAXLEN', maxEvents)
	end
	local minimum = string.format('%.0f', now - maxAge)
	local expired = redis.call('XREVRANGE', history, '(' .. minimum .. '-0', '-', 'COUNT', 1)
	if #expired == 1 then
		drop(facts, expired[1])
		redis.call('XTRIM', history, 'MINID', minimum .. '-0')
	end
end

local results = {}
local key = 2
local events = (#ARGV - 4) / 5
for i = 0, events - 1 do
	local arg = 5 + i * 5
	local replays = ARGV[arg + 1] == '1'
	if now > tonumber(ARGV[arg]) then
		results[#results + 1] = '-1'
		if replays then
			key = key + 2
		end
	elseif replays then
		local history = KEYS[key]
		local facts = KEYS[key + 1]
		key = key + 2
		local position = now
		if position <= last then
			position = last + 1
		end
		last = position
		assigned = true
		position = string.format('%.0f', position)
		local id = ARGV[arg + 4]
		if id == '' then
			id = epoch .. '-' .. position
		end
		local frame = 'id: ' .. id .. '\n' .. ARGV[arg + 3]
		if ARGV[arg + 4] ~= '' then
			redis.call('XADD', history, position .. '-0', 'f', frame, 'u', id)
		else
			redis.call('XADD', history, position .. '-0', 'f', frame)
		end
		if redis.call('HSETNX', facts, 'since', position) == 1 then
			redis.call('HSET', facts, 'dropped', '0')
		end
		trim(history, facts)
		redis.call('PEXPIRE', history, ARGV[4])
		redis.call('PEXPIRE', facts, ARGV[4])
		redis.call('PUBLISH', channel, position .. '\n' .. ARGV[arg + 2] .. frame)
		results[#results + 1] = position
	else
		redis.call('PUBLISH', channel, unordered .. '\n' .. ARGV[arg + 2] .. ARGV[arg + 3])
		results[#results + 1] = '0'
	end
end
if assigned then
	redis.call('HSET', timeline, 'position', string.format('%.0f', last))
end
return results
