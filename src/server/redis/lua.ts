import { ADMIN_SCRIPT_BODIES } from './lua-admin.js';
import { CONTROL_FUNCTIONS, CONTROL_SCRIPT_BODIES } from './lua-controls.js';
import { MODE_HELPERS, MODE_SCRIPT_BODIES } from './lua-modes.js';
import { RESUME_FUNCTIONS } from './lua-resume.js';

/**
 * Lua scripts: every change to shared state is one script, so Redis runs it atomically and
 * in the order each node sent it. Keys (under a prefix):
 *
 *   m:<peer>      hash: r room, n name, nd node, c connection, s 'a' attached | 'w' away,
 *                 t resume-token hash, q join sequence, a address bucket, bb buffered bytes,
 *                 w '0' joined without WebRTC
 *   r:<room>      sorted set of peer ids by join sequence (oldest first)
 *   b:<peer>      list: signals buffered while the member is away, each
 *                 "<seq> <from> <kind o|a|c|n> <ICE generation or -> <bytes>\n<json>"
 *   t:<hash>      resume-token hash -> peer id
 *   deadlines     sorted set: when each member's lease (attached) or grace (away) ends
 *   o:<room>      hash: the room's mode record (lua-modes.ts)
 *   epoch         "<id>:<not-before ms>": changes when Redis lost its data
 *   rb:<room>, ab:<address>   bytes buffered for the room's / the address's away members
 *   ao:<address>  set: members of the address holding buffered signals
 *   rd:<room>, ad:<address>   sorted sets: members whose client dropped (DETACH 'lost'),
 *                 by drop order; past the caps the oldest ends
 *   bseq          counter ordering buffered signals and drops over the deployment
 *   c:<room>, lq:<room>, l:<id>, pw:*   a room's controls and lobby (lua-controls.ts)
 *
 * Channel n:<node> carries messages for that node's connections:
 *   "m|<conn>|<origin node>|<json>" (deliver) and "s|<conn>|<origin node>" (superseded);
 *   lua-controls.ts adds "a|..." (admitted) and "e|..." (its place ended on purpose).
 *
 * ARGV shared by all scripts: 1 prefix, 2 calling node, 3 grace ms, 4 resume limits
 * ("messages,bytes,room bytes,address bytes,dropped per room,dropped per address"), 5 lease
 * ms, 6 the epoch the caller knows; each script's own arguments follow from 7. Keys are
 * computed inside the scripts, so this needs one Redis primary (not Redis Cluster).
 */
