/**
 * Lua for a room's controls (host, lobby, lock, passcode; rules in room-controls.ts, mirrored
 * from LocalHub and checked by the hub contract). See lua.ts for the keys and ARGV every
 * script shares. Keys:
 *
 *   c:<room>   hash: h host id, lk '1' locked, lb '1' lobby on, pc stored passcode hash
 *   lq:<room>  sorted set: who waits in the lobby, by knock order
 *   l:<id>     hash: r room, n name, nd node, c connection, st 'w' waiting | 'a' admitted;
 *              its lease is in `deadlines` like a member's, renewed by its node
 *   t:<hash>   besides peer ids: '!removed' or '!meeting-ended' for the resume grace, so a
 *              resume of an ended slot is told why
 *   pw:r:<room>, pw:a:<address>   wrong passcodes in the current minute
 *
 * Channel n:<node> also carries "a|<conn>|<origin>" (the host admitted that waiting
 * connection) and "e|<conn>|<origin>|<reason>" (its place ended: removed, denied,
 * meeting-ended).
 */

/**
 * Functions of the common prelude (after `deliver`, before `remove` is assigned): they use
 * the key helpers, `deliver`, `append`, GRACE, LEASE and the resume functions.
 */
export const CONTROL_FUNCTIONS = `
local function ckey(room) return P .. 'c:' .. room end
local function lqkey(room) return P .. 'lq:' .. room end
local function lkey(id) return P .. 'l:' .. id end

local function controls_of(room)
  local c = redis.call('HMGET', ckey(room), 'h', 'lk', 'lb', 'pc')
  return c[1] or '', c[2] == '1', c[3] == '1', c[4] or ''
end

-- Who waits (not yet admitted), oldest first: id, name pairs.
local function waiting_of(room)
  local out = {}
  for _, id in ipairs(redis.call('ZRANGE', lqkey(room), 0, -1)) do
    local w = redis.call('HMGET', lkey(id), 'n', 'st')
    if w[1] and w[2] == 'w' then
      out[#out + 1] = id
      out[#out + 1] = w[1]
    end
  end
  return out
end

-- The controls as member id is told them (JSON); the host's copy lists the lobby.
local function controls_json(room, id)
  local h, lk, lb, pc = controls_of(room)
  local host = 'null'
  if h ~= '' then host = '"' .. h .. '"' end
  local json = '{"host":' .. host .. ',"locked":' .. tostring(lk) .. ',"lobby":' ..
    tostring(lb) .. ',"passcode":' .. tostring(pc ~= '')
  if h ~= '' and h == id then
    local w, parts = waiting_of(room), {}
    for i = 1, #w, 2 do
      parts[#parts + 1] = '{"id":"' .. w[i] .. '","name":' .. cjson.encode(w[i + 1]) .. '}'
    end
    json = json .. ',"waiting":[' .. table.concat(parts, ',') .. ']'
  end
  return json .. '}'
end

-- The same as reply fields: host ('' none), locked, lobby, passcode set, then the number of
-- waiting pairs and the pairs for the host, -1 for anyone else.
local function controls_fields(room, id)
  local h, lk, lb, pc = controls_of(room)
  local out = {h, lk and 1 or 0, lb and 1 or 0, pc ~= '' and 1 or 0}
  if h ~= '' and h == id then
    local w = waiting_of(room)
    out[#out + 1] = #w / 2
    append(out, w)
  else
    out[#out + 1] = -1
  end
  return out
end

local function tell_controls(room, except)
  for _, id in ipairs(redis.call('ZRANGE', rkey(room), 0, -1)) do
    if id ~= except then
      deliver(id, '{"type":"room-state","room":' .. controls_json(room, id) .. '}', false)
    end
  end
end

local function set_host(room, id, except)
  local h = redis.call('HGET', ckey(room), 'h') or ''
  if h == id then return end
  if id == '' then redis.call('HDEL', ckey(room), 'h') else redis.call('HSET', ckey(room), 'h', id) end
  tell_controls(room, except)
end

local function tell_host(room, json)
  local h = redis.call('HGET', ckey(room), 'h')
  if h then deliver(h, json, false) end
end

local function knock_cancelled(id) return '{"type":"knock-cancelled","id":"' .. id .. '"}' end

-- To one connection of a node: 'a' admitted, or 'e' with why its place ended.
local function verdict(node, conn, kind, reason)
  local payload = kind .. '|' .. conn .. '|' .. NODE
  if reason then payload = payload .. '|' .. reason end
  redis.call('PUBLISH', chan(node), payload)
end

-- Takes id out of the lobby: {room, node, connection, state} or nil.
local function unwait(id)
  local w = redis.call('HMGET', lkey(id), 'r', 'nd', 'c', 'st')
  if not w[1] then return nil end
  redis.call('DEL', lkey(id))
  redis.call('ZREM', lqkey(w[1]), id)
  redis.call('ZREM', DEADLINES, id)
  return w
end

local function drop_if_empty(room)
  if redis.call('ZCARD', rkey(room)) == 0 and redis.call('ZCARD', lqkey(room)) == 0 then
    redis.call('DEL', ckey(room))
  end
end

-- Everyone in the lobby is told reason and let go.
local function end_waiting(room, reason)
  for _, id in ipairs(redis.call('ZRANGE', lqkey(room), 0, -1)) do
    local w = unwait(id)
    if w then verdict(w[2], w[3], 'e', reason) end
  end
  redis.call('DEL', lqkey(room))
end

local function tombstone(hash, reason)
  if hash and GRACE > 0 then redis.call('SET', tkey(hash), '!' .. reason, 'PX', GRACE) end
end

-- Deletes a member's slot without telling anyone (but GONE, for the room events).
local function forget(id)
  local m = redis.call('HMGET', mkey(id), 'r', 't', 'n')
  if not m[1] then return nil end
  take_buffer(id)
  undrop(id)
  redis.call('DEL', mkey(id), bkey(id))
  if m[2] then redis.call('DEL', tkey(m[2])) end
  redis.call('ZREM', DEADLINES, id)
  redis.call('ZREM', rkey(m[1]), id)
  local emptied = redis.call('ZCARD', rkey(m[1])) == 0
  append(GONE, {id, m[1], m[3] or '', emptied and '1' or '0'})
  return m[1]
end

-- After a member's slot ended: the last one ends the meeting, the host's passes on.
local function after_removal(room, id)
  if redis.call('ZCARD', rkey(room)) == 0 then
    redis.call('DEL', P .. 'o:' .. room)
    end_waiting(room, 'meeting-ended')
    redis.call('DEL', ckey(room))
  elseif redis.call('HGET', ckey(room), 'h') == id then
    set_host(room, redis.call('ZRANGE', rkey(room), 0, 0)[1], '')
  end
end

-- Ends member id's slot as removed (by the host or an administrator): its connection is
-- told, the others get peer-left, its resume token answers 'removed'.
local function remove_member(id)
  local t = redis.call('HMGET', mkey(id), 's', 'nd', 'c', 't')
  if t[1] == 'a' then verdict(t[2], t[3], 'e', 'removed') end
  remove(id)
  tombstone(t[4], 'removed')
end

-- Ends the meeting for everyone (by the host or an administrator), the lobby included;
-- the room and its controls are gone. Returns how many members there were.
local function end_meeting(room)
  local ids = redis.call('ZRANGE', rkey(room), 0, -1)
  for _, id in ipairs(ids) do
    local t = redis.call('HMGET', mkey(id), 's', 'nd', 'c', 't')
    if t[1] == 'a' then verdict(t[2], t[3], 'e', 'meeting-ended') end
    forget(id)
    tombstone(t[4], 'meeting-ended')
  end
  end_waiting(room, 'meeting-ended')
  redis.call('DEL', rkey(room), ckey(room), P .. 'o:' .. room)
  return #ids
end

-- A waiter whose lease ran out (its node is gone): out of the lobby, the host is told.
local function expire_waiter(id)
  local w = unwait(id)
  if not w then return end
  if w[4] == 'w' then tell_host(w[1], knock_cancelled(id)) end
  drop_if_empty(w[1])
end
`;

