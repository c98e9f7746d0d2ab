/**
 * Lua for the admin page's listing (see lua.ts for the keys and the ARGV every script
 * shares). Its actions, removing a member and ending a room, are the host's own
 * (lua-controls.ts: `admin-remove`, `admin-end`).
 */

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

export const ADMIN_SCRIPT_BODIES = {
  'list-rooms': LIST_ROOMS,
} as const;
