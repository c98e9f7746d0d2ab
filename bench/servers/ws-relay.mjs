// The floor: the least a WebSocket signaling relay can do on bare `ws`. Clients pick their
// id (`?id=`); a signal is parsed, stamped with the sender's id and re-serialised, with no
// validation and no limits. Rooms are a Map of Sets, just enough for the join storm.
// Usage: node ws-relay.mjs <port>. Plain JavaScript so it runs without a TypeScript loader,
// like every other server under test.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const clients = new Map();
const rooms = new Map();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'http://relay').searchParams.get('id') ?? '';
  clients.set(id, socket);
  let room = null;
  socket.on('message', (raw) => {
    let message;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (message.type === 'signal') {
      clients
        .get(message.to)
        ?.send(JSON.stringify({ type: 'signal', from: id, data: message.data }));
    } else if (message.type === 'join' && room === null) {
      room = rooms.get(message.room) ?? new Set();
      rooms.set(message.room, room);
      socket.send(JSON.stringify({ type: 'welcome', peers: [...room] }));
      const joined = JSON.stringify({ type: 'peer-joined', id });
      for (const other of room) clients.get(other)?.send(joined);
      room.add(id);
    }
  });
  socket.on('close', () => {
    if (clients.get(id) === socket) clients.delete(id);
    room?.delete(id);
  });
});

process.on('SIGTERM', () => process.exit(0));