const COMMON =
  `
local P, NODE = ARGV[1], ARGV[2]
local GRACE, LEASE = tonumber(ARGV[3]), tonumber(ARGV[5])
local LIMITS = {}
for v in string.gmatch(ARGV[4], '[^,]+') do LIMITS[#LIMITS + 1] = tonumber(v) end
local BUFMAX, SLOT_BYTES, ROOM_BYTES, ADDR_BYTES, DROP_ROOM, DROP_ADDR = unpack(LIMITS)
local EPOCH_ID = ARGV[6]
local T = redis.call('TIME')
local NOW = tonumber(T[1]) * 1000 + math.floor(tonumber(T[2]) / 1000)
local DEADLINES = P .. 'deadlines'
local function mkey(id) return P .. 'm:' .. id end
local function rkey(room) return P .. 'r:' .. room end
local function bkey(id) return P .. 'b:' .. id end
local function tkey(hash) return P .. 't:' .. hash end
local function chan(node) return P .. 'n:' .. node end
local function rbkey(room) return P .. 'rb:' .. room end
local function abkey(addr) return P .. 'ab:' .. addr end
local function aokey(addr) return P .. 'ao:' .. addr end
local function rdkey(room) return P .. 'rd:' .. room end
local function adkey(addr) return P .. 'ad:' .. addr end

local function epoch_state()
  local v = redis.call('GET', P .. 'epoch')
  if not v then return 'missing' end
  local id, nb = string.match(v, '^([^:]+):(%d+)$')
  if id ~= EPOCH_ID then return 'changed' end
  if NOW < tonumber(nb) then return 'restoring' end
  return 'ok'
end

local function append(out, list)
  for _, v in ipairs(list) do out[#out + 1] = v end
  return out
end

-- Triples: id, name, '0' when the member joined without WebRTC (else '1').
local function roster(room, except)
  local out = {}
  for _, id in ipairs(redis.call('ZRANGE', rkey(room), 0, -1)) do
    local m = redis.call('HMGET', mkey(id), 'n', 'w')
    if id ~= except and m[1] then
      out[#out + 1] = id
      out[#out + 1] = m[1]
      out[#out + 1] = m[2] or '1'
    end
  end
  return out
end

-- Slots that ended in this script: id, room, name, '1' when the room emptied with it. The
-- scripts that end slots return them, so the node that ran the script emits room events.
local GONE = {}

local function mark_away(id)
  redis.call('HSET', mkey(id), 's', 'w')
  redis.call('ZADD', DEADLINES, NOW + GRACE, id)
end

` +
  RESUME_FUNCTIONS +
  `
-- Sends json to member id on its node. A node without a subscriber is gone: its member
-- becomes away, and a signal is buffered for the member's resume instead of being lost.
local function deliver(id, json, bufferable)
  local m = redis.call('HMGET', mkey(id), 's', 'nd', 'c')
  if not m[1] then return 'absent' end
  if m[1] == 'a' then
    local payload = 'm|' .. m[3] .. '|' .. NODE .. '|' .. json
    if redis.call('PUBLISH', chan(m[2]), payload) > 0 then return 'delivered', m[2] end
    mark_away(id)
  end
  if not bufferable then return 'skipped' end
  buffer(id, json)
  return 'buffered'
end

` +
  CONTROL_FUNCTIONS +
  `
remove = function(id)
  local room = forget(id)
  if not room then return end
  local left = '{"type":"peer-left","id":"' .. id .. '"}'
  for _, other in ipairs(redis.call('ZRANGE', rkey(room), 0, -1)) do
    deliver(other, left, false)
  end
  after_removal(room, id)
end
`;

/** 7 new epoch id, 8 restore window ms → {epoch id, ms until joins are admitted}. */
const EPOCH = `
local v = redis.call('GET', P .. 'epoch')
if not v then
  v = ARGV[7] .. ':' .. string.format('%d', NOW + tonumber(ARGV[8]))
  redis.call('SET', P .. 'epoch', v)
end
local id, nb = string.match(v, '^([^:]+):(%d+)$')
return {id, math.max(0, tonumber(nb) - NOW)}
`;

/**
 * 7 room, 8 name, 9 peer id, 10 connection, 11 token hash, 12 capacity, 13 peer-joined JSON,
 * 14 capacity when pinned, 15 '1' pins the room, 16 '0' without WebRTC, 17 address bucket,
 * 18 '1' host claim, 19 '1' lobby claim, 20 the stored passcode hash the join matched (''),
 * 21 passcode hash for a room this join opens (''), 22 '1' the host admitted this connection
 * (9 is then its waiting id), 23 its waiting connection, 24 lobby capacity, 25 knock JSON →
 * {'ok', seq, path, epoch, pinned, controls_fields..., peers...} | {'waiting'} |
 * {'room-full', capacity} | {'lobby-full', capacity} | {'locked'} | {'passcode-required'} |
 * {'passcode-wrong'} | {'unavailable', why}.
 */
