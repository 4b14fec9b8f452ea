-- ARGV[3..] names; returns per name "<id>:<version>", or '' if it is gone
local versions = {}
for i = 3, #ARGV do
  local v = redis.call('HMGET', key(ARGV[i], 'meta'), 'id', 'ver')
  versions[#versions + 1] = (v[1] and (v[1] .. ':' .. (v[2] or '0'))) or ''
end
return versions