/** 7 room → {exists 0|1, locked 0|1, stored passcode or ''}. */
const ROOM_ACCESS = `
local room = ARGV[7]
local _, lk, _, pc = controls_of(room)
local exists = redis.call('ZCARD', rkey(room)) + redis.call('ZCARD', lqkey(room)) > 0
return {exists and 1 or 0, lk and 1 or 0, pc}
`;

/**
 * 7 actor, 8 its connection, 9 room, 10 action, 11 target id, 12 value ('1'/'0', or the
 * stored passcode, '' for none), 13 capacity, 14 capacity when pinned, 15 mesh capacity →
 * {outcome, GONE...} (room-controls.ts ControlOutcome; GONE: the slots `remove` and
 * `end-meeting` ended, lua.ts).
 */
const CONTROL = `
local actor, conn, room, action, target, value = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
local m = redis.call('HMGET', mkey(actor), 'r', 'c')
if m[1] ~= room or m[2] ~= conn then return {'forbidden'} end
if redis.call('HGET', ckey(room), 'h') ~= actor then return {'forbidden'} end
local ck = ckey(room)

local function admit(id)
  local w = redis.call('HMGET', lkey(id), 'r', 'nd', 'c', 'st')
  if w[1] ~= room or w[4] ~= 'w' then return false end
  redis.call('HSET', lkey(id), 'st', 'a')
  deliver(actor, knock_cancelled(id), false)
  verdict(w[2], w[3], 'a')
  return true
end

local function flag(field)
  if value == '1' then redis.call('HSET', ck, field, '1') else redis.call('HDEL', ck, field) end
end

if action == 'admit' then
  local _, _, pinned = mode_of(room)
  local cap = tonumber(pinned and ARGV[14] or ARGV[13])
  local taken = redis.call('ZCARD', rkey(room))
  for _, id in ipairs(redis.call('ZRANGE', lqkey(room), 0, -1)) do
    if redis.call('HGET', lkey(id), 'st') == 'a' then taken = taken + 1 end
  end
  if taken >= cap then return {'room-full'} end
  return {admit(target) and 'done' or 'unknown-peer'}
elseif action == 'deny' then
  local w = redis.call('HMGET', lkey(target), 'r', 'st')
  if w[1] ~= room or w[2] ~= 'w' then return {'unknown-peer'} end
  w = unwait(target)
  deliver(actor, knock_cancelled(target), false)
  verdict(w[2], w[3], 'e', 'denied')
  return {'done'}
elseif action == 'set-lobby' then
  flag('lb')
  if value == '0' then
    for _, id in ipairs(redis.call('ZRANGE', lqkey(room), 0, -1)) do admit(id) end
  end
elseif action == 'set-lock' then
  flag('lk')
elseif action == 'set-passcode' then
  if value == '' then redis.call('HDEL', ck, 'pc') else redis.call('HSET', ck, 'pc', value) end
elseif action == 'remove' or action == 'mute-request' or action == 'transfer-host' then
  if redis.call('HGET', mkey(target), 'r') ~= room then return {'unknown-peer'} end
  if target == actor then return {action == 'transfer-host' and 'done' or 'forbidden'} end
  if action == 'remove' then
    remove_member(target)
  elseif action == 'mute-request' then
    deliver(target, '{"type":"mute-requested","by":"' .. actor .. '"}', false)
  else
    set_host(room, target, '')
  end
  return append({'done'}, GONE)
elseif action == 'end-meeting' then
  end_meeting(room)
  return append({'done'}, GONE)
elseif action == 'set-mode' then
  local p, e, pn = mode_of(room)
  if value == '1' then
    if redis.call('ZCARD', rkey(room)) > tonumber(ARGV[15]) then return {'too-big'} end
    pin(room, '')
  elseif pn then
    -- Unpinning: see applyPinned().
    redis.call('HSET', okey(room), 'pn', '0')
    if p == 'mesh' then
      redis.call('HSET', okey(room), 'e', e + 1)
      announce(room, 'unpinned', '')
    end
  end
  return {'done'}
else
  return redis.error_reply('unknown control action ' .. action)
end
tell_controls(room, '')
return {'done'}
`;

