/**
 * Lua for room modes and app messages (see lua.ts for the keys and ARGV shared by every
 * script). A room's mode record is the hash o:<room>: p path, e epoch, pn '1' pinned,
 * i instance, j Janus room, and the switch lease qo owner, qs since, qp path, qi, qj.
 * It is deleted with the room's last member, so a room used again starts at mesh/0. The
 * rules of a change are applyModeChange() in room-mode-record.ts, mirrored here.
 */

/** Helpers for the scripts below and for join/resume (appended after COMMON). */
export const MODE_HELPERS = `
local function okey(room) return P .. 'o:' .. room end

local function mode_of(room)
  local m = redis.call('HMGET', okey(room), 'p', 'e', 'pn')
  return m[1] or 'mesh', tonumber(m[2] or '0'), m[3] == '1'
end

local function mode_fields(room)
  local p, e, pn = mode_of(room)
  return {p, e, pn and 1 or 0}
end

-- {members, now, p, e, pn, i, j, qo, qs, qp, qi, qj} ('' for none).
local function state_of(room)
  local m = redis.call('HMGET', okey(room), 'p', 'e', 'pn', 'i', 'j', 'qo', 'qs', 'qp', 'qi', 'qj')
  local out = {redis.call('ZCARD', rkey(room)), NOW, m[1] or 'mesh', tonumber(m[2] or '0'), m[3] == '1' and 1 or 0}
  for k = 4, 10 do out[#out + 1] = m[k] or '' end
  return out
end

-- room-mode to every attached member but except (absent ones learn it from resume).
local function announce(room, reason, except)
  local p, e, pn = mode_of(room)
  local json = '{"type":"room-mode","mode":{"path":"' .. p .. '","epoch":' ..
    string.format('%d', e) .. ',"pinned":' .. tostring(pn) .. '},"reason":"' .. reason .. '"}'
  for _, id in ipairs(redis.call('ZRANGE', rkey(room), 0, -1)) do
    if id ~= except then deliver(id, json, false) end
  end
end

-- A join with the mesh claim: see applyPin().
local function pin(room, joiner)
  local p, e, pn = mode_of(room)
  if pn then return end
  redis.call('HSET', okey(room), 'pn', '1')
  if p == 'mesh' then
    redis.call('HSET', okey(room), 'e', e + 1)
    announce(room, 'pinned', joiner)
  end
end
`;

/** 7 room → state_of(room). */
const MODE_STATE = `
return state_of(ARGV[7])
`;

/**
 * 7 room, 8 kind (prepare | abandon | announce), 9 expected epoch, 10 path, 11 instance,
 * 12 Janus room, 13 reason, 14 prepared since ('' = none), 15 stale ms →
 * {'ok', state_of(room)...} | {'conflict'}.
 */
const MODE_CHANGE = `
local room, kind, expected = ARGV[7], ARGV[8], tonumber(ARGV[9])
local path, inst, jroom, reason, since = ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14]
local ok = okey(room)
local p, e, pn = mode_of(room)
if e ~= expected then return {'conflict'} end
local lease = redis.call('HMGET', ok, 'qo', 'qs')
local function own_lease() return lease[1] == NODE and lease[2] == since end
local function clear_lease() redis.call('HDEL', ok, 'qo', 'qs', 'qp', 'qi', 'qj') end
if kind == 'prepare' then
  if lease[1] and NOW - tonumber(lease[2]) < tonumber(ARGV[15]) then return {'conflict'} end
  if path == 'sfu' and pn then return {'conflict'} end
  redis.call('HSET', ok, 'qo', NODE, 'qs', string.format('%d', NOW), 'qp', path, 'qi', inst, 'qj', jroom)
  if not redis.call('HGET', ok, 'e') then redis.call('HSET', ok, 'p', p, 'e', e) end
  return append({'ok'}, state_of(room))
end
if kind == 'abandon' then
  if not own_lease() then return {'conflict'} end
  clear_lease()
  return append({'ok'}, state_of(room))
end
if since ~= '' and not own_lease() then return {'conflict'} end
if path == 'sfu' and pn then return {'conflict'} end
clear_lease()
if path == 'sfu' then
  redis.call('HSET', ok, 'p', path, 'e', e + 1, 'i', inst, 'j', jroom)
else
  redis.call('HSET', ok, 'p', path, 'e', e + 1)
  redis.call('HDEL', ok, 'i', 'j')
end
announce(room, reason, '')
return append({'ok'}, state_of(room))
`;

/**
 * 7 from id, 8 from connection, 9 room, 10 to id ('' = every other member), 11 app JSON,
 * 12 its bytes → {outcome, target node}, like relay; a broadcast answers 'delivered'.
 * Buffered for an absent member like a signal of kind 'n' (never superseded).
 */
const APP = `
local from, conn, room, to = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
SIG = {from = from, kind = 'n', gen = '-', bytes = tonumber(ARGV[12])}
local sender = redis.call('HMGET', mkey(from), 'r', 'c')
if sender[1] ~= room or sender[2] ~= conn then return {'dropped', 'stale'} end
if to == '' then
  for _, id in ipairs(redis.call('ZRANGE', rkey(room), 0, -1)) do
    if id ~= from then deliver(id, ARGV[11], true) end
  end
  return {'delivered', ''}
end
if to == from or redis.call('HGET', mkey(to), 'r') ~= room then
  if epoch_state() == 'restoring' then return {'dropped', 'restoring'} end
  return {'unknown-peer', ''}
end
local outcome, node = deliver(to, ARGV[11], true)
return {outcome, node or ''}
`;

/** Script bodies (after COMMON and MODE_HELPERS) by name. */
export const MODE_SCRIPT_BODIES = {
  'mode-state': MODE_STATE,
  'mode-change': MODE_CHANGE,
  app: APP,
} as const;