const JOIN = `
local state = epoch_state()
if state ~= 'ok' then return {'unavailable', state} end
local room, name, id, conn, tok = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local rk = rkey(room)
local opening = redis.call('ZCARD', rk) == 0 and redis.call('ZCARD', lqkey(room)) == 0
if redis.call('ZCARD', rk) == 0 then redis.call('DEL', okey(room)) end
if opening then redis.call('DEL', ckey(room)) end
local admitted = false
if ARGV[22] == '1' then
  local w = redis.call('HMGET', lkey(id), 'r', 'c', 'st')
  admitted = w[1] == room and w[2] == ARGV[23] and w[3] == 'a'
end
local privileged = admitted or ARGV[18] == '1'
if not privileged and not opening then
  local _, lk, _, pc = controls_of(room)
  if lk then return {'locked'} end
  if pc ~= '' and ARGV[20] ~= pc then
    return {ARGV[20] == '' and 'passcode-required' or 'passcode-wrong'}
  end
end
local _, _, pinned = mode_of(room)
local cap = tonumber((pinned or ARGV[15] == '1') and ARGV[14] or ARGV[12])
if redis.call('ZCARD', rk) >= cap then return {'room-full', cap} end
if opening then
  if ARGV[19] == '1' then redis.call('HSET', ckey(room), 'lb', '1') end
  if ARGV[21] ~= '' then redis.call('HSET', ckey(room), 'pc', ARGV[21]) end
end
if not privileged and redis.call('HGET', ckey(room), 'lb') == '1' then
  if redis.call('ZCARD', lqkey(room)) >= tonumber(ARGV[24]) then
    drop_if_empty(room)
    return {'lobby-full', tonumber(ARGV[24])}
  end
  if redis.call('EXISTS', lkey(id)) == 1 then return {'unavailable', 'collision'} end
  redis.call('HSET', lkey(id), 'r', room, 'n', name, 'nd', NODE, 'c', conn, 'st', 'w')
  -- Knock order: two knocks in one millisecond must not fall back to the ids' order.
  local last = redis.call('ZRANGE', lqkey(room), -1, -1, 'WITHSCORES')
  local knock = NOW
  if last[2] and tonumber(last[2]) >= knock then knock = tonumber(last[2]) + 1 end
  redis.call('ZADD', lqkey(room), knock, id)
  redis.call('ZADD', DEADLINES, NOW + LEASE, id)
  tell_host(room, ARGV[25])
  return {'waiting'}
end
if admitted then unwait(id) end
if redis.call('EXISTS', mkey(id)) == 1 then return {'unavailable', 'collision'} end
local peers = roster(room, nil)
local last = redis.call('ZRANGE', rk, -1, -1, 'WITHSCORES')
local seq = NOW
if last[2] and tonumber(last[2]) >= seq then seq = tonumber(last[2]) + 1 end
redis.call('HSET', mkey(id), 'r', room, 'n', name, 'nd', NODE, 'c', conn, 's', 'a', 't', tok, 'q', seq, 'a', ARGV[17])
if ARGV[16] == '0' then redis.call('HSET', mkey(id), 'w', '0') end
redis.call('ZADD', rk, seq, id)
redis.call('SET', tkey(tok), id)
redis.call('ZADD', DEADLINES, NOW + LEASE, id)
for i = 1, #peers, 3 do deliver(peers[i], ARGV[13], false) end
if ARGV[18] == '1' or not redis.call('HGET', ckey(room), 'h') then set_host(room, id, id) end
if ARGV[15] == '1' then pin(room, id) end
return append(append(append({'ok', seq}, mode_fields(room)), controls_fields(room, id)), peers)
`;

/**
 * 7 room, 8 old token hash, 9 new token hash, 10 connection, 11 address bucket →
 * {'ok', id, name, seq, path, epoch, pinned, controls_fields..., #peers, peers...,
 * buffered...} | {'resume-failed'} | {'removed'} | {'meeting-ended'}. The previous
 * connection, if it still looks attached, is told it was superseded.
 */
