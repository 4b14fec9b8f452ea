-- Renews the presence of one instance and counts the instances alive and their streams.
-- KEYS[1]  the hash of instances: id -> '<expiry in ms of Redis' clock>:<streams>'
-- ARGV[1]  the id of this instance
-- ARGV[2]  its number of open streams
-- ARGV[3]  how long its presence lasts without renewal, in milliseconds
-- Returns Redis' time (seconds, microseconds), the number of instances alive and their
-- streams. Instances whose presence expired (killed, or cut off) are removed.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', now + ttl) .. ':' .. ARGV[2])
local instances = 0
local streams = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
	local expiry, count = string.match(all[i + 1], '^(%d+):(%d+)$')
	if expiry == nil or tonumber(expiry) < now then
		redis.call('HDEL', KEYS[1], all[i])
	else
		instances = instances + 1
		streams = streams + tonumber(count)
	end
end
redis.call('PEXPIRE', KEYS[1], ttl)
return { time[1], time[2], instances, streams }
