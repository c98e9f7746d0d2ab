import { SELF, type MeetingContext } from '../../feature.js';
import type { MenuItem } from '../../more-menu.js';

export interface HostMenu {
  /** Shows the host's entries only to the host, labelled for the room's current state. */
  render(): void;
}

/**
 * The host's entries of the "more" menu: lock, lobby, passcode, end for all (orders 40–49,
 * between the recording and the devices entries).
 */
export function hostMenu(context: MeetingContext, openPasscode: () => void): HostMenu {
  const { call, controls, roles } = context;
  const room = call.room;
  const lock = controls.menu.add({
    id: 'lock',
    icon: 'lock',
    label: 'host.lock',
    order: 40,
    onSelect: () => {
      room.setLocked(!room.controls.locked);
    },
  });
  const lobby = controls.menu.add({
    id: 'lobby',
    icon: 'people',
    label: 'host.lobbyOn',
    order: 41,
    onSelect: () => {
      room.setLobby(!room.controls.lobby);
    },
  });
  const passcode = controls.menu.add({
    id: 'passcode',
    icon: 'lock',
    label: 'host.passcodeSet',
    order: 42,
    onSelect: openPasscode,
  });
  const end = controls.menu.add({
    id: 'end-for-all',
    icon: 'leave',
    label: 'host.endForAll',
    order: 49,
    onSelect: () => {
      room.endForAll();
    },
  });
  const items: readonly MenuItem[] = [lock, lobby, passcode, end];
  return {
    render: () => {
      const amHost = roles.isHost(SELF);
      for (const item of items) item.setHidden(!amHost);
      const { locked, lobby: lobbyOn, passcode: hasPasscode } = room.controls;
      lock.setLabel(locked ? 'host.unlock' : 'host.lock');
      lock.setChecked(locked);
      lobby.setLabel(lobbyOn ? 'host.lobbyOff' : 'host.lobbyOn');
      lobby.setChecked(lobbyOn);
      passcode.setLabel(hasPasscode ? 'host.passcodeChange' : 'host.passcodeSet');
    },
  };
}
