import type { MessageKey } from '../i18n/i18n.js';
import type { DeviceKind, LocalMedia } from '../media/local-media.js';
import { h } from '../ui/dom.js';
import { localize, t } from '../ui/localize.js';

const LABEL: Readonly<Record<DeviceKind, MessageKey>> = {
  camera: 'prejoin.camera',
  microphone: 'prejoin.microphone',
  speaker: 'prejoin.speaker',
};

/** Browsers that can route audio to a chosen output (Chromium; not Safari or Firefox by default). */
export const canPickSpeaker =
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Camera, microphone and speaker menus, kept in step with plugged and unplugged devices. */
export class DevicePickers {
  readonly element: HTMLDivElement;
  readonly #media: LocalMedia;
  readonly #selects = new Map<DeviceKind, HTMLSelectElement>();
  readonly #onDeviceChange = () => void this.refresh();

  constructor(media: LocalMedia) {
    this.#media = media;
    const kinds: DeviceKind[] = canPickSpeaker
      ? ['camera', 'microphone', 'speaker']
      : ['camera', 'microphone'];
    this.element = h('div', { class: 'device-pickers' }, ...kinds.map((kind) => this.#field(kind)));
    navigator.mediaDevices.addEventListener('devicechange', this.#onDeviceChange);
  }

  /** Re-reads the device lists (labels appear once permission is granted). */
  async refresh(): Promise<void> {
    for (const [kind, select] of this.#selects) {
      const devices = await this.#media.devices(kind);
      const current = this.#currentId(kind);
      const options = devices.map((device, index) =>
        h(
          'option',
          { attrs: { value: device.deviceId } },
          device.label === '' ? `${t(LABEL[kind])} ${String(index + 1)}` : device.label,
        ),
      );
      if (options.length === 0) {
        const none = localize(h('option', { attrs: { value: '' } }), 'prejoin.deviceNone');
        select.replaceChildren(none);
        select.disabled = true;
        continue;
      }
      select.replaceChildren(...options);
      select.disabled = false;
      if (current !== null && devices.some((device) => device.deviceId === current))
        select.value = current;
    }
  }

  dispose(): void {
    navigator.mediaDevices.removeEventListener('devicechange', this.#onDeviceChange);
  }

  #field(kind: DeviceKind): HTMLElement {
    const id = `device-${kind}`;
    const select = h('select', { attrs: { id } });
    select.append(localize(h('option', { attrs: { value: '' } }), 'prejoin.deviceDefault'));
    select.addEventListener('change', () => {
      if (select.value !== '') void this.#media.select(kind, select.value);
    });
    this.#selects.set(kind, select);
    return h(
      'div',
      { class: 'field device-field' },
      h('label', { attrs: { for: id }, t: LABEL[kind] }),
      select,
    );
  }

  /** The device in use (from its track settings), else the one chosen before. */
  #currentId(kind: DeviceKind): string | null {
    const track =
      kind === 'camera'
        ? this.#media.camera
        : kind === 'microphone'
          ? this.#media.microphone
          : null;
    return track?.getSettings().deviceId ?? this.#media.selected(kind);
  }
}
