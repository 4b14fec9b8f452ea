-- Appends one event to the history of a path or group and publishes it to every instance,
-- atomically, so that positions, history order and publication order agree.
-- KEYS[1]  the history stream of the target
-- ARGV[1]  the pub/sub channel
-- ARGV[2]  the message head: origin, kind and name (see ClusterMessage)
-- ARGV[3]  the encoded event without its id line
-- ARGV[4]  the application's event id, or empty to use the position
-- ARGV[5]  the maximum number of events kept
-- ARGV[6]  the maximum age of events kept, in milliseconds
-- Returns the position: the larger of the last position plus one and the time in
-- microseconds, so positions increase and also tell the age of an event.
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local position = now * 1000
local top = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
if #top == 1 then
	local last = tonumber(string.match(top[1][1], '^(%d+)'))
	if last >= position then
		position = last + 1
	end
end
position = string.format('%.0f', position)
local id = position
if ARGV[4] ~= '' then
	id = ARGV[4]
end
local frame = 'id: ' .. id .. '\n' .. ARGV[3]
if ARGV[4] ~= '' then
	redis.call('XADD', key, 'MAXLEN', ARGV[5], position .. '-0', 'f', frame, 'u', id)
else
	redis.call('XADD', key, 'MAXLEN', ARGV[5], position .. '-0', 'f', frame)
end
local maxAge = tonumber(ARGV[6])
redis.call('XTRIM', key, 'MINID', string.format('%.0f', (now - maxAge) * 1000))
redis.call('PEXPIRE', key, maxAge)
redis.call('PUBLISH', ARGV[1], position .. '\n' .. ARGV[2] .. frame)
return position