const RESUME = `
local state = epoch_state()
if state ~= 'ok' then return {'unavailable', state} end
local room, old, new, conn = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local id = redis.call('GET', tkey(old))
if not id then return {'resume-failed'} end
if string.sub(id, 1, 1) == '!' then return {string.sub(id, 2)} end
local m = redis.call('HMGET', mkey(id), 'r', 'n', 'nd', 'c', 's', 'q')
if m[1] ~= room then return {'resume-failed'} end
if m[5] == 'a' then redis.call('PUBLISH', chan(m[3]), 's|' .. m[4] .. '|' .. NODE) end
redis.call('DEL', tkey(old))
redis.call('SET', tkey(new), id)
local buffered = take_buffer(id)
undrop(id)
redis.call('HSET', mkey(id), 'nd', NODE, 'c', conn, 's', 'a', 't', new, 'a', ARGV[11])
redis.call('ZADD', DEADLINES, NOW + LEASE, id)
local peers = roster(room, id)
local head = append(append({'ok', id, m[2], tonumber(m[6])}, mode_fields(room)), controls_fields(room, id))
return append(append(append(head, {#peers / 3}), peers), buffered)
`;

/**
 * The same connection takes its away member back (its node was briefly cut off):
 * 7 peer id, 8 connection → {'ok', #peers, peers..., buffered...} | {'gone'} | {'superseded'}.
 */
const REATTACH = `
local state = epoch_state()
if state ~= 'ok' then return {'unavailable', state} end
local id, conn = ARGV[7], ARGV[8]
local m = redis.call('HMGET', mkey(id), 'r', 'c')
if not m[1] then return {'gone'} end
if m[2] ~= conn then return {'superseded'} end
redis.call('HSET', mkey(id), 's', 'a')
redis.call('ZADD', DEADLINES, NOW + LEASE, id)
local buffered = take_buffer(id)
undrop(id)
local peers = roster(m[1], id)
return append(append({'ok', #peers / 3}, peers), buffered)
`;

/**
 * 7 from id, 8 from connection, 9 room, 10 to id, 11 signal JSON, 12 kind (o offer, a answer,
 * c candidate, n other), 13 ICE generation or '-', 14 frame bytes → {outcome, target node}.
 */
const RELAY = `
local from, conn, room, to = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local sender = redis.call('HMGET', mkey(from), 'r', 'c')
if sender[1] ~= room or sender[2] ~= conn then return {'dropped', 'stale'} end
if to == from or redis.call('HGET', mkey(to), 'r') ~= room then
  if epoch_state() == 'restoring' then return {'dropped', 'restoring'} end
  return {'unknown-peer', ''}
end
SIG = {from = from, kind = ARGV[12], gen = ARGV[13], bytes = tonumber(ARGV[14])}
local outcome, node = deliver(to, ARGV[11], true)
return {outcome, node or ''}
`;

/**
 * 7 peer id, 8 connection, 9 cause ('lost' | 'server'): an unexpected drop keeps the slot
 * for the grace period; a lost client counts against the dropped-slot caps.
 * → 0 (not this connection's) | {1, GONE...} (slots that ended: dropped-slot caps, no grace).
 */
const DETACH = `
local id, conn = ARGV[7], ARGV[8]
local m = redis.call('HMGET', mkey(id), 'c', 's')
if m[1] ~= conn or m[2] ~= 'a' then return 0 end
if GRACE == 0 then
  remove(id)
else
  mark_away(id)
  if ARGV[9] == 'lost' then note_dropped(id) end
end
return append({1}, GONE)
`;

/** 7 peer id, 8 connection: a deliberate leave ends the slot now. → 0 | {1, GONE...}. */
const LEAVE = `
local id, conn = ARGV[7], ARGV[8]
if redis.call('HGET', mkey(id), 'c') ~= conn then return 0 end
remove(id)
return append({1}, GONE)
`;

/**
 * Renews the leases of this node's members; 7 restore flag, then groups of 7: id,
 * connection, room, name, seq, token hash, address bucket. After Redis lost its data
 * (restore window) missing members are recreated as they were. → {'epoch'} | {id, problem, ...},
 * problem 'gone', 'superseded', 'away', or 'removed' / 'meeting-ended' (ended on purpose).
 */
