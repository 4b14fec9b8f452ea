-- The presence of streams in paths and groups, on every instance, in one atomic step per
-- call. Every call first removes the members of the instances whose presence expired
-- (killed, or cut off), announcing the left streams of announced paths once, and leaves a
-- tombstone for such an instance, so that the members it puts back are announced again.
-- A member is known by its opaque id (never its session id, which only the message of its
-- own join carries, to its own instance).
-- Keys, after the prefix:
--   presence:instances             sorted set: instance -> expiry (ms of Redis' clock)
--   presence:owned:<instance>      set of '<id>\n<KIND>\n<name>' of an instance
--   presence:asserted:<instance>   the same, being rebuilt by a resync
--   presence:expired:<instance>    the tombstone of an instance whose presence expired
--   presence:members:<kind>:<name> hash: id -> '<instance>\n<since>\n<announce>\n<user>'
--   presence:users:<kind>:<name>   hash: user -> number of its streams
--   presence:sizes:<kind>          sorted set: name -> number of streams
-- <user> is '' for a stream without a principal, else '=' and the name, escaped by the
-- caller so that it has no line feed.
-- KEYS[1]  the instances sorted set
-- ARGV[1]  the key prefix
-- ARGV[2]  the pub/sub channel
-- ARGV[3]  the id of the calling instance
-- ARGV[4]  the command: 'change', 'renew', 'mark', 'assert', 'sweep', 'leave', 'read' or
--          'largest'
-- then, per command:
--   change   the maximum members of a snapshot, then eight per change:
--            'j' or 'l', kind, name, id, session, user, since (ms), announce ('1' or '0')
--            returns nothing
--   renew    the expiry of the calling instance, in ms; returns 1 if the instance was
--            not present (it expired, or it is new, or Redis lost its data), else 0
--   mark     starts a resync of the calling instance's members; returns nothing
--   assert   the maximum members of a snapshot, then eight per member of the calling
--            instance: kind, name, id, session, user, since, announce, and '1' if the
--            others were told of it already; adds the members that are missing, announcing
--            those the others were not told of, or were told left (the tombstone); members
--            already present are left as they are, unannounced; returns nothing
--   sweep    ends the resync: removes, announcing them, the members of the calling
--            instance that were not asserted since the mark; returns nothing
--   leave    removes every member of the calling instance, announcing those of announced
--            paths, and the calling instance, as it stops
--   read     kind, name, maximum members; returns the count, the number of users, then
--            the id and value of each member
--   largest  kind, maximum targets; returns name, count and number of users of each
-- A change of an announced path publishes a message (see ClusterMessage) of kind
-- PRESENCE: 'j' or 'l', the id, the count, the number of users, the user and the session
-- of a joining stream (empty for a left one), one per line, then the number of members of
-- the snapshot and four lines per member (id, instance, since, user); a left stream has no
-- snapshot.
if redis.replicate_commands then
	redis.replicate_commands()
end
local instances = KEYS[1]
local prefix = ARGV[1]
local channel = ARGV[2]
local self = ARGV[3]
local command = ARGV[4]
local unordered = '9223372036854775807'
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function key(kind, what, name)
	return prefix .. 'presence:' .. what .. ':' .. string.lower(kind) .. ':' .. name
end

local function sizes(kind)
	return prefix .. 'presence:sizes:' .. string.lower(kind)
end

local function owned(instance)
	return prefix .. 'presence:owned:' .. instance
end

local function parse(value)
	return string.match(value, '^([^\n]*)\n([^\n]*)\n([^\n]*)\n(.*)$')
end

local function publish(name, lines)
	redis.call('PUBLISH', channel, unordered .. '\n' .. self .. '\nPRESENCE\n' .. string.len(name) .. '\n' .. name
		.. table.concat(lines, '\n') .. '\n')
end

local function snapshot(members, max)
	local found = {}
	local cursor = '0'
	repeat
		local page = redis.call('HSCAN', members, cursor, 'COUNT', math.max(max, 10))
		cursor = page[1]
		local entries = page[2]
		for i = 1, #entries, 2 do
			if #found >= max * 2 then
				break
			end
			found[#found + 1] = entries[i]
			found[#found + 1] = entries[i + 1]
		end
	until cursor == '0' or #found >= max * 2
	return found
end

local function counted(kind, name, members, users)
	local count = redis.call('HLEN', members)
	if count == 0 then
		redis.call('ZREM', sizes(kind), name)
	else
		redis.call('ZADD', sizes(kind), count, name)
	end
	return count, redis.call('HLEN', users)
end

local function join(kind, name, id, session, user, since, announce, told, max)
	local members = key(kind, 'members', name)
	local users = key(kind, 'users', name)
	if redis.call('HSETNX', members, id, self .. '\n' .. since .. '\n' .. announce .. '\n' .. user) == 0 then
		return
	end
	if user ~= '' then
		redis.call('HINCRBY', users, user, 1)
	end
	redis.call('SADD', owned(self), id .. '\n' .. kind .. '\n' .. name)
	local count, userCount = counted(kind, name, members, users)
	if announce == '1' and not told then
		local lines = { 'j', id, count, userCount, user, session }
		local found = snapshot(members, max)
		lines[#lines + 1] = #found / 2
		for i = 1, #found, 2 do
			local instance, memberSince, _, memberUser = parse(found[i + 1])
			lines[#lines + 1] = found[i]
			lines[#lines + 1] = instance
			lines[#lines + 1] = memberSince
			lines[#lines + 1] = memberUser
		end
		publish(name, lines)
	end
end

local function leave(instance, kind, name, id)
	local members = key(kind, 'members', name)
	local users = key(kind, 'users', name)
	local value = redis.call('HGET', members, id)
	if not value then
		return
	end
	local _, _, announce, user = parse(value)
	redis.call('HDEL', members, id)
	if user ~= '' and redis.call('HINCRBY', users, user, -1) <= 0 then
		redis.call('HDEL', users, user)
	end
	redis.call('SREM', owned(instance), id .. '\n' .. kind .. '\n' .. name)
	local count, userCount = counted(kind, name, members, users)
	if announce == '1' then
		publish(name, { 'l', id, count, userCount, user, '', 0 })
	end
end

local function leaveEntry(instance, entry)
	local id, kind, name = string.match(entry, '^([^\n]*)\n([^\n]*)\n(.*)$')
	leave(instance, kind, name, id)
end

local function forget(instance)
	for _, entry in ipairs(redis.call('SMEMBERS', owned(instance))) do
		leaveEntry(instance, entry)
	end
	redis.call('DEL', owned(instance))
end

local function asserted(instance)
	return prefix .. 'presence:asserted:' .. instance
end

local function tombstone(instance)
	return prefix .. 'presence:expired:' .. instance
end

for _, instance in ipairs(redis.call('ZRANGEBYSCORE', instances, '-inf', '(' .. now)) do
	forget(instance)
	redis.call('ZREM', instances, instance)
	-- its members were announced left: those it puts back are announced joined
	redis.call('SET', tombstone(instance), '1', 'PX', 86400000)
end

if command == 'change' then
	local max = tonumber(ARGV[5])
	for i = 6, #ARGV, 8 do
		if ARGV[i] == 'j' then
			join(ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7], false,
				max)
		else
			leave(self, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
		end
	end
	return {}
elseif command == 'renew' then
	local expiry = tonumber(ARGV[5])
	return { redis.call('ZADD', instances, now + expiry, self) }
elseif command == 'mark' then
	redis.call('DEL', asserted(self))
	return {}
elseif command == 'assert' then
	local max = tonumber(ARGV[5])
	local expired = redis.call('EXISTS', tombstone(self)) == 1
	for i = 6, #ARGV, 8 do
		redis.call('SADD', asserted(self), ARGV[i + 2] .. '\n' .. ARGV[i] .. '\n' .. ARGV[i + 1])
		local told = ARGV[i + 7] == '1' and not expired
		join(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], told, max)
	end
	redis.call('PEXPIRE', asserted(self), 3600000)
	return {}
elseif command == 'sweep' then
	for _, entry in ipairs(redis.call('SDIFF', owned(self), asserted(self))) do
		leaveEntry(self, entry)
	end
	if redis.call('EXISTS', asserted(self)) == 1 then
		redis.call('RENAME', asserted(self), owned(self))
		redis.call('PERSIST', owned(self))
	else
		redis.call('DEL', owned(self))
	end
	redis.call('DEL', tombstone(self))
	return {}
elseif command == 'leave' then
	forget(self)
	redis.call('ZREM', instances, self)
	return {}
elseif command == 'read' then
	local members = key(ARGV[5], 'members', ARGV[6])
	local result = { redis.call('HLEN', members), redis.call('HLEN', key(ARGV[5], 'users', ARGV[6])) }
	for _, entry in ipairs(snapshot(members, tonumber(ARGV[7]))) do
		result[#result + 1] = entry
	end
	return result
elseif command == 'largest' then
	local kind = ARGV[5]
	local result = {}
	local top = redis.call('ZREVRANGE', sizes(kind), 0, tonumber(ARGV[6]) - 1, 'WITHSCORES')
	for i = 1, #top, 2 do
		result[#result + 1] = top[i]
		result[#result + 1] = top[i + 1]
		result[#result + 1] = redis.call('HLEN', key(kind, 'users', top[i]))
	end
	return result
end
return redis.error_reply('Unknown presence command ' .. command)
