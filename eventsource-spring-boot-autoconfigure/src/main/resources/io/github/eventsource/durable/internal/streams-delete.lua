-- ARGV[3] the name; returns {0, 1} if there was a stream, {0, 0} if not
local name = ARGV[3]
local m = load(name, now())
if not m then
  return { 0, 0 }
end
if m.soft == '1' then
  return gone()
end
if tonumber(m.forks) > 0 then
  redis.call('HSET', key(name, 'meta'), 'soft', 1)
  changed(name, m)
  return { 0, 1 }
end
remove(name)
return { 0, 1 }
