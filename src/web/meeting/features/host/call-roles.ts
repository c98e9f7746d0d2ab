import type { CallRoom } from '../../../../client/index.js';
import { TypedEmitter } from '../../../../client/emitter.js';
import { SELF, type Roles } from '../../feature.js';

/** The meeting's roles as the server names them (`Call.room`): one host at a time. */
export class CallRoles extends TypedEmitter<{ change: [] }> implements Roles {
  constructor(private readonly room: CallRoom) {
    super();
    room.on('change', () => {
      this.emit('change');
    });
  }

  isHost(id: string): boolean {
    return id === SELF ? this.room.amHost : this.room.isHost(id);
  }
}
