-- Shared by the scripts that read Redis Stream entries; loaded before each of them.

-- the value of a field of an entry ({id, {field, value, ...}}), or nil
local function field(entry, name)
	local fields = entry[2]
	for i = 1, #fields, 2 do
		if fields[i] == name then
			return fields[i + 1]
		end
	end
	return nil
end
