-- Appends a batch of events to the cluster's log, in one atomic step. Every event gets
-- the next position of the cluster's one timeline and is appended to the log that every
-- instance reads from its last position (the delivery log); an event of a replaying
-- target is also appended to its target's history, and an application id to the
-- target's index of ids. An event whose deadline has passed (its sender gave up waiting)
-- is refused: it is then in no log.
-- Every log is bounded in events, bytes and age, the oldest events removed first (the
-- newest one always stays, so that instances can read it), and every key expires.
-- KEYS[1]        the timeline: a hash with the epoch, the last position, the byte offset
--                of the delivery log's end and the last position trimmed from it
-- KEYS[2]        the delivery log (a stream)
-- KEYS[3k], KEYS[3k+1], KEYS[3k+2]  the history stream, its hash of facts (since,
--                dropped, end) and its index of application ids, for the k-th event of
--                a replaying target
-- ARGV[1]        a new random epoch, used if the timeline has none (Redis lost it)
-- ARGV[2..4]     the bounds of a history: events, bytes, age in milliseconds
-- ARGV[5..7]     the bounds of the delivery log: events, bytes, age in milliseconds
-- then six per event:
--   deadline     microseconds of Redis' clock after which the event is refused
--   replays      '1' for a replaying target, '0' otherwise
--   kind         the kind of target (PATH, GROUP, USER or SESSION)
--   name         the path, group, user or session id
--   frame        the encoded event, without an id line if its target replays
--   id           the application's event id, or '' to use epoch-position
-- Returns the epoch, then per event its position, or '-1' for a refused event.
-- Positions are the time in microseconds, or the last position plus one if that is not
-- larger: they increase, and they tell the age of an event.
if redis.replicate_commands then
	redis.replicate_commands()
end
local timeline = KEYS[1]
local delivery = KEYS[2]
local maxEvents, maxBytes, maxAge = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local logEvents, logBytes, logAge = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local epoch = redis.call('HGET', timeline, 'epoch')
if not epoch then
	epoch = ARGV[1]
	redis.call('HSET', timeline, 'epoch', epoch)
end
local last = tonumber(redis.call('HGET', timeline, 'position') or '0')

local function text(number)
	return string.format('%.0f', number)
end

-- appends a frame to a stream whose facts hash keeps the byte offset of its end
local function append(stream, facts, position, fields, frame)
	local offset = tonumber(redis.call('HGET', facts, 'end') or '0')
	fields[#fields + 1] = 'o'
	fields[#fields + 1] = text(offset)
	redis.call('XADD', stream, position .. '-0', unpack(fields))
	redis.call('HSET', facts, 'end', text(offset + #frame))
end

-- removes the oldest events while a bound is exceeded, keeping the newest; XTRIM, not
-- XDEL, so that Redis frees the memory of the removed entries at once
local function trim(stream, facts, ids, events, bytes, ageMillis)
	local length = redis.call('XLEN', stream)
	local finish = tonumber(redis.call('HGET', facts, 'end') or '0')
	local minimum = now - ageMillis * 1000
	local dropped = nil
	local from = '-'
	while length > 1 do
		local oldest = redis.call('XRANGE', stream, from, '+', 'COUNT', 1)[1]
		local position = tonumber(string.match(oldest[1], '^(%d+)'))
		if length > events or finish - tonumber(field(oldest, 'o')) > bytes or position < minimum then
			length = length - 1
			dropped = position
			from = '(' .. oldest[1]
			local id = ids and field(oldest, 'u')
			if id and redis.call('HGET', ids, id) == text(position) then
				redis.call('HDEL', ids, id)
			end
		else
			break
		end
	end
	if dropped then
		redis.call('XTRIM', stream, 'MINID', text(dropped) .. '-1')
		if dropped > tonumber(redis.call('HGET', facts, 'dropped') or '0') then
			redis.call('HSET', facts, 'dropped', text(dropped))
		end
	end
end

local results = { epoch }
local key = 3
local appended = false
local events = (#ARGV - 7) / 6
for i = 0, events - 1 do
	local arg = 8 + i * 6
	local replays = ARGV[arg + 1] == '1'
	if now > tonumber(ARGV[arg]) then
		results[#results + 1] = '-1'
		if replays then
			key = key + 3
		end
	else
		local position = now
		if position <= last then
			position = last + 1
		end
		last = position
		appended = true
		position = text(position)
		local frame = ARGV[arg + 4]
		if replays then
			local history, facts, ids = KEYS[key], KEYS[key + 1], KEYS[key + 2]
			key = key + 3
			local id = ARGV[arg + 5]
			frame = 'id: ' .. ((id ~= '') and id or (epoch .. '-' .. position)) .. '\n' .. frame
			local fields = { 'f', frame }
			if id ~= '' then
				fields[#fields + 1] = 'u'
				fields[#fields + 1] = id
				redis.call('HSET', ids, id, position)
			end
			if redis.call('HSETNX', facts, 'since', position) == 1 then
				redis.call('HSET', facts, 'dropped', '0')
			end
			append(history, facts, position, fields, frame)
			trim(history, facts, ids, maxEvents, maxBytes, maxAge)
			redis.call('PEXPIRE', history, maxAge)
			redis.call('PEXPIRE', facts, maxAge)
			redis.call('PEXPIRE', ids, maxAge)
		end
		append(delivery, timeline, position, { 'k', ARGV[arg + 2], 'n', ARGV[arg + 3], 'e', epoch, 'f', frame }, frame)
		results[#results + 1] = position
	end
end
if appended then
	redis.call('HSET', timeline, 'position', text(last))
	trim(delivery, timeline, nil, logEvents, logBytes, logAge)
	redis.call('PEXPIRE', delivery, math.max(maxAge, logAge))
	redis.call('PEXPIRE', timeline, math.max(maxAge, logAge))
end
return results