/**
 * An administrator's removal (the admin page): the host's `remove`, from any node and without
 * a host. 7 room, 8 peer id → {1 | 0 (no such member), GONE...}.
 */
const ADMIN_REMOVE = `
if redis.call('HGET', mkey(ARGV[8]), 'r') ~= ARGV[7] then return {0} end
remove_member(ARGV[8])
return append({1}, GONE)
`;

/** An administrator's end of the room: the host's `end-meeting`. 7 room → {#members, GONE...}. */
const ADMIN_END = `
local ended = end_meeting(ARGV[7])
return append({ended}, GONE)
`;

/** 7 waiting id, 8 its connection: it stopped waiting (closed or left). → 1 | 0. */
const CANCEL_WAIT = `
local id, conn = ARGV[7], ARGV[8]
local w = redis.call('HMGET', lkey(id), 'r', 'c', 'st')
if not w[1] or w[2] ~= conn then return 0 end
unwait(id)
if w[3] == 'w' then tell_host(w[1], knock_cancelled(id)) end
drop_if_empty(w[1])
return 1
`;

/** 7.. (waiting id, connection) pairs of this node: renews their leases → the ids gone. */
const RENEW_WAITING = `
local gone = {}
for i = 7, #ARGV, 2 do
  local id, conn = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', lkey(id), 'c') == conn then
    redis.call('ZADD', DEADLINES, NOW + LEASE, id)
  else
    gone[#gone + 1] = id
  end
end
return gone
`;

/**
 * 7 room, 8 address bucket, 9 'check' | 'wrong', 10 per-room limit, 11 per-address limit,
 * 12 window ms → 1 | 0 (check: another try is allowed). Fixed windows, as TryCounter.
 */
const PASSCODE_TRIES = `
local keys = {P .. 'pw:r:' .. ARGV[7], P .. 'pw:a:' .. ARGV[8]}
if ARGV[9] == 'wrong' then
  for _, k in ipairs(keys) do
    if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, tonumber(ARGV[12])) end
  end
  return 1
end
local r = tonumber(redis.call('GET', keys[1])) or 0
local a = tonumber(redis.call('GET', keys[2])) or 0
return (r < tonumber(ARGV[10]) and a < tonumber(ARGV[11])) and 1 or 0
`;

/** Script bodies (after COMMON, and MODE_HELPERS for `control`) by name. */
export const CONTROL_SCRIPT_BODIES = {
  'room-access': ROOM_ACCESS,
  control: CONTROL,
  'admin-remove': ADMIN_REMOVE,
  'admin-end': ADMIN_END,
  'cancel-wait': CANCEL_WAIT,
  'renew-waiting': RENEW_WAITING,
  'passcode-tries': PASSCODE_TRIES,
} as const;
