// The admin page (/admin): live rooms, their members and call quality, and two actions
// (remove a member, end a room), over the admin API with the token the admin types in.
// The token stays in this tab (sessionStorage) and goes only into an Authorization header.
import { adminPaths, type AdminRoomsResponse } from '../../protocol/admin-api.js';
import { roomCard, type AdminActions } from './render.js';

const TOKEN_KEY = 'confab.admin-token';
const REFRESH_MS = 3000;

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`admin.html has no #${id}`);
  return element;
}

const form = byId('sign-in', HTMLFormElement);
const tokenInput = byId('token', HTMLInputElement);
const status = byId('status', HTMLParagraphElement);
const section = byId('rooms', HTMLElement);
const summary = byId('summary', HTMLParagraphElement);
const list = byId('room-list', HTMLDivElement);
const signOut = byId('sign-out', HTMLButtonElement);

let token = sessionStorage.getItem(TOKEN_KEY);
let timer: ReturnType<typeof setTimeout> | null = null;

function say(text: string, tone: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.dataset['tone'] = tone;
}

async function api(path: string, method: 'GET' | 'POST'): Promise<Response> {
  return fetch(path, {
    method,
    headers: { authorization: `Bearer ${token ?? ''}` },
    cache: 'no-store',
  });
}

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `HTTP ${String(response.status)}`;
}

function setSignedIn(signedIn: boolean): void {
  document.body.dataset['state'] = signedIn ? 'signed-in' : 'signed-out';
  section.hidden = !signedIn;
}

async function refresh(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (token === null) return;
  const response = await api(adminPaths.rooms, 'GET').catch(() => null);
  if (response === null) {
    say('The server did not answer; retrying.', 'error');
  } else if (response.status === 401 || response.status === 429) {
    forget();
    say(`Not signed in: ${await errorText(response)}`, 'error');
    return;
  } else if (!response.ok) {
    say(`Could not list rooms: ${await errorText(response)}`, 'error');
  } else {
    show((await response.json()) as AdminRoomsResponse);
  }
  timer = setTimeout(() => void refresh(), REFRESH_MS);
}

function show(data: AdminRoomsResponse): void {
  setSignedIn(true);
  const members = data.rooms.reduce((sum, room) => sum + room.members.length, 0);
  summary.textContent = `${String(data.rooms.length)} rooms, ${String(members)} members (node ${data.node}; call quality of members on this node)`;
  list.replaceChildren(...data.rooms.map((room) => roomCard(room, actions)));
  if (data.rooms.length === 0) list.append('No live rooms.');
  say(`Updated ${new Date().toLocaleTimeString()}`);
}

async function act(path: string, done: string): Promise<void> {
  const response = await api(path, 'POST').catch(() => null);
  if (response?.ok === true) say(done);
  else say(response === null ? 'The server did not answer.' : await errorText(response), 'error');
  await refresh();
}

const actions: AdminActions = {
  endRoom: (room) => {
    void act(adminPaths.endRoom(room), `Ended room ${room}.`);
  },
  removeMember: (room, member) => {
    void act(adminPaths.removeMember(room, member.id), `Removed ${member.name} from ${room}.`);
  },
};

function forget(): void {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (timer !== null) clearTimeout(timer);
  timer = null;
  setSignedIn(false);
  list.replaceChildren();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  token = tokenInput.value.trim();
  tokenInput.value = '';
  sessionStorage.setItem(TOKEN_KEY, token);
  say('Signing in…');
  void refresh();
});
signOut.addEventListener('click', () => {
  forget();
  say('Token forgotten.');
});
if (token !== null) void refresh();
