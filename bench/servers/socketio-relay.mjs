// A minimal socket.io relay: what a typical "signaling with socket.io" server does. Clients
// pick their id (handshake query `id`), `signal {to, data}` is emitted to the target as
// `signal {from, data}`; `join` uses socket.io's own rooms and acknowledges the member list.
// Usage: node socketio-relay.mjs <port>. Plain JavaScript, like every server under test.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
const byId = new Map();

io.on('connection', (socket) => {
  const id = String(socket.handshake.query.id ?? socket.id);
  byId.set(id, socket);
  socket.data.id = id;
  socket.on('signal', (message) => {
    byId.get(message?.to)?.emit('signal', { from: id, data: message.data });
  });
  socket.on('join', (room, ack) => {
    const sids = io.sockets.adapter.rooms.get(room) ?? new Set();
    const peers = [...sids].map((sid) => io.sockets.sockets.get(sid)?.data.id);
    socket.to(room).emit('peer-joined', id);
    void socket.join(room);
    if (typeof ack === 'function') ack(peers);
  });
  socket.on('disconnect', () => {
    if (byId.get(id) === socket) byId.delete(id);
  });
});

http.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
