import { preferences } from '../../../preferences.js';
import type { MeetingFeature } from '../../feature.js';

/**
 * Data saver, a per-person setting remembered between meetings: audio as always, and low
 * video both ways (the others send us small pictures, we send small ones). For metered
 * or slow connections.
 */
export const dataSaverFeature: MeetingFeature = {
  id: 'data-saver',
  mount({ call, controls, notify }) {
    let on = preferences.get('dataSaver') === 'on';
    const item = controls.menu.add({
      id: 'data-saver',
      icon: 'dataSaver',
      label: on ? 'dataSaver.off' : 'dataSaver.on',
      order: 30,
      onSelect: () => {
        on = !on;
        preferences.set('dataSaver', on ? 'on' : 'off');
        apply();
        notify(on ? 'dataSaver.enabled' : 'dataSaver.disabled');
      },
    });
    const apply = (): void => {
      call.setDataSaver(on);
      item.setLabel(on ? 'dataSaver.off' : 'dataSaver.on');
    };
    if (on) apply();
    return { dispose: () => undefined };
  },
};