const RENEW = `
local state = epoch_state()
if state == 'missing' or state == 'changed' then return {'epoch'} end
local restore = ARGV[7] == '1' and state == 'restoring'
local out = {}
for i = 8, #ARGV, 7 do
  local id, conn = ARGV[i], ARGV[i + 1]
  local m = redis.call('HMGET', mkey(id), 'c', 's')
  if not m[1] and restore then
    local room, name, seq, tok = ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
    redis.call('HSET', mkey(id), 'r', room, 'n', name, 'nd', NODE, 'c', conn, 's', 'a', 't', tok, 'q', seq, 'a', ARGV[i + 6])
    redis.call('ZADD', rkey(room), seq, id)
    redis.call('SET', tkey(tok), id)
    redis.call('ZADD', DEADLINES, NOW + LEASE, id)
  elseif not m[1] then
    -- Removed or ended on purpose: its token's tombstone says so. The 'e' verdict on the
    -- node's channel may still be on its way; the member hears the same reason either way.
    local t = redis.call('GET', tkey(ARGV[i + 5]))
    if t == '!removed' or t == '!meeting-ended' then
      append(out, {id, string.sub(t, 2)})
    else
      append(out, {id, 'gone'})
    end
  elseif m[1] ~= conn then
    append(out, {id, 'superseded'})
  elseif m[2] == 'w' then
    append(out, {id, 'away'})
  else
    redis.call('ZADD', DEADLINES, NOW + LEASE, id)
  end
end
return out
`;

/**
 * 7 batch limit: ends expired leases (→ away) and grace periods (→ removed, peer-left).
 * → {away, removed, GONE...}.
 */
const SWEEP = `
local due = redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[7]))
local away, removed = 0, 0
for _, id in ipairs(due) do
  local s = redis.call('HGET', mkey(id), 's')
  if not s then
    expire_waiter(id)
    redis.call('ZREM', DEADLINES, id)
  elseif s == 'a' and GRACE > 0 then
    mark_away(id)
    away = away + 1
  else
    remove(id)
    removed = removed + 1
  end
end
return append({away, removed}, GONE)
`;

/** 7.. rooms → {count, ids..., count, ids...}: who is in each room now. */
const ROSTERS = `
local out = {}
for i = 7, #ARGV do
  local ids = redis.call('ZRANGE', rkey(ARGV[i]), 0, -1)
  out[#out + 1] = #ids
  append(out, ids)
end
return out
`;

const WITH_MODES = COMMON + MODE_HELPERS;

export const LUA_SCRIPTS = {
  epoch: COMMON + EPOCH,
  join: WITH_MODES + JOIN,
  resume: WITH_MODES + RESUME,
  reattach: COMMON + REATTACH,
  relay: COMMON + RELAY,
  detach: COMMON + DETACH,
  leave: COMMON + LEAVE,
  renew: COMMON + RENEW,
  sweep: COMMON + SWEEP,
  rosters: COMMON + ROSTERS,
  'list-rooms': WITH_MODES + ADMIN_SCRIPT_BODIES['list-rooms'],
  'mode-state': WITH_MODES + MODE_SCRIPT_BODIES['mode-state'],
  'mode-change': WITH_MODES + MODE_SCRIPT_BODIES['mode-change'],
  app: WITH_MODES + MODE_SCRIPT_BODIES.app,
  'room-access': COMMON + CONTROL_SCRIPT_BODIES['room-access'],
  control: WITH_MODES + CONTROL_SCRIPT_BODIES.control,
  'admin-remove': COMMON + CONTROL_SCRIPT_BODIES['admin-remove'],
  'admin-end': COMMON + CONTROL_SCRIPT_BODIES['admin-end'],
  'cancel-wait': COMMON + CONTROL_SCRIPT_BODIES['cancel-wait'],
  'renew-waiting': COMMON + CONTROL_SCRIPT_BODIES['renew-waiting'],
  'passcode-tries': COMMON + CONTROL_SCRIPT_BODIES['passcode-tries'],
} as const;

export type ScriptName = keyof typeof LUA_SCRIPTS;
