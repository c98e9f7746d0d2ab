/**
 * The Lua functions behind resume buffers and dropped-slot caps, part of every script's
 * common prelude (lua.ts): it defines `remove` (forward-declared here, assigned there) and
 * uses its key helpers, NOW, the limits and `mark_away`.
 *
 * Buffered bytes are counted in the member's hash (bb), its room (rb:<room>) and its address
 * (ab:<address>); members of an address holding signals are in ao:<address>, so the oldest
 * signal of an address can be found. Members whose client dropped are in rd:<room> and
 * ad:<address>, in drop order.
 */
export const RESUME_FUNCTIONS = `
local remove

local function add_bytes(key, delta)
  if redis.call('INCRBY', key, delta) <= 0 then redis.call('DEL', key) end
end

local function account(id, room, addr, delta)
  if delta == 0 then return end
  redis.call('HINCRBY', mkey(id), 'bb', delta)
  add_bytes(rbkey(room), delta)
  add_bytes(abkey(addr), delta)
  if redis.call('LLEN', bkey(id)) == 0 then redis.call('SREM', aokey(addr), id) end
end

local function entry_head(e)
  local seq, from, kind, gen, bytes = string.match(e, '^(%d+) (%S+) (%a) (%S+) (%d+)\\n')
  return tonumber(seq), from, kind, gen, tonumber(bytes)
end

-- Empties id's buffer; returns the signals' JSON in order.
local function take_buffer(id)
  local m = redis.call('HMGET', mkey(id), 'r', 'a', 'bb')
  local list = redis.call('LRANGE', bkey(id), 0, -1)
  redis.call('DEL', bkey(id))
  account(id, m[1], m[2] or '', -(tonumber(m[3]) or 0))
  redis.call('SREM', aokey(m[2] or ''), id)
  local out = {}
  for i, e in ipairs(list) do out[i] = string.sub(e, string.find(e, '\\n', 1, true) + 1) end
  return out
end

-- Drops the oldest buffered signal among ids; false when none holds any.
local function evict_oldest(ids)
  local found, oldest
  for _, id in ipairs(ids) do
    local head = redis.call('LINDEX', bkey(id), 0)
    if head then
      local seq = entry_head(head)
      if not oldest or seq < oldest then found, oldest = id, seq end
    end
  end
  if not found then return false end
  local m = redis.call('HMGET', mkey(found), 'r', 'a')
  local _, _, _, _, bytes = entry_head(redis.call('LPOP', bkey(found)))
  account(found, m[1], m[2] or '', -bytes)
  return true
end

local function over(key, limit) return (tonumber(redis.call('GET', key)) or 0) > limit end

-- SIG (set by RELAY): the signal's sender, kind, ICE generation and frame size. A new offer
-- supersedes its sender's older offers and candidates of other generations; past a limit
-- the oldest signals in that scope (member, room, address) go first.
local SIG
local function buffer(id, json)
  local m = redis.call('HMGET', mkey(id), 'r', 'a')
  local room, addr = m[1], m[2] or ''
  if SIG.kind == 'o' then
    for _, e in ipairs(redis.call('LRANGE', bkey(id), 0, -1)) do
      local _, from, kind, gen, bytes = entry_head(e)
      if from == SIG.from and (kind == 'o' or (kind == 'c' and gen ~= '-' and SIG.gen ~= '-' and gen ~= SIG.gen)) then
        redis.call('LREM', bkey(id), 1, e)
        account(id, room, addr, -bytes)
      end
    end
  end
  local seq = redis.call('INCR', P .. 'bseq')
  local head = seq .. ' ' .. SIG.from .. ' ' .. SIG.kind .. ' ' .. SIG.gen .. ' ' .. SIG.bytes
  redis.call('RPUSH', bkey(id), head .. '\\n' .. json)
  redis.call('SADD', aokey(addr), id)
  account(id, room, addr, SIG.bytes)
  while redis.call('LLEN', bkey(id)) > BUFMAX or tonumber(redis.call('HGET', mkey(id), 'bb')) > SLOT_BYTES do
    if not evict_oldest({id}) then break end
  end
  while over(rbkey(room), ROOM_BYTES) do
    if not evict_oldest(redis.call('ZRANGE', rkey(room), 0, -1)) then break end
  end
  while over(abkey(addr), ADDR_BYTES) do
    if not evict_oldest(redis.call('SMEMBERS', aokey(addr))) then break end
  end
end

-- The member is back (or gone): it no longer counts as dropped.
local function undrop(id)
  local m = redis.call('HMGET', mkey(id), 'r', 'a')
  if m[1] then redis.call('ZREM', rdkey(m[1]), id) end
  redis.call('ZREM', adkey(m[2] or ''), id)
end

-- A client lost its connection: past the room's or the address's cap, the oldest dropped
-- slot there ends, so slots without a socket cannot keep a room full.
local function note_dropped(id)
  local m = redis.call('HMGET', mkey(id), 'r', 'a')
  local order = redis.call('INCR', P .. 'bseq')
  for _, scope in ipairs({{rdkey(m[1]), DROP_ROOM}, {adkey(m[2] or ''), DROP_ADDR}}) do
    redis.call('ZADD', scope[1], order, id)
    while redis.call('ZCARD', scope[1]) > scope[2] do
      local oldest = redis.call('ZRANGE', scope[1], 0, 0)[1]
      if oldest == id then break end
      redis.call('ZREM', scope[1], oldest)
      remove(oldest)
    end
  end
end

`;
