/**
 * Lua for the admin page (see lua.ts for the keys, the ARGV shared by every script and
 * GONE, the slots a script ended). Removing a member works from any node: the script ends
 * the slot in Redis and tells the member's node, which closes its connection.
 */

// Ends member id of room with reason (removed | room-ended): 1 if it was there.
const END_MEMBER = `
local function end_member(room, id, reason)
  local m = redis.call('HMGET', mkey(id), 'r', 'nd', 'c', 's')
  if m[1] ~= room then return 0 end
  remove(id)
  if m[4] == 'a' then redis.call('PUBLISH', chan(m[2]), 'k|' .. m[3] .. '|' .. NODE .. '|' .. reason) end
  return 1
end
`;

/**
 * 7 most rooms → {#rooms, then per room: room, path, #members, then per member: id, name,
 * node, state ('a' attached | 'w' away)}. SCAN visits the room keys in slices, so a large
 * deployment is read without one long command (at most the limit's rooms are returned).
 */
const LIST_ROOMS = `
local limit, cursor, out, rooms = tonumber(ARGV[7]), '0', {}, 0
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', P .. 'r:*', 'COUNT', 100)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    if rooms < limit then
      local room = string.sub(key, #P + 3)
      local ids = redis.call('ZRANGE', key, 0, -1)
      rooms = rooms + 1
      append(out, {room, (mode_of(room)), #ids})
      for _, id in ipairs(ids) do
        local m = redis.call('HMGET', mkey(id), 'n', 'nd', 's')
        append(out, {id, m[1] or '', m[2] or '', m[3] or 'w'})
      end
    end
  end
until cursor == '0' or rooms >= limit
return append({rooms}, out)
`;

/** 7 room, 8 peer id → {1 | 0, GONE...}. */
const EVICT =
  END_MEMBER +
  `
return append({end_member(ARGV[7], ARGV[8], 'removed')}, GONE)
`;

/** 7 room → {#members ended, GONE...}. */
const END_ROOM =
  END_MEMBER +
  `
local ended = 0
for _, id in ipairs(redis.call('ZRANGE', rkey(ARGV[7]), 0, -1)) do
  ended = ended + end_member(ARGV[7], id, 'room-ended')
end
return append({ended}, GONE)
`;

export const ADMIN_SCRIPT_BODIES = {
  'list-rooms': LIST_ROOMS,
  evict: EVICT,
  'end-room': END_ROOM,
} as const;
