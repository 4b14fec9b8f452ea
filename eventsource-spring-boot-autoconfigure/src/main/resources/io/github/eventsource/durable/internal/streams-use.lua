-- ARGV[3] the name, ARGV[4] '1' to renew its time to live (and refuse a soft-deleted one)
local name = ARGV[3]
local t = now()
local m = load(name, t)
if not m then
  return { 404, 'No such stream' }
end
if ARGV[4] == '1' then
  if m.soft == '1' then
    return gone()
  end
  touch(name, m, t)
end
return describe(0, m)
