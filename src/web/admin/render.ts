import type { AdminMember, AdminRoom } from '../../protocol/admin-api.js';
import type { ConnectionReport } from '../../protocol/telemetry.js';

/** What the admin can do from a room card. */
export interface AdminActions {
  readonly endRoom: (room: string) => void;
  readonly removeMember: (room: string, member: AdminMember) => void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  // Text nodes only: member names come from anyone and must never become markup.
  element.append(...children);
  return element;
}

/** One connection's latest report in a line: pair, protocol, RTT, loss, fps, freezes. */
export function describeConnection(report: ConnectionReport): string {
  const pair =
    report.localType === null || report.remoteType === null
      ? 'no pair yet'
      : `${report.localType} ↔ ${report.remoteType}`;
  const parts = [`${report.path}: ${pair}`];
  if (report.protocol !== null) parts.push(report.protocol);
  if (report.rttMs !== null) parts.push(`RTT ${String(Math.round(report.rttMs))} ms`);
  if (report.lossRatio !== null) parts.push(`loss ${(report.lossRatio * 100).toFixed(1)} %`);
  if (report.fps !== null) parts.push(`${String(Math.round(report.fps))} fps`);
  if (report.freezeSeconds > 0) parts.push(`frozen ${report.freezeSeconds.toFixed(1)} s`);
  if (report.iceFailure !== undefined) parts.push(`failed: ${report.iceFailure}`);
  return parts.join(' · ');
}

function qualityCell(member: AdminMember): HTMLTableCellElement {
  const cell = el('td', { class: 'quality' });
  if (member.quality === null) {
    cell.append(member.node === '' ? '—' : 'no report yet');
    return cell;
  }
  const list = el('ul');
  for (const report of member.quality.connections)
    list.append(el('li', {}, describeConnection(report)));
  if (member.quality.connections.length === 0) list.append(el('li', {}, 'no connections'));
  cell.append(list);
  return cell;
}

function memberRow(room: AdminRoom, member: AdminMember, actions: AdminActions): Node {
  const remove = el(
    'button',
    { type: 'button', class: 'danger', 'aria-label': `Remove ${member.name}` },
    'Remove',
  );
  remove.addEventListener('click', () => {
    actions.removeMember(room.room, member);
  });
  const row = el(
    'tr',
    { 'data-member': member.id, ...(member.attached ? {} : { class: 'away' }) },
    el('td', {}, member.name),
    el('td', {}, el('code', {}, member.id)),
    el('td', {}, member.attached ? 'connected' : 'reconnecting'),
    qualityCell(member),
    el('td', {}, remove),
  );
  return row;
}

/** A room card: its name, mode, members with their call quality, and the actions. */
export function roomCard(room: AdminRoom, actions: AdminActions): HTMLElement {
  const end = el(
    'button',
    { type: 'button', class: 'danger', 'aria-label': `End room ${room.room}` },
    'End room',
  );
  end.addEventListener('click', () => {
    actions.endRoom(room.room);
  });
  const head = el(
    'tr',
    {},
    ...['Name', 'Id', 'State', 'Call quality (per connection)', ''].map((text) =>
      el('th', { scope: 'col' }, text),
    ),
  );
  const body = el('tbody');
  for (const member of room.members) body.append(memberRow(room, member, actions));
  const members = String(room.members.length);
  return el(
    'article',
    { class: 'room', 'data-room': room.room, 'aria-label': `Room ${room.room}` },
    el(
      'header',
      {},
      el('h3', {}, room.room),
      el('span', { class: 'mode', 'data-mode': room.path }, room.path),
      el('span', {}, `${members} ${room.members.length === 1 ? 'member' : 'members'}`),
      end,
    ),
    el('table', {}, el('thead', {}, head), body),
  );
}
